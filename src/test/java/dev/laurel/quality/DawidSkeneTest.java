package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DawidSkeneTest {

    private static final int MAX_ITERATIONS = 200;
    private static final double TOLERANCE = 1e-6;

    @Test
    void dawidSkeneOnRteBeatsMajorityVote() {
        Snow2008 rte = Snow2008.rte();

        DawidSkene.Result result = DawidSkene.fit(rte.labels(), 2, MAX_ITERATIONS, TOLERANCE);
        double error = ErrorRate.of(result.labels(), rte.gold());

        // Zhang, Chen, Zhou & Jordan (2016): majority-vote-initialised Dawid-Skene errs on 7.12%
        assertTrue(result.converged());
        assertEquals(57.0 / 800, error, 1e-12);
        assertTrue(error <= 0.075);
        assertTrue(error < MajorityVote.of(rte.labels()).expectedError(rte.gold()));
    }

    @Test
    void dawidSkeneOnTempBeatsMajorityVote() {
        Snow2008 temp = Snow2008.temp();

        DawidSkene.Result result = DawidSkene.fit(temp.labels(), 2, MAX_ITERATIONS, TOLERANCE);
        double error = ErrorRate.of(result.labels(), temp.gold());

        assertTrue(result.converged());
        assertEquals(27.0 / 462, error, 1e-12);
        assertTrue(error < MajorityVote.of(temp.labels()).expectedError(temp.gold()));
    }

    @Test
    void perfectLabelerGetsDiagonalConfusionNearOne() {
        SyntheticCrowd crowd = new SyntheticCrowd(600, 3, 7).answer(honestAndSpammers(), 5);
        List<Label> labels = new ArrayList<>(crowd.labels);
        crowd.truth.forEach((item, truth) -> labels.add(new Label(item, "oracle", truth)));

        DawidSkene.Result result = DawidSkene.fit(labels, 3, MAX_ITERATIONS, TOLERANCE);

        double[][] confusion = result.confusions().get("oracle");
        for (int k = 0; k < 3; k++) {
            assertEquals(1.0, confusion[k][k], 0.01, "class " + k);
        }
        assertEquals(1.0, result.accuracy("oracle"), 0.01);
        assertTrue(ErrorRate.of(result.labels(), crowd.truth) < 0.01);  // the rest of the crowd still has a say
    }

    @Test
    void permutingLabelerIdsAndLabelOrderChangesNothing() {
        SyntheticCrowd crowd = new SyntheticCrowd(400, 3, 11).answer(honestAndSpammers(), 5);
        List<String> names = crowd.labels.stream().map(Label::labeler).distinct().toList();
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(3));
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            rename.put(names.get(i), "renamed-" + shuffled.get(i));
        }
        List<Label> permuted = new ArrayList<>(crowd.labels.stream()
                .map(label -> new Label(label.item(), rename.get(label.labeler()), label.value()))
                .toList());
        Collections.shuffle(permuted, new Random(5));

        DawidSkene.Result original = DawidSkene.fit(crowd.labels, 3, MAX_ITERATIONS, TOLERANCE);
        DawidSkene.Result renamed = DawidSkene.fit(permuted, 3, MAX_ITERATIONS, TOLERANCE);

        original.posteriors().forEach((item, posterior) ->
                assertArrayEquals(posterior, renamed.posteriors().get(item), 1e-9, item));
        original.confusions().forEach((labeler, confusion) -> {
            double[][] same = renamed.confusions().get(rename.get(labeler));
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(confusion[k], same[k], 1e-9, labeler);
            }
        });
        assertArrayEquals(original.priors(), renamed.priors(), 1e-9);
    }

    @Test
    void recoversSyntheticTruthBetterThanMajorityVoteDespiteSpammers() {
        SyntheticCrowd crowd = new SyntheticCrowd(1000, 3, 42).answer(honestAndSpammers(), 5);

        DawidSkene.Result result = DawidSkene.fit(crowd.labels, 3, MAX_ITERATIONS, TOLERANCE);
        double dawidSkeneError = ErrorRate.of(result.labels(), crowd.truth);
        double majorityError = MajorityVote.of(crowd.labels).expectedError(crowd.truth);

        assertTrue(dawidSkeneError < majorityError / 2,
                "Dawid-Skene " + dawidSkeneError + " vs majority vote " + majorityError);
        assertTrue(result.accuracy("honest-0") > 0.85);
        assertTrue(result.accuracy("always-0") < 0.5);
        assertTrue(result.accuracy("random-0") < 0.5);
    }

    @Test
    void posteriorsAreDistributionsAndConfidenceIsTheirMaximum() {
        SyntheticCrowd crowd = new SyntheticCrowd(200, 4, 1).answer(honestAndSpammers(), 4);

        DawidSkene.Result result = DawidSkene.fit(crowd.labels, 4, MAX_ITERATIONS, TOLERANCE);

        result.posteriors().forEach((item, posterior) -> {
            assertEquals(1.0, Arrays.stream(posterior).sum(), 1e-12);
            DawidSkene.Estimate estimate = result.estimate(item);
            assertEquals(Arrays.stream(posterior).max().orElseThrow(), estimate.confidence());
            assertEquals(posterior[estimate.value()], estimate.confidence());
        });
        assertEquals(1.0, Arrays.stream(result.priors()).sum(), 1e-12);
    }

    @Test
    void zeroIterationsLeavesTheSoftMajorityVote() {
        List<Label> labels = List.of(
                new Label("x", "a", 0), new Label("x", "b", 0), new Label("x", "c", 1), new Label("x", "d", 2));

        DawidSkene.Result result = DawidSkene.fit(labels, 3, 0, TOLERANCE);

        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, result.posteriors().get("x"), 1e-12);
        assertEquals(0, result.iterations());
    }

    @Test
    void labelOutsideTheClassesIsRejected() {
        List<Label> labels = List.of(new Label("x", "a", 2));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DawidSkene.fit(labels, 2, MAX_ITERATIONS, TOLERANCE));
        assertEquals("Label of 'a' on item 'x' is 2, outside the classes 0..1", error.getMessage());
    }

    @Test
    void fitsHundredThousandLabelsWellUnderASecond() {
        SyntheticCrowd crowd = new SyntheticCrowd(20_000, 3, 9).answer(manyLabelers(500), 5);
        DawidSkene.fit(crowd.labels.subList(0, 10_000), 3, 10, TOLERANCE);  // warm up the JIT
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        // CPU time rather than wall time, so other processes on a busy build machine do not count
        long start = threads.getCurrentThreadCpuTime();
        DawidSkene.Result result = DawidSkene.fit(crowd.labels, 3, MAX_ITERATIONS, TOLERANCE);
        Duration spent = Duration.ofNanos(threads.getCurrentThreadCpuTime() - start);

        assertEquals(100_000, crowd.labels.size());
        assertTrue(result.converged());
        assertTrue(spent.compareTo(Duration.ofSeconds(1)) < 0, "took " + spent);
    }

    /** Four 90%-accurate labelers against six spammers: most items get a spammer majority. */
    private static Map<String, SyntheticCrowd.Behaviour> honestAndSpammers() {
        Map<String, SyntheticCrowd.Behaviour> labelers = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            labelers.put("honest-" + i, SyntheticCrowd.accurate(0.9));
        }
        for (int i = 0; i < 3; i++) {
            labelers.put("random-" + i, SyntheticCrowd.uniformSpammer());
            labelers.put("always-" + i, SyntheticCrowd.constantSpammer(i % 2));
        }
        return labelers;
    }

    private static Map<String, SyntheticCrowd.Behaviour> manyLabelers(int count) {
        Map<String, SyntheticCrowd.Behaviour> labelers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            labelers.put("labeler-" + i, i % 5 == 0 ? SyntheticCrowd.uniformSpammer()
                    : SyntheticCrowd.accurate(0.6 + 0.35 * i / count));
        }
        return labelers;
    }
}
