package dev.laurel.payout;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits an epoch's token budget between labelers in proportion to their quality-weighted points,
 * exactly, in base units:
 * <ol>
 *   <li>labelers below the minimum reliability, or with no weighted points, get nothing;</li>
 *   <li>a cap per labeler is applied by water-filling: whoever's exact share reaches the cap gets the cap,
 *       and the rest of the budget is shared again among the others until no new share reaches it
 *       (so capped excess is redistributed, never lost);</li>
 *   <li>shares are floored; the few base units left over go one each to the largest remainders
 *       (Hamilton's method), ties broken by the lower address, so the result never depends on input order.</li>
 * </ol>
 * The amounts add up to the budget exactly, unless every eligible labeler is capped (or nobody is
 * eligible): then what cannot be given is returned as {@code unallocated}. Always
 * {@code sum(amounts) + unallocated == budget}.
 * <p>Weights are integers (millionths) so that no floating point ever touches money; reliability is a
 * probability used only for the threshold.
 */
public final class Allocation {
    public static final long WEIGHT_ONE = 1_000_000L;

    /**
     * @param weightMillionths quality weight × 10⁶ (1 000 000 = weight 1.0)
     * @param reliability      the labeler's estimated reliability in [0, 1]
     */
    public record Contributor(String account, long points, long weightMillionths, double reliability) {
        public Contributor {
            if (points < 0 || weightMillionths < 0) {
                throw new IllegalArgumentException("Points and weights are never negative (" + account + ").");
            }
        }

        BigInteger weightedPoints() {
            return BigInteger.valueOf(points).multiply(BigInteger.valueOf(weightMillionths));
        }
    }

    /** @param capPerLabeler null for no cap */
    public record Policy(BigInteger budget, BigInteger capPerLabeler, double minReliability) {
        public Policy {
            if (budget == null || budget.signum() < 0) {
                throw new IllegalArgumentException("The budget is a non-negative amount.");
            }
            if (capPerLabeler != null && capPerLabeler.signum() <= 0) {
                throw new IllegalArgumentException("A cap per labeler must be positive.");
            }
        }
    }

    /**
     * @param amounts          account → amount, only accounts that receive something, ordered by account
     * @param belowReliability accounts excluded by the reliability threshold
     * @param totalWeight      sum of the eligible weighted points (the denominator before capping)
     */
    public record Result(Map<String, BigInteger> amounts, BigInteger unallocated, List<String> belowReliability,
                         BigInteger totalWeight) {
        public BigInteger allocated() {
            return amounts.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
        }
    }

    private Allocation() {
    }

    public static Result allocate(Policy policy, List<Contributor> contributors) {
        Set<String> seen = new HashSet<>();
        List<Contributor> active = new ArrayList<>();
        List<String> belowReliability = new ArrayList<>();
        for (Contributor c : contributors) {
            if (!seen.add(c.account().toLowerCase())) {
                // one leaf per account: the contract marks an account claimed once per epoch
                throw new IllegalArgumentException("Account " + c.account() + " appears twice; sum its points first.");
            }
            if (c.reliability() < policy.minReliability()) {
                belowReliability.add(c.account());
            } else if (c.weightedPoints().signum() > 0) {
                active.add(c);
            }
        }
        Comparator<Contributor> byAccount = Comparator.comparing(c -> c.account().toLowerCase());
        active.sort(byAccount);
        belowReliability.sort(Comparator.comparing(String::toLowerCase));
        BigInteger totalWeight = sum(active);

        Map<String, BigInteger> amounts = new LinkedHashMap<>();
        BigInteger remaining = policy.budget();
        BigInteger cap = policy.capPerLabeler();
        if (cap != null) {
            boolean cappedSomeone = true;
            while (cappedSomeone && !active.isEmpty()) {
                cappedSomeone = false;
                BigInteger weight = sum(active);
                List<Contributor> stillActive = new ArrayList<>();
                for (Contributor c : active) {
                    // exact share remaining·w/W reaches the cap  ⇔  remaining·w ≥ cap·W (no division, no rounding)
                    if (remaining.multiply(c.weightedPoints()).compareTo(cap.multiply(weight)) >= 0) {
                        amounts.put(c.account(), cap);
                        cappedSomeone = true;
                    } else {
                        stillActive.add(c);
                    }
                }
                if (cappedSomeone) {
                    remaining = remaining.subtract(cap.multiply(BigInteger.valueOf(active.size() - stillActive.size())));
                    active = stillActive;
                }
            }
        }

        BigInteger unallocated = BigInteger.ZERO;
        if (active.isEmpty()) {
            unallocated = remaining;
        } else {
            BigInteger weight = sum(active);
            BigInteger[] floors = new BigInteger[active.size()];
            BigInteger[] remainders = new BigInteger[active.size()];
            BigInteger given = BigInteger.ZERO;
            for (int i = 0; i < active.size(); i++) {
                BigInteger[] qr = remaining.multiply(active.get(i).weightedPoints()).divideAndRemainder(weight);
                floors[i] = qr[0];
                remainders[i] = qr[1];
                given = given.add(qr[0]);
            }
            // fewer than active.size() units are left (each remainder is < weight), so one each suffices;
            // a floored share below the cap plus one unit never exceeds the (integer) cap
            int leftover = remaining.subtract(given).intValueExact();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                order.add(i);
            }
            List<Contributor> sorted = active;
            order.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed()
                    .thenComparing(i -> sorted.get(i).account().toLowerCase()));
            for (int k = 0; k < leftover; k++) {
                int i = order.get(k);
                floors[i] = floors[i].add(BigInteger.ONE);
            }
            for (int i = 0; i < active.size(); i++) {
                if (floors[i].signum() > 0) {
                    amounts.put(active.get(i).account(), floors[i]);
                }
            }
        }
        Map<String, BigInteger> ordered = new LinkedHashMap<>();
        amounts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(String::toLowerCase)))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return new Result(ordered, unallocated, List.copyOf(belowReliability), totalWeight);
    }

    private static BigInteger sum(List<Contributor> contributors) {
        return contributors.stream().map(Contributor::weightedPoints).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
