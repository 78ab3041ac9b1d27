package dev.laurel.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Problem;
import dev.laurel.platform.StorableText;
import java.util.ArrayList;
import java.util.List;

/**
 * The record layer shared by the JSON formats: a file is a JSON array of objects (records numbered from 1) or
 * JSON lines (numbered by line), and a record's text fields must be storable.
 */
final class ImportRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A JSON object and how a person finds it: "Line 3" or "Record 2". */
    record Json(String where, JsonNode node) {
    }

    private ImportRecords() {
    }

    static List<Json> read(String text, List<String> errors) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Json> records = new ArrayList<>();
        String trimmed = body.strip();
        if (trimmed.startsWith("[")) {
            JsonNode array;
            try {
                array = JSON.readTree(trimmed);
            } catch (JsonProcessingException e) {
                errors.add("The file is not valid JSON (" + firstLine(e) + ").");
                return records;
            }
            for (int i = 0; i < array.size(); i++) {
                addObject("Record " + (i + 1), array.get(i), records, errors);
            }
            return records;
        }
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                addObject("Line " + (i + 1), JSON.readTree(line), records, errors);
            } catch (JsonProcessingException e) {
                errors.add("Line " + (i + 1) + ": not valid JSON (" + firstLine(e) + ").");
            }
        }
        return records;
    }

    private static void addObject(String where, JsonNode node, List<Json> into, List<String> errors) {
        if (node == null || !node.isObject()) {
            errors.add(where + ": expected a JSON object.");
            return;
        }
        into.add(new Json(where, node));
    }

    private static String firstLine(JsonProcessingException e) {
        return e.getOriginalMessage().lines().findFirst().orElse("");
    }

    /** The text field, or null with an error when it is missing, not text, empty or not storable. */
    static String text(Json record, String field, List<String> errors) {
        JsonNode value = record.node().get(field);
        if (value == null || value.isNull()) {
            errors.add(record.where() + ": field '" + field + "' is missing.");
            return null;
        }
        if (!value.isTextual()) {
            errors.add(record.where() + ": field '" + field + "' must be text.");
            return null;
        }
        return storable(record.where(), field, value.asText(), errors);
    }

    /** The text if it can be stored, else null with an error. */
    static String storable(String where, String field, String text, List<String> errors) {
        String flaw = StorableText.flaw(text).orElse(null);
        if (flaw != null) {
            errors.add(where + ": field '" + field + "' " + flaw);
            return null;
        }
        return text;
    }

    /**
     * A conversation as one prompt text until prompts hold message lists: a single turn is its content, several
     * are "role: content" turns separated by blank lines.
     */
    static String prompt(List<JsonNode> turns) {
        if (turns.size() == 1) {
            return turns.get(0).get("content").asText();
        }
        List<String> rendered = new ArrayList<>();
        turns.forEach(turn -> rendered.add(turn.get("role").asText() + ": " + turn.get("content").asText()));
        return String.join("\n\n", rendered);
    }

    /** Refuses (409) a campaign of another kind than the format's answers: "{what}; campaign N is a … campaign. …". */
    static void requireKind(Campaign campaign, TaskKind kind, String what) {
        if (campaign.kind != kind) {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT);
            throw Problem.conflict(what + "; campaign " + campaign.id + " is a " + campaign.kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " campaign. Import them into a " + name + " campaign.");
        }
    }

    /** An optional text field, or null. */
    static String optionalText(Json record, String field) {
        JsonNode value = record.node().get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
