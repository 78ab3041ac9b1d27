package dev.laurel.rewardmodel;

import java.util.List;

/** Turns texts into fixed-size vectors, one per text, in the order given. */
@FunctionalInterface
public interface TextEmbedder {
    float[][] embed(List<String> texts);

    /**
     * Prompts, which matter most at their end (the latest turns of a conversation, the question after
     * its context): an embedder with a window cuts a long prompt from its start, not its end.
     */
    default float[][] embedPrompts(List<String> prompts) {
        return embed(prompts);
    }
}
