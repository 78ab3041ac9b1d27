package dev.laurel.dataset;

import dev.laurel.campaign.ChatMessage;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the rows of a snapshot in one of the {@link DatasetFormat}s, chunk by chunk, so a download
 * streams without holding every text in memory. The output depends only on the rows and their
 * order: UTF-8, "\n" after every line, fields in a fixed order, numbers as {@link Double#toString}.
 * Schemas: {@code docs/datasets.md}. Pure: writes only to the stream it is given.
 */
public final class DatasetWriter {
    static final String CSV_HEADER = "prompt_id,model_a,model_b,winner,labeler,reliability,shown_left,created_at";
    private static final JsonFactory JSON = new JsonFactory();

    /** Who won a vote, side-free. */
    public enum Winner {
        MODEL_A("model_a", 1), MODEL_B("model_b", -1), TIE("tie", 0), BOTH_BAD("both_bad", 0);

        final String label;
        final int sign;

        Winner(String label, int sign) {
            this.label = label;
            this.sign = sign;
        }
    }

    /**
     * One vote with everything the files show. Model A is the candidate with the smaller id.
     *
     * @param promptMessages the prompt as chat messages ({@link Conversations#prompt}), for the conversational files
     * @param isAShownLeft   whether the labeler saw model A's reply on the left
     */
    public record Row(long promptKey, String promptId, String prompt, List<ChatMessage> promptMessages,
                      long candidateA, long candidateB, String modelA, String modelB, String responseA,
                      String responseB, Winner winner, String labeler, double reliability, boolean isAShownLeft, Instant createdAt) {
    }

    private final DatasetFormat format;
    private final OutputStream out;
    private final JsonGenerator json;
    private long pairs;

    public DatasetWriter(DatasetFormat format, OutputStream out) {
        this.format = format;
        this.out = out;
        try {
            this.json = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(null);
            if (format == DatasetFormat.VOTES_CSV) {
                out.write((CSV_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a chunk of rows, ordered by prompt, candidate A, candidate B and vote; all votes of one
     * (prompt, pair) must be in the same chunk.
     */
    public void write(List<Row> rows) {
        try {
            switch (format) {
                case PAIRS_JSONL, CONVERSATIONAL_PAIRS_JSONL -> writePairs(rows);
                case VOTES_JSONL -> {
                    for (Row row : rows) {
                        writeVote(row);
                    }
                }
                case VOTES_CSV -> {
                    for (Row row : rows) {
                        json.flush();
                        out.write(csvLine(row).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Preference pairs written so far (TRL formats only). */
    public long pairs() {
        return pairs;
    }

    public void finish() {
        try {
            json.flush();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The preference of one (prompt, pair): its first vote's texts and the consensus of all its votes. */
    public record Preference(Row first, PreferencePairs.Consensus consensus) {
        public String chosen() {
            return consensus.isAChosen() ? first.responseA() : first.responseB();
        }

        public String rejected() {
            return consensus.isAChosen() ? first.responseB() : first.responseA();
        }
    }

    /** The preferences in rows ordered by prompt and pair; (prompt, pair)s without one are left out. */
    public static List<Preference> preferences(List<Row> rows) {
        List<Preference> preferences = new ArrayList<>();
        int start = 0;
        while (start < rows.size()) {
            Row first = rows.get(start);
            int end = start;
            List<PreferencePairs.Vote> votes = new ArrayList<>();
            while (end < rows.size() && samePair(first, rows.get(end))) {
                votes.add(new PreferencePairs.Vote(rows.get(end).winner().sign));
                end++;
            }
            PreferencePairs.Consensus consensus = PreferencePairs.consensus(votes);
            if (consensus != null) {
                preferences.add(new Preference(first, consensus));
            }
            start = end;
        }
        return preferences;
    }

    private void writePairs(List<Row> rows) throws IOException {
        boolean isConversational = format == DatasetFormat.CONVERSATIONAL_PAIRS_JSONL;
        for (Preference preference : preferences(rows)) {
            json.writeStartObject();
            if (isConversational) {
                writeMessages("prompt", preference.first().promptMessages());
                writeMessages("chosen", Conversations.reply(preference.chosen()));
                writeMessages("rejected", Conversations.reply(preference.rejected()));
            } else {
                json.writeStringField("prompt", preference.first().prompt());
                json.writeStringField("chosen", preference.chosen());
                json.writeStringField("rejected", preference.rejected());
            }
            json.writeNumberField("margin", preference.consensus().margin());
            json.writeEndObject();
            json.writeRaw('\n');
            pairs++;
        }
    }

    private void writeMessages(String field, List<ChatMessage> messages) throws IOException {
        json.writeArrayFieldStart(field);
        for (ChatMessage message : messages) {
            json.writeStartObject();
            json.writeStringField("role", message.role());
            json.writeStringField("content", message.content());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private void writeVote(Row row) throws IOException {
        json.writeStartObject();
        json.writeStringField("prompt_id", row.promptId());
        json.writeStringField("prompt", row.prompt());
        json.writeStringField("model_a", row.modelA());
        json.writeStringField("model_b", row.modelB());
        json.writeStringField("response_a", row.responseA());
        json.writeStringField("response_b", row.responseB());
        json.writeStringField("winner", row.winner().label);
        json.writeStringField("labeler", row.labeler());
        json.writeNumberField("reliability", row.reliability());
        json.writeStringField("shown_left", row.isAShownLeft() ? "model_a" : "model_b");
        json.writeStringField("created_at", row.createdAt().toString());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static boolean samePair(Row x, Row y) {
        return x.promptKey() == y.promptKey() && x.candidateA() == y.candidateA() && x.candidateB() == y.candidateB();
    }

    static String csvLine(Row row) {
        return String.join(",", csv(row.promptId()), csv(row.modelA()), csv(row.modelB()), row.winner().label,
                row.labeler(), Double.toString(row.reliability()), row.isAShownLeft() ? "model_a" : "model_b",
                row.createdAt().toString()) + "\n";
    }

    /** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
