package dev.laurel.platform;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. Pure, no I/O. */
public final class Csv {
    /** A record and the line it starts on (a quoted field can span several lines). */
    public record Record(int line, List<String> values) {
    }

    private Csv() {
    }

    public static List<Record> parse(String text, List<String> errors) {
        List<Record> records = new ArrayList<>();
        List<String> values = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int quoteOpenedOn = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || fieldWasQuoted) {
                    errors.add("Line " + line + ": a quote inside an unquoted field; wrap the field in quotes and double the quote.");
                    return records;
                }
                quoted = true;
                fieldWasQuoted = true;
                quoteOpenedOn = line;
            } else if (c == ',') {
                values.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                values.add(field.toString());
                records.add(new Record(recordLine, List.copyOf(values)));
                values.clear();
                field.setLength(0);
                fieldWasQuoted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            errors.add("Line " + quoteOpenedOn + ": a quoted field is never closed.");
            return records;
        }
        if (field.length() > 0 || !values.isEmpty() || fieldWasQuoted) {
            values.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(values)));
        }
        return records;
    }
}
