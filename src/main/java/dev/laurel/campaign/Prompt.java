package dev.laurel.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.util.List;

/**
 * One prompt of a campaign's prompt set; {@code externalId} is the model team's own id for it. A prompt is a
 * conversation ({@link #conversation()}): plain text is one user turn; {@code messages} holds a longer one.
 */
@Entity
public class Prompt extends PanacheEntity {
    public long campaignId;
    public String externalId;
    /** The last user turn: what the replies answer, and the flat form search and text-only code read. */
    public String text;
    /** The whole conversation as a JSON array of {@link ChatMessage}s, or null for a one-turn prompt (just {@link #text}). */
    public String messages;

    /** The prompt as the conversation the replies continue: every turn, the last one the user's. */
    public List<ChatMessage> conversation() {
        return conversation(text, messages);
    }

    /** {@link #conversation()} from the two stored columns, for code that reads them without the entity. */
    public static List<ChatMessage> conversation(String text, String messagesJson) {
        return messagesJson == null ? List.of(ChatMessage.user(text)) : ChatMessage.fromJson(messagesJson);
    }

    /** The turns before the last user turn (none for a plain prompt): what players show above the prompt. */
    public List<ChatMessage> earlierTurns() {
        List<ChatMessage> all = conversation();
        return all.subList(0, all.size() - 1);
    }

    /** The conversation flattened by {@link ChatMessage#transcript}: what a reward model's encoder reads. */
    public String transcript() {
        return ChatMessage.transcript(conversation());
    }
}
