package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {

    @Test
    void majorityVoteOnRteErrsOnTenPointThreeOnePercent() {
        Snow2008 rte = Snow2008.rte();

        double error = MajorityVote.of(rte.labels()).expectedError(rte.gold());

        // Zhang et al. (2016) report 10.31%; exactly 82.5 of 800 items, the half from ties
        assertEquals(82.5 / 800, error, 1e-12);
        assertEquals(0.8969, 1 - error, 5e-5);
    }

    @Test
    void majorityVoteOnTempMatchesPublishedAccuracy() {
        Snow2008 temp = Snow2008.temp();

        double error = MajorityVote.of(temp.labels()).expectedError(temp.gold());

        assertEquals(29.5 / 462, error, 1e-12);
        assertEquals(0.9361, 1 - error, 5e-5);
    }

    @Test
    void majorityVoteOnWebSearchRelevanceErrsOnTwentySixPointNineThreePercent() {
        ZhangWeb web = ZhangWeb.read();

        double error = MajorityVote.of(web.labels()).expectedError(web.gold());

        // Zhang et al. (2016), Web column: 26.93% over the 2,653 gold items, ties credited fractionally
        assertEquals(0.2693, error, 5e-5);
    }

    @Test
    void tieThatIncludesGoldCountsAsOneMinusOneOverK() {
        List<Label> labels = List.of(
                new Label("two-way", "a", 1), new Label("two-way", "b", 0),
                new Label("three-way", "a", 0), new Label("three-way", "b", 1), new Label("three-way", "c", 2));
        MajorityVote vote = MajorityVote.of(labels);

        assertEquals(0.5, vote.expectedError(Map.of("two-way", 1)), 1e-12);
        assertEquals(2.0 / 3, vote.expectedError(Map.of("three-way", 2)), 1e-12);
    }

    @Test
    void majorityOrTieWithoutGoldCountsAsFullError() {
        List<Label> labels = List.of(
                new Label("clear", "a", 0), new Label("clear", "b", 0), new Label("clear", "c", 1),
                new Label("tie", "a", 0), new Label("tie", "b", 1));
        MajorityVote vote = MajorityVote.of(labels);

        assertEquals(1.0, vote.expectedError(Map.of("clear", 1)), 1e-12);
        assertEquals(1.0, vote.expectedError(Map.of("tie", 2)), 1e-12);
        assertEquals(0.5, vote.expectedError(Map.of("clear", 0, "tie", 2)), 1e-12);
    }

    @Test
    void leadersListEveryTiedClassAndLabelsBreakTiesTowardTheSmallest() {
        MajorityVote vote = MajorityVote.of(List.of(
                new Label("x", "a", 2), new Label("x", "b", 1), new Label("x", "c", 2), new Label("x", "d", 1)));

        assertEquals(Set.of(1, 2), vote.leaders("x"));
        assertEquals(Map.of("x", 1), vote.labels());
    }

    @Test
    void goldItemWithoutLabelsIsRejected() {
        MajorityVote vote = MajorityVote.of(List.of(new Label("x", "a", 0)));

        assertThrows(IllegalArgumentException.class, () -> vote.expectedError(Map.of("y", 0)));
    }
}
