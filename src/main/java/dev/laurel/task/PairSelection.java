package dev.laurel.task;

import dev.laurel.campaign.Campaign;
import dev.laurel.model.Candidates;
import dev.laurel.task.PairUncertainty.ReplyPair;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Which candidate pairs a pairwise campaign compares on a prompt, Arena-style. Without a
 * {@code pairsPerPrompt} limit every pair is compared. With one, pairs are drawn at random without
 * replacement, weighted by the product of every {@link PairUncertainty} source: uniform while no
 * source knows anything, then toward the pairs whose order is least certain. Each source's weight
 * is floored at {@link #EXPLORATION} so that no pair is ever starved and a wrong early rating can
 * still be corrected.
 */
@ApplicationScoped
public class PairSelection {
    static final double EXPLORATION = 0.05;

    private final Instance<PairUncertainty> sources;
    private final Random random = new SecureRandom();

    PairSelection(Instance<PairUncertainty> sources) {
        this.sources = sources;
    }

    /**
     * The pairs of {@code replies} to make tasks for now: those not {@code paired} yet (sets of two
     * generation ids), at most the campaign's {@code pairsPerPrompt} minus the pairs made before.
     */
    public List<ReplyPair> choose(Campaign campaign, long promptId, List<Candidates.Reply> replies, Set<Set<Long>> paired) {
        List<ReplyPair> open = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            for (int j = i + 1; j < replies.size(); j++) {
                Candidates.Reply a = replies.get(i);
                Candidates.Reply b = replies.get(j);
                if (a.candidateId() != b.candidateId() && !paired.contains(Set.of(a.generationId(), b.generationId()))) {
                    open.add(new ReplyPair(a, b));
                }
            }
        }
        Integer limit = campaign.kindSettings().pairsPerPrompt();
        int wanted = limit == null ? open.size() : Math.max(0, limit - paired.size());
        if (wanted >= open.size()) {
            return open;
        }
        return sample(open, weights(campaign, promptId, open), wanted, random);
    }

    /** The product of every source's view, each floored at {@link #EXPLORATION}; all 1 when none has a view. */
    double[] weights(Campaign campaign, long promptId, List<ReplyPair> pairs) {
        double[] weights = new double[pairs.size()];
        Arrays.fill(weights, 1.0);
        for (PairUncertainty source : sources) {
            Optional<double[]> view;
            try {
                view = source.of(campaign, promptId, pairs);
            } catch (RuntimeException e) {
                // a source that fails (e.g. a reward model that cannot load) must not stop tasks being made
                Log.warnf(e, "Pair selection: %s failed for campaign %d; choosing without it",
                        source.getClass().getSimpleName(), campaign.id);
                continue;
            }
            view.ifPresent(values -> {
                for (int i = 0; i < weights.length; i++) {
                    weights[i] *= Math.max(EXPLORATION, Math.min(1.0, values[i]));
                }
            });
        }
        return weights;
    }

    /**
     * Weighted sampling without replacement (Efraimidis and Spirakis): each item draws the key
     * u^(1/w) and the {@code count} largest keys win, so an item's chance grows with its weight.
     */
    static <T> List<T> sample(List<T> items, double[] weights, int count, Random random) {
        double[] keys = new double[items.size()];
        for (int i = 0; i < keys.length; i++) {
            double u = random.nextDouble();
            keys[i] = Math.log(u == 0 ? Double.MIN_VALUE : u) / weights[i]; // log of u^(1/w); same order
        }
        return IntStream.range(0, items.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> keys[i]).reversed())
                .limit(count).map(items::get).toList();
    }
}
