package dev.laurel.model;

import java.util.List;

/** One port for every kind of candidate that writes its own replies (DJL artifact, HTTP endpoint). */
public interface TextGenerator {
    /** Replies in prompt order; a prompt that fails gets a reply with an error instead of failing the batch. */
    List<Reply> generate(List<String> prompts, Sampling sampling);

    record Reply(String text, int tokens, String error) {
        public static Reply failed(String error) {
            return new Reply(null, 0, error);
        }

        public boolean isFailed() {
            return error != null;
        }
    }
}
