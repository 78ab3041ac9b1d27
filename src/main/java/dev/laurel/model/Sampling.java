package dev.laurel.model;

import dev.laurel.platform.Problem;
import java.util.Arrays;
import java.util.Random;

/**
 * How the next token is drawn: temperature (0 = always the most likely), nucleus top-p, a length
 * limit, and an optional seed. With a seed, each prompt gets its own generator seeded from the seed
 * and the prompt text, so a reply does not depend on which other prompts shared its batch.
 */
public record Sampling(double temperature, double topP, int maxTokens, Long seed) {
    public static final Sampling GREEDY = new Sampling(0, 1, 200, 0L);

    public Sampling {
        if (!(temperature >= 0 && temperature <= 5)) {
            throw Problem.badRequest("'temperature' must be between 0 and 5.");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw Problem.badRequest("'topP' must be greater than 0 and at most 1.");
        }
        if (maxTokens < 1 || maxTokens > 8192) {
            throw Problem.badRequest("'maxTokens' must be between 1 and 8192.");
        }
    }

    /** Values left null take the defaults (temperature 0.8, top-p 0.95, the given length limit, no seed). */
    public static Sampling of(Double temperature, Double topP, Integer maxTokens, Long seed, int defaultMaxTokens) {
        return new Sampling(temperature == null ? 0.8 : temperature, topP == null ? 0.95 : topP,
                maxTokens == null ? defaultMaxTokens : maxTokens, seed);
    }

    /** The random source for one prompt. */
    public Random randomFor(String prompt) {
        return seed == null ? new Random() : new Random(seed * 1_000_003L + prompt.hashCode());
    }

    /** Draws a token index from unnormalised log-probabilities. */
    public int pick(float[] logits, Random random) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - logits[best]) / temperature);
            sum += p[i];
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        // keep the smallest set of most likely tokens whose mass reaches top-p
        double kept = 0;
        int size = 0;
        while (size < order.length && kept < topP * sum) {
            kept += p[order[size++]];
        }
        double draw = random.nextDouble() * kept;
        for (int k = 0; k < size; k++) {
            draw -= p[order[k]];
            if (draw <= 0) {
                return order[k];
            }
        }
        return order[size - 1];
    }
}
