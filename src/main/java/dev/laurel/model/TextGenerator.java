package dev.laurel.model;

import dev.laurel.campaign.ChatMessage;
import java.util.List;

/** One port for every kind of candidate that writes its own replies (DJL artifact, HTTP endpoint). */
public interface TextGenerator {
    /**
     * Replies to conversations, in order: each is the system prompt (if any) and the turns of a prompt, ending with
     * the user turn the reply answers. A conversation that fails gets a reply with an error instead of failing the batch.
     */
    List<Reply> respond(List<List<ChatMessage>> conversations, Sampling sampling);

    /** Replies to plain prompts, each one user turn. */
    default List<Reply> generate(List<String> prompts, Sampling sampling) {
        return respond(prompts.stream().map(prompt -> List.of(ChatMessage.user(prompt))).toList(), sampling);
    }

    record Reply(String text, int tokens, String error) {
        public static Reply failed(String error) {
            return new Reply(null, 0, error);
        }

        public boolean isFailed() {
            return error != null;
        }
    }
}
