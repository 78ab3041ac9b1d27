package dev.laurel.importing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAssistant message trees (the oasst "trees" export: one tree per line, the prompt at its root, {@code replies}
 * nested). Every group of sibling assistant replies that carries the crowd's ranks becomes one ranking answer of its
 * own size, about the conversation from the root down to the replies' parent (prompter turns are user turns): the
 * replies shown in the order the tree lists them, ranked by {@code rank} (0 = best). The ranks are the crowd's merged
 * consensus (ranked pairs) — one answer, by the pseudonym {@value #CONSENSUS}, not one per original ranker (the
 * export leaves the individual rankings out). Messages are human-written, so replies are "human".
 * <p>A deleted message, or one the reviewers judged spam ({@code review_result} false), is left out with everything
 * below it, as the official "ready" export does; a group with fewer than two ranked replies left is no ranking.
 */
final class OasstTrees implements ImportSource {
    static final String CONSENSUS = "oasst ranked-pairs consensus";

    @Override
    public String name() {
        return "oasst";
    }

    @Override
    public List<ImportedRecord> read(String text, Campaign campaign, List<String> errors) {
        ImportRecords.requireKind(campaign, TaskKind.RANKING, "OpenAssistant trees hold rankings of sibling replies");
        List<ImportedRecord> records = new ArrayList<>();
        for (ImportRecords.Json tree : ImportRecords.read(text, errors)) {
            JsonNode root = tree.node().get("prompt");
            if (root == null || !root.isObject()) {
                errors.add(tree.where() + ": no 'prompt' message; each line of an oasst trees export is one tree.");
                continue;
            }
            int before = errors.size();
            List<ImportedRecord> found = new ArrayList<>();
            walk(tree.where(), root, new ArrayList<>(), found, errors);
            if (errors.size() == before) {
                records.addAll(found);
            }
        }
        return records;
    }

    /** Adds the ranked groups under {@code message}, whose conversation so far is {@code above}. */
    private static void walk(String where, JsonNode message, List<ChatMessage> above, List<ImportedRecord> into,
                             List<String> errors) {
        String at = where + ", message " + message.path("message_id").asText("?");
        String role = switch (message.path("role").asText("")) {
            case "prompter" -> ChatMessage.USER;
            case "assistant" -> ChatMessage.ASSISTANT;
            default -> {
                errors.add(at + ": role '" + message.path("role").asText("") + "' is neither prompter nor assistant.");
                yield null;
            }
        };
        String content = text(at, message, errors);
        if (role == null || content == null) {
            return;
        }
        List<ChatMessage> conversation = new ArrayList<>(above);
        conversation.add(new ChatMessage(role, content));
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode reply : message.path("replies")) {
            if (kept(reply)) {
                kept.add(reply);
            }
        }
        List<JsonNode> ranked = kept.stream()
                .filter(reply -> "assistant".equals(reply.path("role").asText()) && reply.path("rank").isIntegralNumber())
                .toList();
        if (ranked.size() >= 2 && ChatMessage.USER.equals(role)) {
            group(at, conversation, ranked, into, errors);
        }
        for (JsonNode reply : kept) {
            walk(where, reply, conversation, into, errors);
        }
    }

    /** One ranking answer: the replies in the tree's order, ranked by their ranks. */
    private static void group(String at, List<ChatMessage> conversation, List<JsonNode> ranked, List<ImportedRecord> into,
                              List<String> errors) {
        List<ImportedRecord.Reply> replies = new ArrayList<>();
        Set<Integer> ranks = new HashSet<>();
        Instant latest = null;
        for (JsonNode reply : ranked) {
            String content = text(at + ", reply " + reply.path("message_id").asText("?"), reply, errors);
            replies.add(ImportedRecord.Reply.human(content));
            if (!ranks.add(reply.path("rank").asInt())) {
                errors.add(at + ": two of its replies share rank " + reply.path("rank").asInt() + ".");
            }
            Instant created = time(at, reply, errors);
            if (created != null && (latest == null || created.isAfter(latest))) {
                latest = created;
            }
        }
        if (replies.stream().anyMatch(reply -> reply.text() == null)) {
            return;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> ranked.get(i).path("rank").asInt()));
        List<Integer> ranking = order.stream().map(i -> i + 1).toList();
        into.add(new ImportedRecord(at, List.copyOf(conversation), replies,
                new AnswerRequest(null, null, null, ranking, null, null, null), CONSENSUS, latest, 0));
    }

    /** Whether a message stays: not deleted, not judged spam. */
    private static boolean kept(JsonNode message) {
        return !message.path("deleted").asBoolean(false) && !(message.path("review_result").isBoolean()
                && !message.path("review_result").asBoolean());
    }

    private static String text(String at, JsonNode message, List<String> errors) {
        JsonNode text = message.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            errors.add(at + ": its 'text' is missing or empty.");
            return null;
        }
        return ImportRecords.storable(at, "text", text.asText(), errors);
    }

    private static Instant time(String at, JsonNode message, List<String> errors) {
        String created = message.path("created_date").asText(null);
        if (created == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(created).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(at + ": created_date '" + created + "' is not an ISO-8601 time.");
            return null;
        }
    }
}
