package dev.laurel.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.DatasetRows.Column;
import dev.laurel.campaign.kind.DatasetRows.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes one file of a snapshot, for every kind, chunk by chunk, so a download streams without holding every text in
 * memory: a table its kind declares ({@link DatasetRows.File}) as JSON lines or CSV, or the preference pairs in TRL's
 * standard or conversational format. The output depends only on the answers and their order: UTF-8, "\n" after every
 * line, fields in the table's order, numbers as {@link Double#toString}. Schemas: {@code docs/datasets.md}. Pure:
 * writes only to the stream it is given.
 */
public final class DatasetWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private final OutputStream out;
    private final JsonGenerator json;
    private final DatasetRows dataset;
    /** The file's table; null for preference pairs. */
    private final DatasetRows.File file;
    private final boolean isConversational;
    private long rows;
    private long groups;

    private DatasetWriter(OutputStream out, DatasetRows dataset, DatasetRows.File file, boolean isConversational) {
        this.out = out;
        this.dataset = dataset;
        this.file = file;
        this.isConversational = isConversational;
        try {
            this.json = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(null);
            if (file != null && file.format() == DatasetRows.Format.CSV) {
                out.write((file.table().columns().stream().map(c -> csv(c.name())).collect(Collectors.joining(","))
                        + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writer of one file of a kind's dataset: the preference pairs ({@link DatasetFormat#isPairs}) or one of its own. */
    public static DatasetWriter of(DatasetRows dataset, DatasetFormat format, OutputStream out) {
        if (format.isPairs()) {
            return new DatasetWriter(out, dataset, null, format.equals(DatasetFormat.CONVERSATIONAL_PAIRS_JSONL));
        }
        return new DatasetWriter(out, dataset, dataset.files().stream().filter(f -> f.name().equals(format.fileName()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no file " + format.fileName())), false);
    }

    /** Writes a chunk of answers in file order ({@link DatasetRows#item()}); every answer of a prompt must be in one chunk. */
    public void write(List<Answered> answers) {
        try {
            if (file == null) {
                for (PreferencePairs.Preference preference : PreferencePairs.preferences(answers, dataset.comparisons())) {
                    writePair(preference);
                }
            } else {
                for (List<Answered> group : groups(file.table(), answers, dataset)) {
                    for (List<Object> row : file.table().rows().of(group, ++groups)) {
                        if (file.format() == DatasetRows.Format.CSV) {
                            json.flush();
                            out.write(csvLine(row).getBytes(StandardCharsets.UTF_8));
                        } else {
                            writeObject(json, file.table().columns(), row);
                            json.writeRaw('\n');
                        }
                        rows++;
                    }
                }
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines written so far, not counting a CSV header; the pairs' lines are the preference pairs. */
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

    /**
     * The groups of answers that make a table's rows, in order: each answer alone, or for a per-item table the runs of
     * answers about the same item of the same prompt.
     */
    static List<List<Answered>> groups(Table table, List<Answered> answers, DatasetRows dataset) {
        List<List<Answered>> groups = new java.util.ArrayList<>();
        for (Answered answer : answers) {
            List<Answered> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (table.isPerItem() && last != null && last.get(0).promptKey() == answer.promptKey()
                    && dataset.item().apply(last.get(0)).equals(dataset.item().apply(answer))) {
                last.add(answer);
            } else {
                List<Answered> group = new java.util.ArrayList<>();
                group.add(answer);
                groups.add(group);
            }
        }
        return groups;
    }

    private void writePair(PreferencePairs.Preference preference) throws IOException {
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
        rows++;
    }

    private void writeMessages(String field, List<ChatMessage> messages) throws IOException {
        json.writeFieldName(field);
        writeValue(json, Column.messages(field), DatasetRows.messages(messages));
    }

    /** A row as one JSON object, its columns as fields in order. */
    static void writeObject(JsonGenerator json, List<Column> columns, List<Object> row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            json.writeFieldName(columns.get(i).name());
            writeValue(json, columns.get(i), row.get(i));
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, Column column, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (column.type()) {
            case STRUCT_LIST -> {
                json.writeStartArray();
                for (Object struct : (List<?>) value) {
                    json.writeStartObject();
                    List<?> fields = (List<?>) struct;
                    for (int f = 0; f < column.fields().size(); f++) {
                        json.writeStringField(column.fields().get(f), (String) fields.get(f));
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            default -> writeJson(json, value);
        }
    }

    /** Maps as objects (in their order), lists as arrays, strings, numbers and booleans as themselves. */
    static void writeJson(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Number number) {
            json.writeNumber(number.longValue());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName((String) entry.getKey());
                writeJson(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeJson(json, item);
            }
            json.writeEndArray();
        } else {
            throw new IllegalArgumentException("no JSON for " + value.getClass());
        }
    }

    private static String csvLine(List<Object> row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            if (i > 0) {
                line.append(',');
            }
            line.append(value instanceof String text ? csv(text) : String.valueOf(value));
        }
        return line.append('\n').toString();
    }

    /** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
