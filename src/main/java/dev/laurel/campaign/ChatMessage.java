package dev.laurel.campaign;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One turn of a conversation, in the shape chat APIs, Hugging Face chat templates and TRL's conversational
 * datasets share: {@code {"role": "system" | "user" | "assistant", "content": "..."}}. A prompt is a list of
 * them ({@link Prompt#conversation()}); a plain-text prompt is one user message.
 */
public record ChatMessage(String role, String content) {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    static final Set<String> ROLES = Set.of(SYSTEM, USER, ASSISTANT);
    /** Turns one prompt may have: long enough for real chat logs, short enough for a page to show. */
    static final int MAX_TURNS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }

    @JsonIgnore
    public boolean isUser() {
        return USER.equals(role);
    }

    /** The role with a capital, as players and the plain transcript label it ("System", "User", "Assistant"). */
    public String roleLabel() {
        return role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1);
    }

    /**
     * The plain rendering of a conversation, the one way Laurel flattens it where a model takes one string (reward
     * model encoders, a DJL artifact without a chat template): earlier turns as {@code Role: content}, separated by a
     * blank line, then the last turn's content alone. A one-turn conversation is its text, unchanged.
     */
    public static String transcript(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return "";
        }
        String last = messages.get(messages.size() - 1).content();
        return messages.size() == 1 ? last : history(messages.subList(0, messages.size() - 1)) + "\n\n" + last;
    }

    /** The turns as {@code Role: content} paragraphs (the part of {@link #transcript} before the last turn). */
    public static String history(List<ChatMessage> messages) {
        return messages.stream().map(m -> m.roleLabel() + ": " + m.content()).collect(Collectors.joining("\n\n"));
    }

    /**
     * The conversation a model is asked to continue: the campaign's system prompt first, unless the conversation
     * brings its own system turn (the prompt's own is the more specific).
     */
    public static List<ChatMessage> withSystemPrompt(String systemPrompt, List<ChatMessage> messages) {
        boolean hasOwn = messages.stream().anyMatch(m -> SYSTEM.equals(m.role()));
        if (systemPrompt == null || systemPrompt.isBlank() || hasOwn) {
            return messages;
        }
        List<ChatMessage> all = new ArrayList<>(messages.size() + 1);
        all.add(new ChatMessage(SYSTEM, systemPrompt));
        all.addAll(messages);
        return List.copyOf(all);
    }

    /** The stored form: a JSON array of {role, content}. */
    public static String toJson(List<ChatMessage> messages) {
        try {
            return JSON.writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("messages cannot be written as JSON", e);
        }
    }

    /** Messages stored by {@link #toJson}. */
    public static List<ChatMessage> fromJson(String json) {
        try {
            return List.of(JSON.readValue(json, ChatMessage[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored messages are not readable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a conversation someone sent (an upload's {@code messages}): the messages, or the reasons it is not one,
     * as sentences that finish "Line N: ...". Roles are system, user and assistant; a system turn comes first only;
     * no turn is empty; the last turn is the user's (the replies answer it).
     */
    public static List<ChatMessage> parse(String json, List<String> problems) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add("'messages' is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ").");
            return List.of();
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            problems.add("'messages' must be a non-empty array of {\"role\": ..., \"content\": ...}.");
            return List.of();
        }
        if (root.size() > MAX_TURNS) {
            problems.add("'messages' has " + root.size() + " turns; at most " + MAX_TURNS + " are allowed.");
            return List.of();
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode turn = root.get(i);
            String where = "message " + (i + 1);
            String role = turn.path("role").isTextual() ? turn.path("role").asText().strip().toLowerCase(Locale.ROOT) : "";
            if (!ROLES.contains(role)) {
                problems.add(where + " has role '" + turn.path("role").asText("") + "'; use system, user or assistant.");
                continue;
            }
            if (!turn.path("content").isTextual() || turn.path("content").asText().isBlank()) {
                problems.add(where + " (" + role + ") has no content; every turn needs text.");
                continue;
            }
            java.util.Optional<String> flaw = dev.laurel.platform.StorableText.flaw(turn.path("content").asText());
            if (flaw.isPresent()) {
                problems.add(where + " " + flaw.get());
                continue;
            }
            if (SYSTEM.equals(role) && i > 0) {
                problems.add(where + " is a system turn; a system message may only come first.");
                continue;
            }
            messages.add(new ChatMessage(role, turn.path("content").asText()));
        }
        if (problems.isEmpty() && !messages.get(messages.size() - 1).isUser()) {
            problems.add("the conversation ends with a " + messages.get(messages.size() - 1).role()
                    + " turn; it must end with the user's turn that the replies answer.");
        }
        return problems.isEmpty() ? List.copyOf(messages) : List.of();
    }
}
