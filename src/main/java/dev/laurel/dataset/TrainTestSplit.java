package dev.laurel.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A seeded train/test split by prompt: a prompt is in the test split when SHA-256(seed, prompt id) read as a
 * fraction of 2^64 is below the test fraction. Every row of a prompt (all its pairs, votes, answers) lands in
 * the same split, the same seed always gives the same split, and a prompt keeps its split in every later
 * snapshot of the campaign (it depends on nothing else), so a later version never leaks an earlier test prompt
 * into training. The test share is the fraction in expectation, not exactly. (The reward-model trainer's own
 * validation split, {@code rewardmodel.PromptSplit}, shuffles the prompts it holds for an exact count; a published
 * dataset needs one that stays put as versions grow.) Pure.
 *
 * @param testFraction share of prompts held out, in [0, 1)
 */
public record TrainTestSplit(double testFraction, long seed) {
    public static final String TRAIN = "train";
    public static final String TEST = "test";

    public TrainTestSplit {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("The test fraction must be at least 0 and below 1, got " + testFraction + ".");
        }
    }

    public boolean isTest(String promptId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        byte[] digest = sha256.digest(promptId.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest).getLong() >>> 11; // 53 bits: exact as a double
        return bits / (double) (1L << 53) < testFraction;
    }

    public String of(String promptId) {
        return isTest(promptId) ? TEST : TRAIN;
    }
}
