package dev.laurel.dataset;

import dev.laurel.campaign.Prompt;
import java.util.List;

/**
 * Prompts and replies as the chat messages of TRL's conversational formats ({@code role}, {@code content}).
 * {@link #prompt} is the one place a prompt becomes messages: today a prompt is one text, so it is one user
 * message; when prompts carry system / user / assistant turns, they are returned here and every
 * conversational file, Parquet table and card follows. Pure.
 */
public final class Conversations {

    /** One chat message; roles are "system", "user" or "assistant". */
    public record Message(String role, String content) {
    }

    private Conversations() {
    }

    /** The prompt's messages, in order, ending with the turn the replies answer. */
    public static List<Message> prompt(Prompt prompt) {
        return List.of(new Message("user", prompt.text));
    }

    /** A reply as the assistant turn that completes the prompt's conversation. */
    public static List<Message> reply(String text) {
        return List.of(new Message("assistant", text));
    }
}
