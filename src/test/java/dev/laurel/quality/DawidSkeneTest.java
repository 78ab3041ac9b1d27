package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static final int MAX_ITERATIONS = DawidSkene.Options.DEFAULTS.maxIterations();
    private static final double TOLERANCE = DawidSkene.Options.DEFAULTS.tolerance();

    /** Zhang, Chen, Zhou &amp; Jordan (2016): majority-vote-initialised Dawid-Skene errs on 7.12% of RTE (57 of 800). */
    private static final double PUBLISHED_RTE_ERROR = 57.0 / 800;
    /** The same paper, Web column: 15.74%. */
    private static final double PUBLISHED_WEB_ERROR = 0.1574;

    @Test
    void dawidSkeneOnRteSettlesAtOrBelowThePublishedError() {
        Snow2008 rte = Snow2008.rte();

        DawidSkene.Result result = DawidSkene.fit(rte.labels(), 2, DawidSkene.Options.DEFAULTS);
        double error = ErrorRate.of(result.labels(), rte.gold());

        assertTrue(result.converged(), "stopped after " + result.iterations() + ", last change " + result.lastChange());
        assertTrue(result.lastChange() <= TOLERANCE);
        assertTrue(error <= PUBLISHED_RTE_ERROR, "RTE error " + error);
        assertTrue(error < MajorityVote.of(rte.labels()).expectedError(rte.gold()));
    }

    @Test
    void dawidSkeneOnWebSearchRelevanceSettlesAtOrBelowThePublishedError() {
        ZhangWeb web = ZhangWeb.read();

        DawidSkene.Result result = DawidSkene.fit(web.labels(), ZhangWeb.CLASSES, DawidSkene.Options.DEFAULTS);
        double error = ErrorRate.of(result.labels(), web.gold());

        assertTrue(result.converged(), "stopped after " + result.iterations() + ", last change " + result.lastChange());
        assertTrue(error <= PUBLISHED_WEB_ERROR, "web error " + error);
        assertTrue(error < MajorityVote.of(web.labels()).expectedError(web.gold()));
    }

    @Test
    void settledAnswerDoesNotDependOnWhenEmStops() {
        ZhangWeb web = ZhangWeb.read();

        // the answer is EM's fixed point, not a lucky early round: tightening the tolerance changes no label
        DawidSkene.Result loose = DawidSkene.fit(web.labels(), ZhangWeb.CLASSES, DawidSkene.Options.DEFAULTS.stopping(10_000, 1e-4));
        DawidSkene.Result tight = DawidSkene.fit(web.labels(), ZhangWeb.CLASSES, DawidSkene.Options.DEFAULTS.stopping(10_000, 1e-9));

        assertTrue(loose.converged() && tight.converged());
        assertTrue(tight.iterations() > loose.iterations());
        assertEquals(loose.labels(), tight.labels());
    }

    @Test
    void fitThatRunsOutOfIterationsSaysSoAndHowFarItWas() {
        ZhangWeb web = ZhangWeb.read();

        DawidSkene.Result result = DawidSkene.fit(web.labels(), ZhangWeb.CLASSES,
                DawidSkene.Options.DEFAULTS.stopping(5, TOLERANCE));

        assertFalse(result.converged());
        assertEquals(5, result.iterations());
        assertTrue(result.lastChange() > TOLERANCE, "last change " + result.lastChange());
    }

    @Test
    void smoothingMustBePositiveAndTheBonusNotNegative() {
        assertThrows(IllegalArgumentException.class, () -> new DawidSkene.Options(10, 1e-6, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DawidSkene.Options(10, 1e-6, Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DawidSkene.Options(10, 1e-6, 1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new DawidSkene.Options(10, -1, 1, 0.1));
    }

    @Test
    void aHandfulOfItemsKeepsTheirMajorityAnswers() {
        // three labelers, four items: two unanimous, one 2-1, one three-way split. Too little data to
        // learn anyone's confusion, so the prior must not overrule the votes (a symmetric prior alone
        // slid here to "everyone answers at random", every posterior 1/3)
        for (int classes : new int[] {3, 5}) {
            List<Label> labels = new ArrayList<>();
            int[][] said = {{0, 0, 0}, {1, 1, 1}, {2, 2, 0}, {0, 1, 2}};
            for (int item = 0; item < said.length; item++) {
                for (int labeler = 0; labeler < 3; labeler++) {
                    labels.add(new Label("item" + item, "labeler" + labeler, said[item][labeler]));
                }
            }

            DawidSkene.Result result = DawidSkene.fit(labels, classes, DawidSkene.Options.DEFAULTS);

            assertTrue(result.converged());
            assertEquals(0, result.estimate("item0").value(), classes + " classes");
            assertEquals(1, result.estimate("item1").value(), classes + " classes");
            assertEquals(2, result.estimate("item2").value(), classes + " classes");
            for (String item : List.of("item0", "item1", "item2")) {
                assertTrue(result.estimate(item).confidence() > result.posteriors().get("item3")[result.estimate(item).value()],
                        "a majority is surer than a three-way split: " + item);
            }
        }
    }

    @Test
    void dawidSkeneOnTempBeatsMajorityVote() {
        Snow2008 temp = Snow2008.temp();

        DawidSkene.Result result = DawidSkene.fit(temp.labels(), 2, MAX_ITERATIONS, TOLERANCE);
        double error = ErrorRate.of(result.labels(), temp.gold());

        assertTrue(result.converged());
        assertTrue(error < MajorityVote.of(temp.labels()).expectedError(temp.gold()), "TEMP error " + error);
    }

    @Test
    void perfectLabelerGetsDiagonalConfusionNearOne() {
        SyntheticCrowd crowd = new SyntheticCrowd(600, 3, 7).answer(honestAndSpammers(), 5);
        List<Label> labels = new ArrayList<>(crowd.labels);
        crowd.truth.forEach((item, truth) -> labels.add(new Label(item, "oracle", truth)));

        DawidSkene.Result result = DawidSkene.fit(labels, 3, MAX_ITERATIONS, TOLERANCE);

        // a little under 1: the prior's pseudo-counts, and the few items where honest labelers outvote the
        // oracle keep some posterior mass off its answer; both shrink as items grow
        double[][] confusion = result.confusions().get("oracle");
        for (int k = 0; k < 3; k++) {
            assertEquals(1.0, confusion[k][k], 0.025, "class " + k);
        }
        assertEquals(1.0, result.accuracy("oracle"), 0.025);
        result.confusions().keySet().forEach(labeler ->
                assertTrue(result.accuracy(labeler) <= result.accuracy("oracle"), labeler + " above the oracle"));
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
        assertFalse(result.converged());
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
