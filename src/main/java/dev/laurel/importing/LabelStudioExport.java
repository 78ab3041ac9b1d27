package dev.laurel.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.Choice;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Label Studio's JSON export (an array of tasks, or one task): each annotation that is not cancelled becomes one
 * answer, read from the results of the control type the campaign's kind takes — choices → categorical labels,
 * rating → rubric ratings (a rating control per dimension, by name), pairwise → a pairwise choice between
 * {@code data.text1} and {@code data.text2}, ranker → a ranking of {@code data.items} (a plain ranker lists item ids
 * best first; a ranker with buckets is read bucket by bucket, best first), textarea → a correction. Predictions are
 * a model's suggestions, not annotations, and are not imported.
 *
 * <p>Label Studio exports do not say which data field a control looked at: the prompt is the field named by
 * {@link Options#promptField} or else the first of {@code prompt}, {@code question}, {@code messages} (a conversation),
 * {@code text}, {@code dialogs}, or the task's only text field; the rated or corrected reply is
 * {@link Options#replyField} or else {@code reply}, {@code response}, {@code answer}, {@code output}, {@code completion}.
 * Replies carry no model name, so their source is "unknown"; a textarea whose reply is not in the export (the
 * annotator wrote it, or edited a prediction the export leaves out) is kept as a human reply, unchanged.
 */
final class LabelStudioExport implements ImportSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPT_FIELDS = List.of("prompt", "question", "messages", "text", "dialogs");
    private static final List<String> REPLY_FIELDS = List.of("reply", "response", "answer", "output", "completion");

    /** What the export cannot say: which control to read when there are several, and which data fields hold the texts. */
    record Options(String control, String promptField, String replyField) {
    }

    private final Options options;

    LabelStudioExport(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "labelstudio";
    }

    @Override
    public List<ImportedRecord> read(String text, Campaign campaign, List<String> errors) {
        JsonNode root;
        try {
            root = JSON.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (JsonProcessingException e) {
            errors.add("The file is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "); Label Studio's JSON export is an array of tasks.");
            return List.of();
        }
        List<JsonNode> tasks = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(tasks::add);
        } else if (root != null && root.isObject()) {
            tasks.add(root);
        } else {
            errors.add("The file is not a Label Studio JSON export: expected an array of tasks.");
            return List.of();
        }
        String type = campaign.kind.spec().labelStudioControl();
        String control = control(tasks, type, campaign, errors);
        if (!errors.isEmpty()) {
            return List.of();
        }
        List<ImportedRecord> records = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            JsonNode task = tasks.get(t);
            String taskWhere = "Record " + (t + 1) + (task.path("id").isValueNode() ? " (task " + task.get("id").asText() + ")" : "");
            if (!task.isObject()) {
                errors.add(taskWhere + ": expected a task object with 'data' and 'annotations'.");
                continue;
            }
            JsonNode annotations = task.path("annotations");
            for (int a = 0; a < annotations.size(); a++) {
                JsonNode annotation = annotations.get(a);
                String where = taskWhere + ", annotation " + (a + 1);
                if (annotation.path("was_cancelled").asBoolean(false)) {
                    continue;
                }
                List<JsonNode> results = new ArrayList<>();
                annotation.path("result").forEach(result -> {
                    if (type.equals(result.path("type").asText()) && (control == null || control.equals(result.path("from_name").asText()))) {
                        results.add(result);
                    }
                });
                if (results.isEmpty()) {
                    continue; // this annotation did not use the control
                }
                if (!task.path("data").isObject()) {
                    errors.add(where + ": the task has no 'data' object with the texts that were labeled.");
                    continue;
                }
                int before = errors.size();
                ImportedRecord record = record(where, task, annotation, results, campaign, errors);
                if (record != null && errors.size() == before) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** The control to read: the one named, or the only one of the type in the file (a rubric reads all of its ratings). */
    private String control(List<JsonNode> tasks, String type, Campaign campaign, List<String> errors) {
        Set<String> controls = new LinkedHashSet<>();
        tasks.forEach(task -> task.path("annotations").forEach(annotation -> annotation.path("result").forEach(result -> {
            if (type.equals(result.path("type").asText())) {
                controls.add(result.path("from_name").asText());
            }
        })));
        if (options.control() != null) {
            if (!controls.contains(options.control())) {
                errors.add("The export has no " + type + " control named '" + options.control() + "'"
                        + (controls.isEmpty() ? "." : "; it has " + String.join(", ", controls) + "."));
            }
            return options.control();
        }
        if (controls.size() > 1 && campaign.kind != TaskKind.RUBRIC) {
            errors.add("The export has " + controls.size() + " " + type + " controls (" + String.join(", ", controls)
                    + "); choose the one to import with ?control=NAME.");
        }
        return null;
    }

    private ImportedRecord record(String where, JsonNode task, JsonNode annotation, List<JsonNode> results, Campaign campaign,
                                  List<String> errors) {
        JsonNode data = task.get("data");
        JsonNode first = results.get(0);
        JsonNode value = first.path("value");
        String prompt;
        List<ImportedRecord.Reply> replies = new ArrayList<>();
        AnswerRequest answer;
        switch (campaign.kind) {
            case CATEGORICAL -> {
                prompt = prompt(where, data, errors, null);
                if (campaign.kindSettings().target() == KindSettings.Target.REPLY) {
                    String reply = reply(where, data, errors);
                    if (reply == null) {
                        return null;
                    }
                    replies.add(ImportedRecord.Reply.unknown(reply));
                }
                List<String> labels = strings(value.path("choices"));
                if (labels == null || labels.isEmpty()) {
                    errors.add(where + ": the choices result has no 'choices' list.");
                    return null;
                }
                answer = new AnswerRequest(null, null, null, null, null, labels, null);
            }
            case RUBRIC -> {
                prompt = prompt(where, data, errors, null);
                String reply = reply(where, data, errors);
                if (reply == null) {
                    return null;
                }
                replies.add(ImportedRecord.Reply.unknown(reply));
                List<String> dimensions = campaign.kindSettings().dimensions().stream().map(KindSettings.Dimension::name).toList();
                Map<String, Integer> ratings = new LinkedHashMap<>();
                for (JsonNode result : results) {
                    if (result.has("item_index")) {
                        errors.add(where + ": per-item ratings (item_index) rate several items at once; a rubric rates one reply.");
                        return null;
                    }
                    String name = result.path("from_name").asText();
                    String dimension = dimensions.stream().filter(d -> d.equalsIgnoreCase(name)).findFirst()
                            .orElse(dimensions.size() == 1 && results.size() == 1 ? dimensions.get(0) : name);
                    if (!result.path("value").path("rating").isInt()) {
                        errors.add(where + ": rating '" + name + "' has no whole-number 'rating'.");
                        return null;
                    }
                    ratings.put(dimension, result.path("value").path("rating").asInt());
                }
                answer = new AnswerRequest(null, null, null, null, ratings, null, null);
            }
            case PAIRWISE -> {
                prompt = prompt(where, data, errors, fallbackPrompt(task));
                String left = ImportRecords.storable(where, "text1", data.path("text1").asText(""), errors);
                String right = ImportRecords.storable(where, "text2", data.path("text2").asText(""), errors);
                if (left == null || right == null || left.isBlank() || right.isBlank()) {
                    errors.add(where + ": a pairwise task compares data.text1 and data.text2; "
                            + (data.has("text1") && data.has("text2") ? "one of them is empty." : "the task lacks them."));
                    return null;
                }
                replies.add(ImportedRecord.Reply.unknown(left));
                replies.add(ImportedRecord.Reply.unknown(right));
                Choice choice = switch (value.path("selected").asText()) {
                    case "left" -> Choice.A;
                    case "right" -> Choice.B;
                    default -> null;
                };
                if (choice == null) {
                    errors.add(where + ": pairwise 'selected' is '" + value.path("selected").asText() + "', not left or right.");
                    return null;
                }
                answer = new AnswerRequest(choice, null);
            }
            case RANKING -> {
                prompt = prompt(where, data, errors, fallbackPrompt(task));
                String field = first.path("source").asText("$items").replaceFirst("^\\$", "");
                JsonNode items = data.path(field);
                if (!items.isArray() || items.isEmpty()) {
                    errors.add(where + ": the ranker ranks the list data." + field + ", which the task lacks.");
                    return null;
                }
                List<String> ids = new ArrayList<>();
                for (JsonNode item : items) {
                    String body = String.join("\n\n", java.util.stream.Stream.of(item.path("title").asText(""), item.path("body").asText(""))
                            .filter(s -> !s.isBlank()).toList());
                    if (!item.path("id").isValueNode() || body.isEmpty()) {
                        errors.add(where + ": every item of data." + field + " needs an 'id' and a 'title' or 'body'.");
                        return null;
                    }
                    ids.add(item.get("id").asText());
                    replies.add(ImportedRecord.Reply.unknown(body));
                }
                JsonNode ranker = value.path("ranker");
                List<String> ranked = new ArrayList<>();
                if (ranker.isArray()) {
                    ranked.addAll(strings(ranker));
                } else if (ranker.isObject()) {
                    ranker.properties().forEach(bucket -> ranked.addAll(strings(bucket.getValue())));
                } else {
                    errors.add(where + ": the ranker result has no 'ranker' list or buckets.");
                    return null;
                }
                List<Integer> ranking = new ArrayList<>();
                for (String id : ranked) {
                    int at = ids.indexOf(id);
                    if (at < 0) {
                        errors.add(where + ": the ranking names item '" + id + "', which data." + field + " does not hold.");
                        return null;
                    }
                    ranking.add(at + 1);
                }
                answer = new AnswerRequest(null, null, null, ranking, null, null, null);
            }
            case CORRECTION -> {
                prompt = prompt(where, data, errors, null);
                JsonNode given = value.path("text");
                String text = given.isTextual() ? given.asText() : given.isArray() ? String.join("\n", strings(given)) : null;
                if (text == null || text.isBlank()) {
                    errors.add(where + ": the textarea result has no text.");
                    return null;
                }
                String reply = firstField(data, options.replyField(), REPLY_FIELDS);
                if (reply != null) {
                    replies.add(ImportedRecord.Reply.unknown(reply));
                } else if ("prediction".equals(first.path("origin").asText())) {
                    replies.add(ImportedRecord.Reply.unknown(text)); // the annotator kept a model's suggestion as it was
                } else {
                    replies.add(new ImportedRecord.Reply(null, "human", text));
                }
                answer = new AnswerRequest(null, null, null, null, null, null, text);
            }
            default -> throw new IllegalStateException("unknown kind " + campaign.kind);
        }
        if (prompt == null) {
            return null;
        }
        for (ImportedRecord.Reply reply : replies) {
            if (ImportRecords.storable(where, "reply", reply.text(), errors) == null) {
                return null;
            }
        }
        return new ImportedRecord(where, prompt, replies, answer, annotator(annotation), time(where, annotation, errors),
                Math.round(annotation.path("lead_time").asDouble(0) * 1000));
    }

    /** The prompt text, or {@code fallback}, or null with an error. */
    private String prompt(String where, JsonNode data, List<String> errors, String fallback) {
        String text = firstField(data, options.promptField(), PROMPT_FIELDS);
        if (text == null && options.promptField() == null) {
            List<String> texts = new ArrayList<>();
            data.properties().forEach(field -> {
                if (field.getValue().isTextual() && !field.getValue().asText().isBlank()) {
                    texts.add(field.getValue().asText());
                }
            });
            text = texts.size() == 1 ? texts.get(0) : null;
        }
        if (text == null) {
            text = fallback;
        }
        if (text == null || text.isBlank()) {
            errors.add(where + ": no prompt: " + (options.promptField() != null ? "data." + options.promptField() + " is missing or empty."
                    : "the task has none of the fields " + String.join(", ", PROMPT_FIELDS) + "; name the data field that holds"
                    + " the prompt with ?prompt=FIELD."));
            return null;
        }
        return ImportRecords.storable(where, "prompt", text, errors);
    }

    private String reply(String where, JsonNode data, List<String> errors) {
        String reply = firstField(data, options.replyField(), REPLY_FIELDS);
        if (reply == null) {
            errors.add(where + ": no reply to label: " + (options.replyField() != null ? "data." + options.replyField() + " is missing."
                    : "the task has none of the fields " + String.join(", ", REPLY_FIELDS) + "; name the data field that holds"
                    + " the reply with ?reply=FIELD."));
        }
        return reply;
    }

    /** The named field's text, or the first of the usual fields present; a message list becomes a prompt text. */
    private static String firstField(JsonNode data, String named, List<String> usual) {
        for (String field : named != null ? List.of(named) : usual) {
            JsonNode value = data.path(field);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
            if (value.isArray() && !value.isEmpty() && value.get(0).path("content").isTextual()) {
                List<JsonNode> turns = new ArrayList<>();
                value.forEach(turns::add);
                return ImportRecords.prompt(turns);
            }
        }
        return null;
    }

    /** Pairwise and ranker tasks carry their texts in the items; without a prompt field they are named by task. */
    private static String fallbackPrompt(JsonNode task) {
        return task.path("id").isValueNode() ? "Label Studio task " + task.get("id").asText() : null;
    }

    /** {@code completed_by}: a user id, or a user object whose id is used (never its e-mail). */
    private static String annotator(JsonNode annotation) {
        JsonNode by = annotation.path("completed_by");
        JsonNode id = by.isObject() ? by.path("id") : by;
        return id.isValueNode() && !id.asText().isBlank() ? "user " + id.asText() : null;
    }

    private static Instant time(String where, JsonNode annotation, List<String> errors) {
        String created = annotation.path("created_at").asText(null);
        if (created == null || created.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(created);
        } catch (DateTimeParseException e) {
            errors.add(where + ": created_at '" + created + "' is not an ISO-8601 time.");
            return null;
        }
    }

    /** The strings of a JSON array, or null if it is not one. */
    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        array.forEach(value -> strings.add(value.asText()));
        return strings;
    }
}
