package dev.laurel.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.payout.Allocation.Contributor;
import dev.laurel.payout.Allocation.Policy;
import dev.laurel.payout.Allocation.Result;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AllocationTest {
    private static final long ONE = Allocation.WEIGHT_ONE;

    private static String account(int i) {
        return String.format("0x%040x", i);
    }

    private static Contributor labeler(int i, long points) {
        return new Contributor(account(i), points, ONE, 1.0);
    }

    @Test
    void budgetIsSharedInProportionToPoints() {
        Result r = Allocation.allocate(new Policy(BigInteger.valueOf(1000), null, 0),
                List.of(labeler(1, 1), labeler(2, 3)));
        assertEquals(Map.of(account(1), BigInteger.valueOf(250), account(2), BigInteger.valueOf(750)), r.amounts());
        assertEquals(BigInteger.ZERO, r.unallocated());
    }

    @Test
    void leftoverUnitsGoToLargestRemaindersThenLowerAddress() {
        // 10 / 3 each = 3.33…: one unit is left, all remainders tie → the lowest address gets it
        Result r = Allocation.allocate(new Policy(BigInteger.TEN, null, 0),
                List.of(labeler(3, 1), labeler(1, 1), labeler(2, 1)));
        assertEquals(List.of(BigInteger.valueOf(4), BigInteger.valueOf(3), BigInteger.valueOf(3)),
                List.copyOf(r.amounts().values()));
        assertEquals(account(1), r.amounts().keySet().iterator().next());
        // 100 split 1:2:4 → 14.28, 28.57, 57.14: floors add to 99, the one unit left goes to .57
        Result s = Allocation.allocate(new Policy(BigInteger.valueOf(100), null, 0),
                List.of(labeler(1, 1), labeler(2, 2), labeler(3, 4)));
        assertEquals(List.of(BigInteger.valueOf(14), BigInteger.valueOf(29), BigInteger.valueOf(57)),
                List.copyOf(s.amounts().values()));
    }

    @Test
    void qualityWeightScalesPoints() {
        Result r = Allocation.allocate(new Policy(BigInteger.valueOf(900), null, 0), List.of(
                new Contributor(account(1), 10, ONE / 2, 1.0),
                new Contributor(account(2), 10, ONE, 1.0)));
        assertEquals(BigInteger.valueOf(300), r.amounts().get(account(1)));
        assertEquals(BigInteger.valueOf(600), r.amounts().get(account(2)));
    }

    @Test
    void labelersBelowTheMinimumReliabilityGetNothingAndAreReported() {
        Result r = Allocation.allocate(new Policy(BigInteger.valueOf(100), null, 0.7), List.of(
                new Contributor(account(1), 50, ONE, 0.69),
                new Contributor(account(2), 10, ONE, 0.7)));
        assertEquals(Map.of(account(2), BigInteger.valueOf(100)), r.amounts());
        assertEquals(List.of(account(1)), r.belowReliability());
    }

    @Test
    void cappedExcessIsRedistributedToTheOthers() {
        // 1000 split 8:1:1 would be 800/100/100; cap 500 → 500, then 500 split 1:1 → 250/250
        Result r = Allocation.allocate(new Policy(BigInteger.valueOf(1000), BigInteger.valueOf(500), 0),
                List.of(labeler(1, 8), labeler(2, 1), labeler(3, 1)));
        assertEquals(List.of(BigInteger.valueOf(500), BigInteger.valueOf(250), BigInteger.valueOf(250)),
                List.copyOf(r.amounts().values()));
        // cascading: 100 split 6:3:1, cap 40 → 40; 60 split 3:1 → 45 ≥ 40 → 40; the last gets 20
        Result c = Allocation.allocate(new Policy(BigInteger.valueOf(100), BigInteger.valueOf(40), 0),
                List.of(labeler(1, 6), labeler(2, 3), labeler(3, 1)));
        assertEquals(List.of(BigInteger.valueOf(40), BigInteger.valueOf(40), BigInteger.valueOf(20)),
                List.copyOf(c.amounts().values()));
    }

    @Test
    void whatNobodyCanReceiveIsReportedAsUnallocated() {
        Result r = Allocation.allocate(new Policy(BigInteger.valueOf(100), BigInteger.valueOf(30), 0),
                List.of(labeler(1, 1), labeler(2, 5)));
        assertEquals(BigInteger.valueOf(60), r.allocated());
        assertEquals(BigInteger.valueOf(40), r.unallocated());
        Result none = Allocation.allocate(new Policy(BigInteger.valueOf(100), null, 0), List.of(labeler(1, 0)));
        assertEquals(Map.of(), none.amounts());
        assertEquals(BigInteger.valueOf(100), none.unallocated());
    }

    @Test
    void anAccountAppearsOnce() {
        assertThrows(IllegalArgumentException.class, () -> Allocation.allocate(new Policy(BigInteger.TEN, null, 0),
                List.of(labeler(1, 1), new Contributor(account(1).toUpperCase().replace("0X", "0x"), 2, ONE, 1))));
    }

    /** Property: for random labelers, budgets and caps, sum + unallocated is exactly the budget, nobody exceeds
     *  the cap, the budget is fully given whenever the caps allow it, more weight never gets less, and the
     *  input order never matters. */
    @Test
    void sumIsExactlyTheBudgetForRandomInputs() {
        long seed = Long.getLong("allocation.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int run = 0; run < 2000; run++) {
            int n = 1 + random.nextInt(60);
            List<Contributor> contributors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                contributors.add(new Contributor(account(random.nextInt(1 << 20) * 64 + i), random.nextInt(1000),
                        random.nextInt(3) == 0 ? random.nextInt((int) ONE) : ONE, random.nextDouble()));
            }
            BigInteger budget = new BigInteger(1 + random.nextInt(100), random);
            BigInteger cap = random.nextBoolean() ? null : budget.divide(BigInteger.valueOf(1 + random.nextInt(n))).add(BigInteger.ONE);
            Policy policy = new Policy(budget, cap, random.nextDouble() * 0.5);
            Result r = Allocation.allocate(policy, contributors);
            String where = "seed " + seed + " run " + run;

            assertEquals(budget, r.allocated().add(r.unallocated()), where);
            long eligible = contributors.stream()
                    .filter(c -> c.reliability() >= policy.minReliability() && c.points() > 0 && c.weightMillionths() > 0).count();
            if (eligible > 0 && (cap == null || cap.multiply(BigInteger.valueOf(eligible)).compareTo(budget) >= 0)) {
                assertEquals(BigInteger.ZERO, r.unallocated(), where);
            }
            for (BigInteger amount : r.amounts().values()) {
                assertTrue(amount.signum() > 0, where);
                assertTrue(cap == null || amount.compareTo(cap) <= 0, where);
            }
            for (Contributor a : contributors) {
                for (Contributor b : contributors) {
                    if (r.amounts().containsKey(b.account()) && a.reliability() >= policy.minReliability()
                            && a.weightedPoints().compareTo(b.weightedPoints()) > 0) {
                        // one base unit of rounding at most; never a real inversion
                        assertTrue(r.amounts().getOrDefault(a.account(), BigInteger.ZERO).add(BigInteger.ONE)
                                .compareTo(r.amounts().get(b.account())) >= 0, where);
                    }
                }
            }
            List<Contributor> shuffled = new ArrayList<>(contributors);
            Collections.shuffle(shuffled, random);
            assertEquals(r, Allocation.allocate(policy, shuffled), where);
        }
    }
}
