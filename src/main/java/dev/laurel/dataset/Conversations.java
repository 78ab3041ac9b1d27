package dev.laurel.dataset;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.Prompt;
import java.util.List;

/**
 * Prompts and replies as the chat messages of TRL's conversational formats ({@code role}, {@code content}): the
 * prompt's whole conversation ({@link Prompt#conversation()}: system / user / assistant turns, or its text as one user
 * turn), and a reply as the assistant turn that completes it. Every conversational file, Parquet table and card reads
 * messages through here. Pure.
 */
public final class Conversations {

    private Conversations() {
    }

    /** The prompt's messages, in order, ending with the turn the replies answer. */
    public static List<ChatMessage> prompt(Prompt prompt) {
        return prompt.conversation();
    }

    /** A reply as the assistant turn that completes the prompt's conversation. */
    public static List<ChatMessage> reply(String text) {
        return List.of(ChatMessage.assistant(text));
    }
}
