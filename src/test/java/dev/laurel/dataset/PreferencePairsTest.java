package dev.laurel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreferencePairsTest {

    @Test
    void unanimousVotesGiveMarginOne() {
        PreferencePairs.Consensus consensus = PreferencePairs.consensus(1, 1, 1);

        assertTrue(consensus.isAChosen());
        assertEquals(1.0, consensus.margin());
    }

    @Test
    void marginIsTheWinDifferenceOverAllVotes() {
        assertEquals(1.0 / 3, PreferencePairs.consensus(1, 1, -1).margin());
        assertEquals(1.0 / 3, PreferencePairs.consensus(-1, 0, 0).margin(), "ties dilute the consensus");
        assertFalse(PreferencePairs.consensus(-1, 0, 0).isAChosen());
    }

    @Test
    void cancellingVotesAndTiesGiveNoPair() {
        assertNull(PreferencePairs.consensus(1, -1));
        assertNull(PreferencePairs.consensus(0, 0, 0));
        assertNull(PreferencePairs.consensus());
    }

    @Test
    void swappingTheRepliesSwapsTheChoiceButNotTheMargin() {
        PreferencePairs.Consensus ab = PreferencePairs.consensus(1, 1, -1, 0);
        PreferencePairs.Consensus ba = PreferencePairs.consensus(-1, -1, 1, 0);

        assertEquals(!ab.isAChosen(), ba.isAChosen());
        assertEquals(ab.margin(), ba.margin());
    }
}
