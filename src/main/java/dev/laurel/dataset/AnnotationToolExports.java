package dev.laurel.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.categorical.CategoricalAnswer;
import dev.laurel.campaign.kind.correction.CorrectionAnswer;
import dev.laurel.campaign.kind.pairwise.PairwiseDataset;
import dev.laurel.campaign.kind.ranking.RankingDataset;
import dev.laurel.campaign.kind.rubric.RubricAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * A snapshot's answers as files that annotation tools import, for round trips: a Label Studio task list
 * ({@link DatasetFormat#LABELSTUDIO_JSON}: one task per item with {@code data} and one annotation per answer whose
 * {@code result} holds Label Studio's documented values: {@code pairwise} {selected: left|right}, {@code ranker}
 * {ranker: [item ids best first]}, {@code rating} {rating}, {@code choices} {choices: [...]}, {@code textarea}
 * {text: [...]}) and Argilla records ({@link DatasetFormat#ARGILLA_JSON}: {@code fields}, {@code metadata} and
 * {@code responses} by question, each {value, user_id}). One item is a (prompt, pair) for pairwise votes, a
 * (prompt, shown replies) for rankings and a (prompt, reply) otherwise. Labelers stay pseudonymous: Label Studio's
 * tasks list them in {@code meta.labelers} (annotation order), Argilla's user ids are name-based UUIDs of the
 * pseudonyms. Both files are one JSON array, written chunk by chunk like the other files. Pure.
 */
public final class AnnotationToolExports {
    private static final JsonFactory JSON = new JsonFactory();

    private final DatasetFormat format;
    private final OutputStream out;
    private final JsonGenerator json;
    /** A rubric campaign's dimensions in its order; none for other kinds. */
    private final List<String> columns;
    private long items;

    public AnnotationToolExports(DatasetFormat format, OutputStream out, List<String> columns) {
        if (!format.isAnnotationTool()) {
            throw new IllegalArgumentException(format + " is not an annotation tool file");
        }
        this.format = format;
        this.out = out;
        this.columns = List.copyOf(columns);
        try {
            this.json = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            out.write('[');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tasks (Label Studio) or records (Argilla) written so far. */
    public long items() {
        return items;
    }

    public void finish() {
        try {
            json.flush();
            out.write("]\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chunk of a snapshot's answers in file order: one item per (prompt, shown replies) run. */
    public void write(TaskKind kind, List<Answered> answers) {
        for (List<Answered> item : runs(answers, (x, y) -> x.promptKey() == y.promptKey()
                && candidates(x).equals(candidates(y)))) {
            switch (kind) {
                case PAIRWISE -> writeVotes(item);
                case RANKING -> writeRankings(item);
                case RUBRIC -> writeRatings(item);
                case CATEGORICAL -> writeLabels(item);
                case CORRECTION -> writeCorrections(item);
            }
        }
    }

    private static List<Long> candidates(Answered answer) {
        return answer.byCandidate().stream().map(Answered.Reply::candidateId).toList();
    }

    /** Pairwise votes on one (prompt, pair): the replies side-free, A the candidate with the smaller id. */
    private void writeVotes(List<Answered> item) {
        Answered first = item.get(0);
        Answered.Reply a = first.byCandidate().get(0);
        Answered.Reply b = first.byCandidate().get(1);
        item(() -> {
            if (format.equals(DatasetFormat.LABELSTUDIO_JSON)) {
                json.writeObjectFieldStart("data");
                json.writeStringField("prompt_id", first.promptId());
                json.writeStringField("prompt", first.prompt());
                json.writeStringField("text1", a.text());
                json.writeStringField("text2", b.text());
                json.writeStringField("model_a", a.model());
                json.writeStringField("model_b", b.model());
                json.writeEndObject();
                annotations(item, i -> {
                    String winner = PairwiseDataset.winner(item.get(i));
                    if (winner.equals("model_a") || winner.equals("model_b")) {
                        resultStart("pw", "pw", TaskKind.PAIRWISE.spec().labelStudioControl());
                        json.writeStringField("selected", winner.equals("model_a") ? "left" : "right");
                    } else {
                        resultStart("outcome", "prompt", "choices");
                        json.writeArrayFieldStart("choices");
                        json.writeString(winner);
                        json.writeEndArray();
                    }
                    resultEnd();
                });
            } else {
                json.writeObjectFieldStart("fields");
                json.writeStringField("prompt", first.prompt());
                json.writeStringField("response_a", a.text());
                json.writeStringField("response_b", b.text());
                json.writeEndObject();
                json.writeObjectFieldStart("metadata");
                json.writeStringField("prompt_id", first.promptId());
                json.writeStringField("model_a", a.model());
                json.writeStringField("model_b", b.model());
                json.writeEndObject();
                json.writeObjectFieldStart("responses");
                json.writeArrayFieldStart("winner");
                for (Answered vote : item) {
                    json.writeStartObject();
                    json.writeStringField("value", PairwiseDataset.winner(vote));
                    json.writeStringField("user_id", userId(vote.labeler()));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
    }

    /** Rankings of one (prompt, shown replies). */
    private void writeRankings(List<Answered> item) {
        Answered first = item.get(0);
        List<Answered.Reply> shown = first.byCandidate();
        item(() -> {
            if (format.equals(DatasetFormat.LABELSTUDIO_JSON)) {
                json.writeObjectFieldStart("data");
                promptData(first);
                json.writeArrayFieldStart("items");
                for (Answered.Reply reply : shown) {
                    json.writeStartObject();
                    json.writeStringField("id", reply.model());
                    json.writeStringField("title", reply.model());
                    json.writeStringField("body", reply.text());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                annotations(item, i -> {
                    resultStart("rank", "replies", TaskKind.RANKING.spec().labelStudioControl());
                    json.writeArrayFieldStart("ranker");
                    for (Answered.Reply reply : RankingDataset.ranked(item.get(i))) {
                        json.writeString(reply.model());
                    }
                    json.writeEndArray();
                    resultEnd();
                });
            } else {
                json.writeObjectFieldStart("fields");
                json.writeStringField("prompt", first.prompt());
                for (int i = 0; i < shown.size(); i++) {
                    json.writeStringField("response_" + (i + 1), shown.get(i).text());
                }
                json.writeEndObject();
                json.writeObjectFieldStart("metadata");
                json.writeStringField("prompt_id", first.promptId());
                for (int i = 0; i < shown.size(); i++) {
                    json.writeStringField("model_" + (i + 1), shown.get(i).model());
                }
                json.writeEndObject();
                json.writeObjectFieldStart("responses");
                json.writeArrayFieldStart("ranking");
                for (Answered ranking : item) {
                    json.writeStartObject();
                    json.writeArrayFieldStart("value");
                    for (Answered.Reply reply : RankingDataset.ranked(ranking)) {
                        int position = 0;
                        while (!shown.get(position).model().equals(reply.model())) {
                            position++;
                        }
                        json.writeString("response_" + (position + 1));
                    }
                    json.writeEndArray();
                    json.writeStringField("user_id", userId(ranking.labeler()));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
    }

    /** Rubric answers about one (prompt, reply): a rating per dimension. */
    private void writeRatings(List<Answered> item) {
        Answered first = item.get(0);
        replyItem(item, first.reply(((RubricAnswer) first.answer()).generationId()), i -> {
            Map<String, Integer> ratings = ((RubricAnswer) item.get(i).answer()).ratings();
            for (String dimension : columns) {
                Integer value = ratings.get(dimension);
                if (value == null) {
                    continue;
                }
                resultStart(dimension, "response", TaskKind.RUBRIC.spec().labelStudioControl());
                json.writeNumberField("rating", value);
                resultEnd();
            }
        }, () -> {
            for (String dimension : columns) {
                json.writeArrayFieldStart(dimension);
                for (Answered rating : item) {
                    Integer value = ((RubricAnswer) rating.answer()).ratings().get(dimension);
                    if (value != null) {
                        json.writeStartObject();
                        json.writeNumberField("value", value);
                        json.writeStringField("user_id", userId(rating.labeler()));
                        json.writeEndObject();
                    }
                }
                json.writeEndArray();
            }
        });
    }

    /** Categorical answers about one (prompt, reply or the prompt alone). */
    private void writeLabels(List<Answered> item) {
        Long generation = ((CategoricalAnswer) item.get(0).answer()).generationId();
        Answered.Reply reply = generation == null ? null : item.get(0).reply(generation);
        replyItem(item, reply, i -> {
            resultStart("labels", reply == null ? "prompt" : "response",
                    TaskKind.CATEGORICAL.spec().labelStudioControl());
            json.writeArrayFieldStart("choices");
            for (String label : ((CategoricalAnswer) item.get(i).answer()).labels()) {
                json.writeString(label);
            }
            json.writeEndArray();
            resultEnd();
        }, () -> {
            json.writeArrayFieldStart("labels");
            for (Answered labeling : item) {
                json.writeStartObject();
                json.writeArrayFieldStart("value");
                for (String label : ((CategoricalAnswer) labeling.answer()).labels()) {
                    json.writeString(label);
                }
                json.writeEndArray();
                json.writeStringField("user_id", userId(labeling.labeler()));
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    /** Corrections of one (prompt, reply): the corrected text per answer. */
    private void writeCorrections(List<Answered> item) {
        Answered first = item.get(0);
        replyItem(item, first.reply(((CorrectionAnswer) first.answer()).generationId()), i -> {
            resultStart("corrected", "response", TaskKind.CORRECTION.spec().labelStudioControl());
            json.writeArrayFieldStart("text");
            json.writeString(((CorrectionAnswer) item.get(i).answer()).text());
            json.writeEndArray();
            resultEnd();
        }, () -> {
            json.writeArrayFieldStart("corrected");
            for (Answered correction : item) {
                json.writeStartObject();
                json.writeStringField("value", ((CorrectionAnswer) correction.answer()).text());
                json.writeStringField("user_id", userId(correction.labeler()));
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private interface Part {
        void write() throws IOException;
    }

    private interface Result {
        void write(int answer) throws IOException;
    }

    /** An item about one reply (or the prompt alone, when {@code reply} is null), answered by {@code votes}. */
    private void replyItem(List<Answered> votes, Answered.Reply reply, Result result, Part responses) {
        Answered first = votes.get(0);
        item(() -> {
            if (format.equals(DatasetFormat.LABELSTUDIO_JSON)) {
                json.writeObjectFieldStart("data");
                promptData(first);
                if (reply != null) {
                    json.writeStringField("model", reply.model());
                    json.writeStringField("response", reply.text());
                }
                json.writeEndObject();
                annotations(votes, result);
            } else {
                json.writeObjectFieldStart("fields");
                json.writeStringField("prompt", first.prompt());
                if (reply != null) {
                    json.writeStringField("response", reply.text());
                }
                json.writeEndObject();
                json.writeObjectFieldStart("metadata");
                json.writeStringField("prompt_id", first.promptId());
                if (reply != null) {
                    json.writeStringField("model", reply.model());
                }
                json.writeEndObject();
                json.writeObjectFieldStart("responses");
                responses.write();
                json.writeEndObject();
            }
        });
    }

    /** Label Studio's annotations of an item, one per answer, each with the results {@code result} writes; then meta. */
    private void annotations(List<Answered> answers, Result result) throws IOException {
        json.writeArrayFieldStart("annotations");
        for (int i = 0; i < answers.size(); i++) {
            annotationStart(answers.get(i).createdAt().toString());
            result.write(i);
            annotationEnd();
        }
        json.writeEndArray();
        labelStudioMeta(answers);
    }

    private void item(Part part) {
        try {
            json.flush();
            if (items > 0) {
                out.write(',');
            }
            out.write('\n');
            json.writeStartObject();
            part.write();
            json.writeEndObject();
            json.flush();
            items++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void promptData(Answered vote) throws IOException {
        json.writeStringField("prompt_id", vote.promptId());
        json.writeStringField("prompt", vote.prompt());
    }

    private void annotationStart(String createdAt) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("result");
        resultNumber = 0;
        annotationCreatedAt = createdAt;
    }

    private void annotationEnd() throws IOException {
        json.writeEndArray();
        json.writeBooleanField("was_cancelled", false);
        json.writeBooleanField("ground_truth", false);
        json.writeStringField("created_at", annotationCreatedAt);
        json.writeEndObject();
    }

    private int resultNumber;
    private String annotationCreatedAt;

    /** Opens a result and its value object; {@link #resultEnd} closes both. */
    private void resultStart(String from, String to, String type) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", "r" + items + "_" + resultNumber++);
        json.writeStringField("from_name", from);
        json.writeStringField("to_name", to);
        json.writeStringField("type", type);
        json.writeStringField("origin", "manual");
        json.writeObjectFieldStart("value");
    }

    private void resultEnd() throws IOException {
        json.writeEndObject();
        json.writeEndObject();
    }

    private void labelStudioMeta(List<Answered> answers) throws IOException {
        json.writeObjectFieldStart("meta");
        json.writeStringField("source", "laurel");
        json.writeArrayFieldStart("labelers");
        for (Answered answer : answers) {
            json.writeString(answer.labeler());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("reliabilities");
        for (Answered answer : answers) {
            json.writeNumber(answer.reliability());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Argilla's user id for a pseudonym: a name-based UUID, the same for the same labeler, meaningless without the secret. */
    static String userId(String pseudonym) {
        return UUID.nameUUIDFromBytes(pseudonym.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Consecutive runs of rows the predicate says belong together. */
    private static <T> List<List<T>> runs(List<T> rows, BiPredicate<T, T> together) {
        List<List<T>> runs = new ArrayList<>();
        for (T row : rows) {
            List<T> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && together.test(last.get(0), row)) {
                last.add(row);
            } else {
                List<T> run = new ArrayList<>();
                run.add(row);
                runs.add(run);
            }
        }
        return runs;
    }
}
