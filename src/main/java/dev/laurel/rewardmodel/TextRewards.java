package dev.laurel.rewardmodel;

import java.util.List;

/** A loaded reward model that reads texts itself (no shared frozen embeddings): an uploaded scorer or an end-to-end model. */
interface TextRewards extends AutoCloseable {
    /** One reward per (prompt, reply). */
    float[] score(List<String> prompts, List<String> replies);
}
