package dev.laurel.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an uploaded file (JSONL or CSV) into rows of named text fields, collecting one readable error
 * per bad line instead of stopping at the first, so a person can fix the whole file in one go. The
 * feature that owns the upload then checks the meaning of the fields.
 */
public final class Upload {
    /** Beyond this many, errors are summarised: a broken file should not produce a megabyte of problems. */
    public static final int MAX_REPORTED_ERRORS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("Line (\\d+):");

    public enum Format {
        JSONL, CSV;

        /** The format a Content-Type names; JSONL for the JSON-lines family, CSV for text/csv. */
        public static Format of(String contentType) {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            if (type.startsWith("text/csv")) {
                return CSV;
            }
            if (type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl")
                    || type.startsWith("application/x-jsonlines") || type.startsWith("application/json")) {
                return JSONL;
            }
            throw new Problem(415, "Unsupported Media Type", "Send the file as JSONL (Content-Type: application/jsonl)"
                    + " or CSV (Content-Type: text/csv).", List.of());
        }
    }

    /** One record: the line it starts on and its fields by name. */
    public record Row(int line, Map<String, String> fields) {
        public String get(String field) {
            return fields.get(field);
        }
    }

    private Upload() {
    }

    /** Reads the body as strict UTF-8, refusing more than {@code maxBytes} with a 413. */
    public static String readText(InputStream body, long maxBytes) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw Problem.tooLarge("The upload is larger than the limit of " + maxBytes + " bytes; split it into smaller files.");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Problem.badRequest("The upload is not valid UTF-8 text.");
        } catch (IOException e) {
            throw Problem.badRequest("The upload could not be read: " + e.getMessage());
        }
    }

    /**
     * Parses the text into rows. Every field in {@code required} must be present and non-blank on
     * every row; problems go to {@code errors} as "Line N: ..." sentences.
     */
    public static List<Row> rows(String text, Format format, List<String> required, List<String> errors) {
        return rows(text, format, required, java.util.Set.of(), errors);
    }

    /**
     * {@link #rows(String, Format, List, List)}, where the fields named in {@code nested} may also hold a JSON array
     * or object in JSONL: such a value arrives as its JSON text (as a CSV column holding the JSON would), for the
     * owning feature to read.
     */
    public static List<Row> rows(String text, Format format, List<String> required, java.util.Set<String> nested,
                                 List<String> errors) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Row> rows = format == Format.JSONL ? jsonLines(body, nested, errors) : csv(body, errors);
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.add("The file has no records.");
        }
        for (Row row : rows) {
            row.fields().forEach((field, value) -> StorableText.check(row.line(), field, value, errors));
            for (String field : required) {
                String value = row.get(field);
                if (value == null) {
                    errors.add("Line " + row.line() + ": field '" + field + "' is missing.");
                } else if (value.isBlank()) {
                    errors.add("Line " + row.line() + ": field '" + field + "' is empty.");
                }
            }
        }
        return rows;
    }

    /** Throws a 400 listing the errors (at most {@link #MAX_REPORTED_ERRORS}) if there are any. */
    public static void rejectIfAny(List<String> errors, String what) {
        if (errors.isEmpty()) {
            return;
        }
        errors.sort(java.util.Comparator.comparingInt(Upload::lineOf)); // stable: a line's errors keep their order
        List<String> shown = new ArrayList<>(errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS)));
        if (errors.size() > shown.size()) {
            shown.add("... and " + (errors.size() - shown.size()) + " more.");
        }
        String count = errors.size() == 1 ? "1 problem" : errors.size() + " problems";
        throw Problem.invalidUpload("The " + what + " has " + count + "; nothing was saved. " + errors.get(0), shown);
    }

    private static int lineOf(String error) {
        java.util.regex.Matcher m = LINE.matcher(error);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static List<Row> jsonLines(String body, java.util.Set<String> nested, List<String> errors) {
        List<Row> rows = new ArrayList<>();
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                errors.add("Line " + lineNumber + ": not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ").");
                continue;
            }
            if (node == null || !node.isObject()) {
                errors.add("Line " + lineNumber + ": expected a JSON object like {\"id\": ..., ...}.");
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            boolean ok = true;
            for (var entry : node.properties()) {
                JsonNode value = entry.getValue();
                if (value.isTextual() || value.isNumber() || value.isBoolean()) { // a flag such as "practice": true reads as "true"
                    fields.put(entry.getKey(), value.asText());
                } else if ((value.isArray() || value.isObject()) && nested.contains(entry.getKey())) {
                    fields.put(entry.getKey(), value.toString());
                } else if (!value.isNull()) {
                    // nested metadata is allowed only where a feature asks for it; a field it reads must be text
                    fields.put(entry.getKey(), null);
                    errors.add("Line " + lineNumber + ": field '" + entry.getKey() + "' must be text, a number or true/false, not "
                            + value.getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
                    ok = false;
                }
            }
            if (ok) {
                rows.add(new Row(lineNumber, fields));
            }
        }
        return rows;
    }

    private static List<Row> csv(String body, List<String> errors) {
        List<Row> rows = new ArrayList<>();
        List<Csv.Record> records = Csv.parse(body, errors);
        if (records.isEmpty()) {
            return rows;
        }
        List<String> header = records.get(0).values().stream().map(String::strip).toList();
        for (Csv.Record record : records.subList(1, records.size())) {
            if (record.values().size() == 1 && record.values().get(0).isBlank()) {
                continue;
            }
            if (record.values().size() != header.size()) {
                errors.add("Line " + record.line() + ": " + record.values().size() + " columns, but the header has "
                        + header.size() + ".");
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                fields.put(header.get(c), record.values().get(c));
            }
            rows.add(new Row(record.line(), fields));
        }
        return rows;
    }
}
