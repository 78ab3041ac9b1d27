package dev.laurel.rewardmodel;

import java.util.List;

/** Turns texts into fixed-size vectors, one per text, in the order given. */
@FunctionalInterface
public interface TextEmbedder {
    float[][] embed(List<String> texts);
}
