package dev.laurel.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.Choice;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chatbot Arena battle records (FastChat's {@code clean_battle} shape, a JSON array or JSON lines): {@code model_a},
 * {@code model_b}, {@code winner} (model_a, model_b, tie, tie (bothbad)), optional {@code judge} (the voter's
 * pseudonym) and {@code tstamp} (Unix seconds), and the texts as either
 * <ul>
 * <li>{@code conversation_a}/{@code conversation_b}: message lists ({@code role}, {@code content}) whose turns
 *     before the last reply are the prompt, kept turn by turn as its conversation;</li>
 * <li>{@code prompt}, {@code response_a}, {@code response_b}; or</li>
 * <li>Copilot Arena's {@code prefix}, {@code suffix}, {@code completion_a}, {@code completion_b} (the prompt is the
 *     code around the cursor, marked {@value #CURSOR}).</li>
 * </ul>
 * Each battle is one pairwise answer between the two named models, model_a shown on the left.
 */
final class ArenaBattles implements ImportSource {
    static final String CURSOR = "<CURSOR>";

    @Override
    public String name() {
        return "arena";
    }

    @Override
    public List<ImportedRecord> read(String text, Campaign campaign, List<String> errors) {
        ImportRecords.requireKind(campaign, TaskKind.PAIRWISE, "Arena battles are pairwise votes");
        List<ImportedRecord> records = new ArrayList<>();
        for (ImportRecords.Json record : ImportRecords.read(text, errors)) {
            int before = errors.size();
            String modelA = ImportRecords.text(record, "model_a", errors);
            String modelB = ImportRecords.text(record, "model_b", errors);
            String winner = ImportRecords.text(record, "winner", errors);
            Choice choice = winner == null ? null : switch (winner.strip().toLowerCase(Locale.ROOT)) {
                case "model_a" -> Choice.A;
                case "model_b" -> Choice.B;
                case "tie" -> Choice.TIE;
                case "tie (bothbad)" -> Choice.BOTH_BAD;
                default -> {
                    errors.add(record.where() + ": winner '" + winner + "' is not one of model_a, model_b, tie, tie (bothbad).");
                    yield null;
                }
            };
            if (modelA != null && modelA.strip().equals(modelB == null ? null : modelB.strip())) {
                errors.add(record.where() + ": model_a and model_b are both '" + modelA + "'; a battle is between two models.");
            }
            Battle battle = battle(record, errors);
            Instant time = time(record, errors);
            String judge = ImportRecords.optionalText(record, "judge");
            if (judge != null) {
                judge = ImportRecords.storable(record.where(), "judge", judge.strip(), errors);
            }
            if (judge != null && judge.length() > 200) {
                errors.add(record.where() + ": judge is longer than 200 characters.");
            }
            if (errors.size() > before) {
                continue;
            }
            records.add(new ImportedRecord(record.where(), battle.conversation(),
                    List.of(ImportedRecord.Reply.ofModel(modelA, battle.replyA()), ImportedRecord.Reply.ofModel(modelB, battle.replyB())),
                    new AnswerRequest(choice, null), judge, time, 0));
        }
        return records;
    }

    /** What a battle's two replies answer (a one-turn prompt or a conversation, kept turn by turn) and the replies. */
    private record Battle(List<ChatMessage> conversation, String replyA, String replyB) {
    }

    /** A conversation's turns before its last reply, and that reply. */
    private record Turns(List<ChatMessage> before, String reply) {
    }

    /** The conversation and the two replies, or null with an error. */
    private static Battle battle(ImportRecords.Json record, List<String> errors) {
        JsonNode node = record.node();
        Battle battle;
        if (node.has("conversation_a") || node.has("conversation_b")) {
            Turns a = conversation(record, "conversation_a", errors);
            Turns b = conversation(record, "conversation_b", errors);
            if (a == null || b == null) {
                return null;
            }
            if (!a.before().equals(b.before())) {
                errors.add(record.where() + ": conversation_a and conversation_b differ before their last replies; "
                        + "a battle answers one prompt.");
                return null;
            }
            battle = new Battle(a.before(), a.reply(), b.reply());
        } else if (node.has("completion_a") || node.has("prefix")) {
            String prefix = ImportRecords.text(record, "prefix", errors);
            String suffix = ImportRecords.optionalText(record, "suffix");
            String completionA = ImportRecords.text(record, "completion_a", errors);
            String completionB = ImportRecords.text(record, "completion_b", errors);
            if (prefix == null || completionA == null || completionB == null) {
                return null;
            }
            battle = new Battle(List.of(ChatMessage.user(suffix == null ? prefix : prefix + CURSOR + suffix)),
                    completionA, completionB);
        } else {
            String prompt = ImportRecords.text(record, "prompt", errors);
            String a = ImportRecords.text(record, "response_a", errors);
            String b = ImportRecords.text(record, "response_b", errors);
            if (prompt == null || a == null || b == null) {
                return null;
            }
            battle = new Battle(List.of(ChatMessage.user(prompt)), a, b);
        }
        String last = battle.conversation().get(battle.conversation().size() - 1).content();
        String[] texts = {last, battle.replyA(), battle.replyB()};
        String[] names = {"the prompt", "model_a's reply", "model_b's reply"};
        for (int i = 0; i < 3; i++) {
            if (texts[i] == null || texts[i].isBlank()) {
                errors.add(record.where() + ": " + names[i] + " is empty.");
                return null;
            }
        }
        return ImportRecords.storable(record.where(), "text", String.join("", texts), errors) == null ? null : battle;
    }

    /** A conversation's turns before its last reply (checked as any uploaded conversation is) and its last reply, or null with an error. */
    private static Turns conversation(ImportRecords.Json record, String field, List<String> errors) {
        JsonNode turns = record.node().get(field);
        String shape = record.where() + ": " + field + " must be a list of messages {\"role\": ..., \"content\": ...} "
                + "ending with the model's reply";
        if (turns == null || !turns.isArray() || turns.size() < 2) {
            errors.add(shape + ".");
            return null;
        }
        for (int i = 0; i < turns.size(); i++) {
            JsonNode turn = turns.get(i);
            if (!turn.isObject() || !turn.path("role").isTextual() || !turn.path("content").isTextual()) {
                errors.add(shape + "; message " + (i + 1) + " is not.");
                return null;
            }
        }
        JsonNode last = turns.get(turns.size() - 1);
        if (!ChatMessage.ASSISTANT.equals(last.get("role").asText())) {
            errors.add(shape + "; its last message is from '" + last.get("role").asText() + "'.");
            return null;
        }
        ArrayNode before = ((ArrayNode) turns).deepCopy();
        before.remove(before.size() - 1);
        List<String> problems = new ArrayList<>();
        List<ChatMessage> messages = ChatMessage.parse(before.toString(), problems);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> errors.add(record.where() + ": " + field + ", " + problem));
            return null;
        }
        return new Turns(messages, last.get("content").asText());
    }

    /** {@code tstamp} as Unix seconds (a number) or an ISO-8601 instant; null when absent. */
    private static Instant time(ImportRecords.Json record, List<String> errors) {
        JsonNode value = record.node().get("tstamp");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            double seconds = value.asDouble();
            if (seconds < 0 || seconds > 4_102_444_800d) { // before 1970 or after 2100: not a vote time
                errors.add(record.where() + ": tstamp " + value.asText() + " is not a time in Unix seconds.");
                return null;
            }
            return Instant.ofEpochMilli(Math.round(seconds * 1000));
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            errors.add(record.where() + ": tstamp '" + value.asText() + "' is neither Unix seconds nor an ISO-8601 time.");
            return null;
        }
    }
}
