package dev.laurel.dataset;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.kind.TextDiff;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the files of ranking, rubric, categorical and correction snapshots, chunk by chunk, like
 * {@link DatasetWriter} does for pairwise votes: UTF-8, "\n" after every line, fields in a fixed
 * order, so the bytes depend only on the rows and their order. Also expands rankings into the
 * pairwise comparisons they imply ({@link #impliedVotes}), which the TRL pairs file is made of.
 * Schemas: {@code docs/datasets.md}. Pure: writes only to the stream it is given.
 */
public final class AnswerExports {
    private static final JsonFactory JSON = new JsonFactory();

    /** A reply as the files show it: its candidate (model) and text. */
    public record Reply(long candidateId, String model, String text) {
    }

    /** What every exported answer carries besides its content. */
    public record Vote(long promptKey, String promptId, String prompt, List<ChatMessage> promptMessages,
                       String labeler, double reliability, Instant createdAt) {
    }

    /**
     * One ranking.
     *
     * @param shown  every reply the task showed, in candidate order
     * @param ranked candidate ids from best to worst; a top-k ranking lists only k of the shown replies
     */
    public record Ranking(Vote vote, List<Reply> shown, List<Long> ranked) {
        /** The shown replies that were not ranked (a top-k ranking), in candidate order. */
        List<Reply> unranked() {
            Set<Long> ranks = new HashSet<>(ranked);
            return shown.stream().filter(r -> !ranks.contains(r.candidateId())).toList();
        }
    }

    /** One rubric answer: a rating per dimension of one reply. */
    public record Rating(Vote vote, Reply reply, int scale, Map<String, Integer> ratings) {
    }

    /** One categorical answer; {@code reply} is null when the task labels the prompt item alone. */
    public record Labeling(Vote vote, Reply reply, List<String> labels) {
    }

    /** One correction of a reply. */
    public record Correction(Vote vote, Reply reply, String corrected, List<TextDiff.Part> diff, int wordsAdded, int wordsRemoved) {
        boolean isChanged() {
            return !diff.stream().allMatch(TextDiff.Part::isKept);
        }
    }

    private final DatasetFormat format;
    private final OutputStream out;
    private final JsonGenerator json;
    /** Dimensions (rubric) or labels (categorical) in the campaign's order: CSV columns and JSON key order. */
    private final List<String> columns;
    private long rows;

    public AnswerExports(DatasetFormat format, OutputStream out, List<String> columns) {
        this.format = format;
        this.out = out;
        this.columns = List.copyOf(columns);
        try {
            this.json = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(null);
            String header = switch (format) {
                case RANKINGS_CSV -> "prompt_id,ranking_no,model,rank,labeler,reliability,created_at";
                case RATINGS_CSV, LABELS_CSV -> "prompt_id,model,labeler,reliability,created_at" + extraColumns();
                default -> null;
            };
            if (header != null) {
                out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines written so far, not counting a CSV header. */
    public long rows() {
        return rows;
    }

    public void finish() {
        try {
            json.flush();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rankings ordered by prompt, then acceptance. */
    public void writeRankings(List<Ranking> rankings) {
        try {
            for (Ranking ranking : rankings) {
                if (format == DatasetFormat.RANKINGS_JSONL) {
                    writeRanking(ranking);
                } else if (format == DatasetFormat.RANKINGS_CSV) {
                    long number = ++rankingsWritten; // every row of one ranking carries its number, 1, 2, …
                    int rank = 1;
                    for (long candidate : ranking.ranked()) {
                        csvRow(ranking.vote(), number, reply(ranking, candidate).model(), Integer.toString(rank++));
                    }
                    for (Reply reply : ranking.unranked()) {
                        csvRow(ranking.vote(), number, reply.model(), "");
                    }
                } else {
                    throw new IllegalStateException(format + " is not a ranking file");
                }
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long rankingsWritten;

    private void csvRow(Vote vote, long number, String model, String rank) throws IOException {
        json.flush();
        out.write((String.join(",", DatasetWriter.csv(vote.promptId()), Long.toString(number), DatasetWriter.csv(model), rank,
                vote.labeler(), Double.toString(vote.reliability()), vote.createdAt().toString()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        rows++;
    }

    private void writeRanking(Ranking ranking) throws IOException {
        Vote vote = ranking.vote();
        json.writeStartObject();
        json.writeStringField("prompt_id", vote.promptId());
        json.writeStringField("prompt", vote.prompt());
        json.writeArrayFieldStart("replies");
        for (Reply reply : ranking.shown()) {
            json.writeStartObject();
            json.writeStringField("model", reply.model());
            json.writeStringField("response", reply.text());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("ranking");
        for (long candidate : ranking.ranked()) {
            json.writeString(reply(ranking, candidate).model());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("unranked");
        for (Reply reply : ranking.unranked()) {
            json.writeString(reply.model());
        }
        json.writeEndArray();
        writeVoter(vote);
        json.writeEndObject();
        json.writeRaw('\n');
        rows++;
    }

    /** Rubric answers ordered by prompt, candidate, acceptance: one JSON line per reply, one CSV row per answer. */
    public void writeRatings(List<Rating> ratings) {
        try {
            if (format == DatasetFormat.RATINGS_CSV) {
                for (Rating rating : ratings) {
                    List<String> values = columns.stream().map(d -> String.valueOf(rating.ratings().get(d))).toList();
                    csvAnswer(rating.vote(), rating.reply().model(), values);
                }
            } else if (format == DatasetFormat.RATINGS_JSONL) {
                for (List<Rating> reply : groups(ratings, r -> r.vote().promptKey(), r -> r.reply().candidateId())) {
                    writeReplyRatings(reply);
                }
            } else {
                throw new IllegalStateException(format + " is not a rubric file");
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeReplyRatings(List<Rating> ratings) throws IOException {
        Rating first = ratings.get(0);
        json.writeStartObject();
        writePromptAndReply(first.vote(), first.reply());
        json.writeNumberField("scale", first.scale());
        json.writeArrayFieldStart("votes");
        for (Rating rating : ratings) {
            json.writeStartObject();
            json.writeObjectFieldStart("ratings");
            for (String dimension : columns) {
                json.writeNumberField(dimension, rating.ratings().get(dimension));
            }
            json.writeEndObject();
            writeVoter(rating.vote());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("means");
        for (String dimension : columns) {
            long sum = 0;
            for (Rating rating : ratings) {
                sum += rating.ratings().get(dimension);
            }
            json.writeNumberField(dimension, (double) sum / ratings.size());
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');
        rows++;
    }

    /** Categorical answers ordered by prompt, candidate (if on replies), acceptance: a JSON line per item, a CSV row per answer. */
    public void writeLabels(List<Labeling> labelings) {
        try {
            if (format == DatasetFormat.LABELS_CSV) {
                for (Labeling labeling : labelings) {
                    List<String> values = columns.stream().map(l -> labeling.labels().contains(l) ? "1" : "0").toList();
                    csvAnswer(labeling.vote(), labeling.reply() == null ? "" : labeling.reply().model(), values);
                }
            } else if (format == DatasetFormat.LABELS_JSONL) {
                for (List<Labeling> item : groups(labelings, l -> l.vote().promptKey(),
                        l -> l.reply() == null ? -1 : l.reply().candidateId())) {
                    writeItemLabels(item);
                }
            } else {
                throw new IllegalStateException(format + " is not a categorical file");
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeItemLabels(List<Labeling> labelings) throws IOException {
        Labeling first = labelings.get(0);
        json.writeStartObject();
        writePromptAndReply(first.vote(), first.reply());
        json.writeArrayFieldStart("votes");
        for (Labeling labeling : labelings) {
            json.writeStartObject();
            json.writeArrayFieldStart("labels");
            for (String label : labeling.labels()) {
                json.writeString(label);
            }
            json.writeEndArray();
            writeVoter(labeling.vote());
            json.writeEndObject();
        }
        json.writeEndArray();
        Map<String, Integer> counts = counts(labelings);
        json.writeObjectFieldStart("counts");
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("majority");
        for (String label : majority(counts, labelings.size())) {
            json.writeString(label);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
        rows++;
    }

    /** How many answers picked each label, in the campaign's label order. */
    Map<String, Integer> counts(List<Labeling> labelings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String label : columns) {
            counts.put(label, (int) labelings.stream().filter(l -> l.labels().contains(label)).count());
        }
        return counts;
    }

    /**
     * The labels more than half of the answers picked: at most one for single-label campaigns, and
     * none when the answers split without a majority. Unweighted; each vote's reliability is in the file.
     */
    static List<String> majority(Map<String, Integer> counts, int answers) {
        return counts.entrySet().stream().filter(e -> 2 * e.getValue() > answers).map(Map.Entry::getKey).toList();
    }

    /** Corrections ordered by prompt, candidate, acceptance: one line each, in either file. */
    public void writeCorrections(List<Correction> corrections) {
        try {
            for (Correction correction : corrections) {
                json.writeStartObject();
                if (format == DatasetFormat.SFT_JSONL) {
                    json.writeStringField("prompt", correction.vote().prompt());
                    json.writeStringField("completion", correction.corrected());
                } else if (format == DatasetFormat.CORRECTIONS_JSONL) {
                    json.writeStringField("prompt_id", correction.vote().promptId());
                    json.writeStringField("prompt", correction.vote().prompt());
                    json.writeStringField("model", correction.reply().model());
                    json.writeStringField("original", correction.reply().text());
                    json.writeStringField("corrected", correction.corrected());
                    json.writeBooleanField("changed", correction.isChanged());
                    json.writeNumberField("words_added", correction.wordsAdded());
                    json.writeNumberField("words_removed", correction.wordsRemoved());
                    json.writeArrayFieldStart("diff");
                    for (TextDiff.Part part : correction.diff()) {
                        json.writeStartObject();
                        json.writeStringField("op", part.op().name());
                        json.writeStringField("text", part.text());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    writeVoter(correction.vote());
                } else {
                    throw new IllegalStateException(format + " is not a correction file");
                }
                json.writeEndObject();
                json.writeRaw('\n');
                rows++;
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The pairwise comparisons a chunk of rankings implies, as votes for {@link DatasetWriter}'s TRL
     * pairs, ordered by prompt, candidate A, candidate B, acceptance. A ranking puts each ranked reply
     * above every reply ranked after it and above every shown reply it left unranked (a top-k ranking
     * says the best k beat the rest); two unranked replies are not compared, so they add nothing.
     */
    public static List<DatasetWriter.Row> impliedVotes(List<Ranking> rankings) {
        List<DatasetWriter.Row> rows = new ArrayList<>();
        for (Ranking ranking : rankings) {
            List<Reply> below = new ArrayList<>();
            for (long candidate : ranking.ranked()) {
                below.add(reply(ranking, candidate));
            }
            below.addAll(ranking.unranked());
            for (int i = 0; i < ranking.ranked().size(); i++) {
                Reply better = below.get(i);
                for (int j = i + 1; j < below.size(); j++) {
                    Reply worse = below.get(j);
                    boolean betterIsA = better.candidateId() < worse.candidateId();
                    Reply a = betterIsA ? better : worse;
                    Reply b = betterIsA ? worse : better;
                    Vote vote = ranking.vote();
                    rows.add(new DatasetWriter.Row(vote.promptKey(), vote.promptId(), vote.prompt(), vote.promptMessages(),
                            a.candidateId(), b.candidateId(), a.model(), b.model(), a.text(), b.text(),
                            betterIsA ? DatasetWriter.Winner.MODEL_A : DatasetWriter.Winner.MODEL_B, vote.labeler(),
                            vote.reliability(), true, vote.createdAt()));
                }
            }
        }
        // a stable sort keeps acceptance order within one (prompt, pair)
        List<DatasetWriter.Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(DatasetWriter.Row::promptKey)
                .thenComparingLong(DatasetWriter.Row::candidateA).thenComparingLong(DatasetWriter.Row::candidateB));
        return sorted;
    }

    private static Reply reply(Ranking ranking, long candidate) {
        return ranking.shown().stream().filter(r -> r.candidateId() == candidate).findFirst()
                .orElseThrow(() -> new IllegalStateException("ranked candidate " + candidate + " was not shown"));
    }

    private String extraColumns() {
        StringBuilder header = new StringBuilder();
        for (String column : columns) {
            header.append(',').append(DatasetWriter.csv(column));
        }
        return header.toString();
    }

    private void csvAnswer(Vote vote, String model, List<String> values) throws IOException {
        json.flush();
        out.write((String.join(",", DatasetWriter.csv(vote.promptId()), DatasetWriter.csv(model), vote.labeler(),
                Double.toString(vote.reliability()), vote.createdAt().toString()) + (values.isEmpty() ? "" : "," + String.join(",", values))
                + "\n").getBytes(StandardCharsets.UTF_8));
        rows++;
    }

    private void writePromptAndReply(Vote vote, Reply reply) throws IOException {
        json.writeStringField("prompt_id", vote.promptId());
        json.writeStringField("prompt", vote.prompt());
        if (reply == null) {
            json.writeNullField("model");
            json.writeNullField("response");
        } else {
            json.writeStringField("model", reply.model());
            json.writeStringField("response", reply.text());
        }
    }

    private void writeVoter(Vote vote) throws IOException {
        json.writeStringField("labeler", vote.labeler());
        json.writeNumberField("reliability", vote.reliability());
        json.writeStringField("created_at", vote.createdAt().toString());
    }

    /** Consecutive runs of equal (prompt, item) keys. */
    private static <T> List<List<T>> groups(List<T> rows, java.util.function.ToLongFunction<T> prompt,
                                            java.util.function.ToLongFunction<T> item) {
        List<List<T>> groups = new ArrayList<>();
        for (T row : rows) {
            List<T> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && prompt.applyAsLong(last.get(0)) == prompt.applyAsLong(row)
                    && item.applyAsLong(last.get(0)) == item.applyAsLong(row)) {
                last.add(row);
            } else {
                List<T> group = new ArrayList<>();
                group.add(row);
                groups.add(group);
            }
        }
        return groups;
    }
}
