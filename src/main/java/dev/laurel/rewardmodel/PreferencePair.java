package dev.laurel.rewardmodel;

/**
 * One human preference in the TRL reward format: for {@code prompt}, {@code chosen} was preferred over
 * {@code rejected}; {@code margin} (≥ 0, 0 when unknown) says by how much, e.g. from consensus strength.
 * Dataset exports produce these; the trainer consumes them.
 */
public record PreferencePair(String prompt, String chosen, String rejected, double margin) {
    public PreferencePair {
        if (prompt == null || chosen == null || rejected == null) {
            throw new IllegalArgumentException("prompt, chosen and rejected are required");
        }
        if (!Double.isFinite(margin) || margin < 0) {
            throw new IllegalArgumentException("margin must be a finite number ≥ 0, not " + margin);
        }
    }

    public static PreferencePair of(String prompt, String chosen, String rejected) {
        return new PreferencePair(prompt, chosen, rejected, 0);
    }
}
