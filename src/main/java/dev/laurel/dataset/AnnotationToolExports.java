package dev.laurel.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
    /** Dimensions (rubric) or labels (categorical) in the campaign's order. */
    private final List<String> columns;
    private long items;

    public AnnotationToolExports(DatasetFormat format, OutputStream out, List<String> columns) {
        if (format != DatasetFormat.LABELSTUDIO_JSON && format != DatasetFormat.ARGILLA_JSON) {
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

    /** Pairwise votes ordered by prompt, pair, vote: one item per (prompt, pair). */
    public void writeVotes(List<DatasetWriter.Row> rows) {
        for (List<DatasetWriter.Row> item : runs(rows, (x, y) -> x.promptKey() == y.promptKey()
                && x.candidateA() == y.candidateA() && x.candidateB() == y.candidateB())) {
            DatasetWriter.Row first = item.get(0);
            item(() -> {
                if (format == DatasetFormat.LABELSTUDIO_JSON) {
                    json.writeObjectFieldStart("data");
                    json.writeStringField("prompt_id", first.promptId());
                    json.writeStringField("prompt", first.prompt());
                    json.writeStringField("text1", first.responseA());
                    json.writeStringField("text2", first.responseB());
                    json.writeStringField("model_a", first.modelA());
                    json.writeStringField("model_b", first.modelB());
                    json.writeEndObject();
                    json.writeArrayFieldStart("annotations");
                    for (DatasetWriter.Row vote : item) {
                        annotationStart(vote.createdAt().toString());
                        if (vote.winner() == DatasetWriter.Winner.MODEL_A || vote.winner() == DatasetWriter.Winner.MODEL_B) {
                            resultStart("pw", "pw", "pairwise");
                            json.writeStringField("selected", vote.winner() == DatasetWriter.Winner.MODEL_A ? "left" : "right");
                        } else {
                            resultStart("outcome", "prompt", "choices");
                            json.writeArrayFieldStart("choices");
                            json.writeString(vote.winner().label);
                            json.writeEndArray();
                        }
                        resultEnd();
                        annotationEnd();
                    }
                    json.writeEndArray();
                    labelStudioMeta(item.stream().map(DatasetWriter.Row::labeler).toList(),
                            item.stream().map(DatasetWriter.Row::reliability).toList());
                } else {
                    json.writeObjectFieldStart("fields");
                    json.writeStringField("prompt", first.prompt());
                    json.writeStringField("response_a", first.responseA());
                    json.writeStringField("response_b", first.responseB());
                    json.writeEndObject();
                    json.writeObjectFieldStart("metadata");
                    json.writeStringField("prompt_id", first.promptId());
                    json.writeStringField("model_a", first.modelA());
                    json.writeStringField("model_b", first.modelB());
                    json.writeEndObject();
                    json.writeObjectFieldStart("responses");
                    json.writeArrayFieldStart("winner");
                    for (DatasetWriter.Row vote : item) {
                        json.writeStartObject();
                        json.writeStringField("value", vote.winner().label);
                        json.writeStringField("user_id", userId(vote.labeler()));
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
            });
        }
    }

    /** Rankings ordered by prompt, acceptance: one item per (prompt, shown replies) run. */
    public void writeRankings(List<AnswerExports.Ranking> rankings) {
        for (List<AnswerExports.Ranking> item : runs(rankings, (x, y) -> x.vote().promptKey() == y.vote().promptKey()
                && x.shown().equals(y.shown()))) {
            AnswerExports.Ranking first = item.get(0);
            item(() -> {
                if (format == DatasetFormat.LABELSTUDIO_JSON) {
                    json.writeObjectFieldStart("data");
                    promptData(first.vote());
                    json.writeArrayFieldStart("items");
                    for (AnswerExports.Reply reply : first.shown()) {
                        json.writeStartObject();
                        json.writeStringField("id", reply.model());
                        json.writeStringField("title", reply.model());
                        json.writeStringField("body", reply.text());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                    json.writeArrayFieldStart("annotations");
                    for (AnswerExports.Ranking ranking : item) {
                        annotationStart(ranking.vote().createdAt().toString());
                        resultStart("rank", "replies", "ranker");
                        json.writeArrayFieldStart("ranker");
                        for (String model : rankedModels(ranking)) {
                            json.writeString(model);
                        }
                        json.writeEndArray();
                        resultEnd();
                        annotationEnd();
                    }
                    json.writeEndArray();
                    labelStudioMeta(item.stream().map(r -> r.vote().labeler()).toList(),
                            item.stream().map(r -> r.vote().reliability()).toList());
                } else {
                    json.writeObjectFieldStart("fields");
                    json.writeStringField("prompt", first.vote().prompt());
                    for (int i = 0; i < first.shown().size(); i++) {
                        json.writeStringField("response_" + (i + 1), first.shown().get(i).text());
                    }
                    json.writeEndObject();
                    json.writeObjectFieldStart("metadata");
                    json.writeStringField("prompt_id", first.vote().promptId());
                    for (int i = 0; i < first.shown().size(); i++) {
                        json.writeStringField("model_" + (i + 1), first.shown().get(i).model());
                    }
                    json.writeEndObject();
                    json.writeObjectFieldStart("responses");
                    json.writeArrayFieldStart("ranking");
                    for (AnswerExports.Ranking ranking : item) {
                        json.writeStartObject();
                        json.writeArrayFieldStart("value");
                        for (String model : rankedModels(ranking)) {
                            int position = 0;
                            while (!first.shown().get(position).model().equals(model)) {
                                position++;
                            }
                            json.writeString("response_" + (position + 1));
                        }
                        json.writeEndArray();
                        json.writeStringField("user_id", userId(ranking.vote().labeler()));
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
            });
        }
    }

    /** Rubric answers ordered by prompt, reply, acceptance: one item per (prompt, reply), a rating per dimension. */
    public void writeRatings(List<AnswerExports.Rating> ratings) {
        for (List<AnswerExports.Rating> item : runs(ratings, (x, y) -> x.vote().promptKey() == y.vote().promptKey()
                && x.reply().candidateId() == y.reply().candidateId())) {
            replyItem(item.get(0).vote(), item.get(0).reply(), item.stream().map(AnswerExports.Rating::vote).toList(), i -> {
                AnswerExports.Rating rating = item.get(i);
                for (String dimension : columns) {
                    Integer value = rating.ratings().get(dimension);
                    if (value == null) {
                        continue;
                    }
                    resultStart(dimension, "response", "rating");
                    json.writeNumberField("rating", value);
                    resultEnd();
                }
            }, () -> {
                for (String dimension : columns) {
                    json.writeArrayFieldStart(dimension);
                    for (AnswerExports.Rating rating : item.stream().filter(r -> r.ratings().get(dimension) != null).toList()) {
                        json.writeStartObject();
                        json.writeNumberField("value", rating.ratings().get(dimension));
                        json.writeStringField("user_id", userId(rating.vote().labeler()));
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
            });
        }
    }

    /** Categorical answers ordered by prompt, item, acceptance: one item per (prompt, reply or the prompt alone). */
    public void writeLabels(List<AnswerExports.Labeling> labelings) {
        for (List<AnswerExports.Labeling> item : runs(labelings, (x, y) -> x.vote().promptKey() == y.vote().promptKey()
                && Objects.equals(x.reply() == null ? null : x.reply().candidateId(),
                y.reply() == null ? null : y.reply().candidateId()))) {
            AnswerExports.Labeling first = item.get(0);
            replyItem(first.vote(), first.reply(), item.stream().map(AnswerExports.Labeling::vote).toList(), i -> {
                resultStart("labels", first.reply() == null ? "prompt" : "response", "choices");
                json.writeArrayFieldStart("choices");
                for (String label : item.get(i).labels()) {
                    json.writeString(label);
                }
                json.writeEndArray();
                resultEnd();
            }, () -> {
                json.writeArrayFieldStart("labels");
                for (AnswerExports.Labeling labeling : item) {
                    json.writeStartObject();
                    json.writeArrayFieldStart("value");
                    for (String label : labeling.labels()) {
                        json.writeString(label);
                    }
                    json.writeEndArray();
                    json.writeStringField("user_id", userId(labeling.vote().labeler()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
        }
    }

    /** Corrections ordered by prompt, reply, acceptance: one item per (prompt, reply), the corrected text per answer. */
    public void writeCorrections(List<AnswerExports.Correction> corrections) {
        for (List<AnswerExports.Correction> item : runs(corrections, (x, y) -> x.vote().promptKey() == y.vote().promptKey()
                && x.reply().candidateId() == y.reply().candidateId())) {
            replyItem(item.get(0).vote(), item.get(0).reply(), item.stream().map(AnswerExports.Correction::vote).toList(), i -> {
                resultStart("corrected", "response", "textarea");
                json.writeArrayFieldStart("text");
                json.writeString(item.get(i).corrected());
                json.writeEndArray();
                resultEnd();
            }, () -> {
                json.writeArrayFieldStart("corrected");
                for (AnswerExports.Correction correction : item) {
                    json.writeStartObject();
                    json.writeStringField("value", correction.corrected());
                    json.writeStringField("user_id", userId(correction.vote().labeler()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
        }
    }

    private interface Part {
        void write() throws IOException;
    }

    private interface Result {
        void write(int answer) throws IOException;
    }

    /** An item about one reply (or the prompt alone, when {@code reply} is null), answered by {@code votes}. */
    private void replyItem(AnswerExports.Vote first, AnswerExports.Reply reply, List<AnswerExports.Vote> votes,
                           Result result, Part responses) {
        item(() -> {
            if (format == DatasetFormat.LABELSTUDIO_JSON) {
                json.writeObjectFieldStart("data");
                promptData(first);
                if (reply != null) {
                    json.writeStringField("model", reply.model());
                    json.writeStringField("response", reply.text());
                }
                json.writeEndObject();
                json.writeArrayFieldStart("annotations");
                for (int i = 0; i < votes.size(); i++) {
                    annotationStart(votes.get(i).createdAt().toString());
                    result.write(i);
                    annotationEnd();
                }
                json.writeEndArray();
                labelStudioMeta(votes.stream().map(AnswerExports.Vote::labeler).toList(),
                        votes.stream().map(AnswerExports.Vote::reliability).toList());
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

    private void promptData(AnswerExports.Vote vote) throws IOException {
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

    private void labelStudioMeta(List<String> labelers, List<Double> reliabilities) throws IOException {
        json.writeObjectFieldStart("meta");
        json.writeStringField("source", "laurel");
        json.writeArrayFieldStart("labelers");
        for (String labeler : labelers) {
            json.writeString(labeler);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("reliabilities");
        for (double reliability : reliabilities) {
            json.writeNumber(reliability);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** The models a ranking ranked, best first; unranked replies of a top-k ranking are left out. */
    private static List<String> rankedModels(AnswerExports.Ranking ranking) {
        Set<Long> unranked = new HashSet<>();
        ranking.unranked().forEach(r -> unranked.add(r.candidateId()));
        List<String> models = new ArrayList<>();
        for (long candidate : ranking.ranked()) {
            ranking.shown().stream().filter(r -> r.candidateId() == candidate && !unranked.contains(candidate))
                    .findFirst().ifPresent(r -> models.add(r.model()));
        }
        return models;
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
