package dev.laurel.rewardmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Preference pairs with a known rule and an embedder that makes it learnable: every text gets a
 * pseudo-random unit vector (from its hash), and a reply is preferred when its vector points further
 * along a hidden direction. Fast, no model needed.
 */
final class SyntheticPreferences {
    static final int DIMENSIONS = 32;

    private SyntheticPreferences() {
    }

    static float[] vector(String text) {
        Random random = new Random(text.hashCode());
        float[] v = new float[DIMENSIONS];
        double norm = 0;
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) random.nextGaussian();
            norm += v[d] * v[d];
        }
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    static TextEmbedder embedder() {
        return texts -> texts.stream().map(SyntheticPreferences::vector).toArray(float[][]::new);
    }

    /** How much the hidden rule likes a reply. */
    static double quality(String reply) {
        float[] v = vector(reply);
        return v[0] + v[1] - v[2];
    }

    /** {@code prompts} prompts with {@code perPrompt} pairs each, labelled by the hidden rule. */
    static List<PreferencePair> pairs(int prompts, int perPrompt, long seed) {
        Random random = new Random(seed);
        List<PreferencePair> pairs = new ArrayList<>();
        for (int p = 0; p < prompts; p++) {
            String prompt = "prompt " + p;
            for (int k = 0; k < perPrompt; k++) {
                String a = "reply " + random.nextLong();
                String b = "reply " + random.nextLong();
                boolean aWins = quality(a) > quality(b);
                pairs.add(PreferencePair.of(prompt, aWins ? a : b, aWins ? b : a));
            }
        }
        return pairs;
    }
}
