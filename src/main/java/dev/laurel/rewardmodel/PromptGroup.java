package dev.laurel.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All comparisons of one prompt as one training element (InstructGPT's reward-model recipe, Ouyang et
 * al. 2022 §3.5): the prompt and each of its distinct replies are encoded once, and every voted pair of
 * those replies reads its two rewards from them. Per-pair training encodes a reply once per pair it is
 * in (Vicuna80: 5 replies a question in 10 pairs, so 3 sequences a pair become 6 a question); identical
 * votes (LFQA: the same pair judged by up to three experts) become one comparison with a vote count.
 */
record PromptGroup(String prompt, List<String> replies, List<Comparison> comparisons) {

    /** Reply {@code chosen} beat reply {@code rejected} (indexes into {@code replies}) in {@code votes} pairs. */
    record Comparison(int chosen, int rejected, double margin, int votes) {
    }

    /** Pairs grouped by prompt, prompts and replies in order of first appearance; nothing is dropped. */
    static List<PromptGroup> of(List<PreferencePair> pairs) {
        Map<String, Builder> byPrompt = new LinkedHashMap<>();
        for (PreferencePair pair : pairs) {
            byPrompt.computeIfAbsent(pair.prompt(), Builder::new).add(pair);
        }
        return byPrompt.values().stream().map(Builder::build).toList();
    }

    /** The pairs (votes) this group stands for. */
    int votes() {
        return comparisons.stream().mapToInt(Comparison::votes).sum();
    }

    /** Texts the encoder reads for this group: the prompt and each distinct reply. */
    int sequences() {
        return 1 + replies.size();
    }

    static int votes(List<PromptGroup> groups) {
        return groups.stream().mapToInt(PromptGroup::votes).sum();
    }

    /**
     * Consecutive groups cut into chunks, each closed as soon as it holds at least {@code minVotes} pairs:
     * a whole number of groups per chunk, and never more chunks than {@code ⌈votes / minVotes⌉}.
     */
    static List<List<PromptGroup>> chunks(List<PromptGroup> groups, int minVotes) {
        List<List<PromptGroup>> chunks = new ArrayList<>();
        List<PromptGroup> open = new ArrayList<>();
        int votes = 0;
        for (PromptGroup group : groups) {
            open.add(group);
            votes += group.votes();
            if (votes >= minVotes) {
                chunks.add(open);
                open = new ArrayList<>();
                votes = 0;
            }
        }
        if (!open.isEmpty()) {
            chunks.add(open);
        }
        return chunks;
    }

    /**
     * Some groups' comparisons as arrays over their replies, concatenated in group order: one-hot rows
     * selecting each comparison's chosen and rejected reward from the rewards of all replies, the margins,
     * and each comparison's weight in the loss. {@code replyPrompt} maps each reply to its group's prompt.
     */
    record Batch(NDArray replyPrompt, NDArray chosen, NDArray rejected, NDArray margins, NDArray weights, float[] votes) {

        /**
         * Weights for one pass of a training step of {@code groupsInStep} groups: each group's comparisons
         * weigh their share of its votes and each group {@code 1 / groupsInStep}, so that every prompt counts
         * the same (as in InstructGPT) and the passes of a step add up to the step's mean. One group of
         * single-vote pairs: the mean per-pair loss.
         */
        static Batch of(NDManager manager, List<PromptGroup> groups, int groupsInStep) {
            int replies = groups.stream().mapToInt(g -> g.replies().size()).sum();
            int count = groups.stream().mapToInt(g -> g.comparisons().size()).sum();
            float[] replyPrompt = new float[replies * groups.size()];
            float[] chosen = new float[count * replies];
            float[] rejected = new float[count * replies];
            float[] margins = new float[count];
            float[] weights = new float[count];
            float[] votes = new float[count];
            int offset = 0;
            int row = 0;
            for (int g = 0; g < groups.size(); g++) {
                PromptGroup group = groups.get(g);
                for (int r = 0; r < group.replies().size(); r++) {
                    replyPrompt[(offset + r) * groups.size() + g] = 1;
                }
                double weight = 1.0 / (group.votes() * (double) groupsInStep);
                for (Comparison c : group.comparisons()) {
                    chosen[row * replies + offset + c.chosen()] = 1;
                    rejected[row * replies + offset + c.rejected()] = 1;
                    margins[row] = (float) c.margin();
                    weights[row] = (float) (c.votes() * weight);
                    votes[row] = c.votes();
                    row++;
                }
                offset += group.replies().size();
            }
            return new Batch(manager.create(replyPrompt, new Shape(replies, groups.size())),
                    manager.create(chosen, new Shape(count, replies)),
                    manager.create(rejected, new Shape(count, replies)),
                    manager.create(margins), manager.create(weights), votes);
        }

        /** The weighted Bradley-Terry loss of {@code rewards} (one per reply, in batch order). */
        NDArray loss(BradleyTerryLoss loss, NDArray rewards) {
            return loss.terms(pick(chosen, rewards), pick(rejected, rewards), margins).mul(weights).sum();
        }

        /**
         * Sums over the pairs the comparisons stand for (each counted by its votes): loss, pairs ranked
         * right, reward margin. Divided by the pairs, they are the per-pair figures of the pair trainers.
         */
        double[] tally(BradleyTerryLoss loss, NDArray rewards) {
            NDArray chosenRewards = pick(chosen, rewards);
            NDArray rejectedRewards = pick(rejected, rewards);
            float[] terms = loss.terms(chosenRewards, rejectedRewards, margins).toFloatArray();
            float[] differences = chosenRewards.sub(rejectedRewards).toFloatArray();
            double[] sums = new double[3];
            for (int i = 0; i < votes.length; i++) {
                sums[0] += votes[i] * terms[i];
                sums[1] += differences[i] > 0 ? votes[i] : 0;
                sums[2] += votes[i] * differences[i];
            }
            return sums;
        }

        private static NDArray pick(NDArray selection, NDArray rewards) {
            return selection.matMul(rewards.reshape(-1, 1)).reshape(-1);
        }
    }

    /** The groups' prompts, one each, in group order (the encoder's first texts). */
    static List<String> prompts(List<PromptGroup> groups) {
        return groups.stream().map(PromptGroup::prompt).toList();
    }

    /** All the groups' replies, in group order (the encoder's second texts; {@link Batch} indexes them so). */
    static List<String> replies(List<PromptGroup> groups) {
        return groups.stream().flatMap(g -> g.replies().stream()).toList();
    }

    private static final class Builder {
        private final String prompt;
        private final Map<String, Integer> replies = new LinkedHashMap<>();
        private final Map<List<Object>, int[]> votes = new LinkedHashMap<>();

        Builder(String prompt) {
            this.prompt = prompt;
        }

        void add(PreferencePair pair) {
            int chosen = replies.computeIfAbsent(pair.chosen(), k -> replies.size());
            int rejected = replies.computeIfAbsent(pair.rejected(), k -> replies.size());
            votes.computeIfAbsent(List.of(chosen, rejected, pair.margin()), k -> new int[1])[0]++;
        }

        PromptGroup build() {
            List<Comparison> comparisons = new ArrayList<>();
            votes.forEach((key, count) -> comparisons.add(
                    new Comparison((Integer) key.get(0), (Integer) key.get(1), (Double) key.get(2), count[0])));
            return new PromptGroup(prompt, List.copyOf(replies.keySet()), List.copyOf(comparisons));
        }
    }
}
