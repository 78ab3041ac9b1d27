package dev.laurel.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.game.Probation.Verdict;
import org.junit.jupiter.api.Test;

class ProbationRuleTest {
    @Test
    void tenRightOutOfTenReleasesButNineOutOfNineIsNotEnoughGold() {
        assertEquals(Verdict.RELEASE, Probation.judge(10, 10, 10, 0.6));
        assertEquals(Verdict.PENDING, Probation.judge(9, 9, 10, 0.6));
    }

    @Test
    void nineRightOutOfTenIsNotYetSureEnoughButElevenOutOfTwelveIs() {
        assertEquals(Verdict.PENDING, Probation.judge(10, 9, 10, 0.6)); // 95 % interval starts at 0.587
        assertEquals(Verdict.RELEASE, Probation.judge(12, 11, 10, 0.6)); // at 0.640
    }

    @Test
    void halfRightStaysPendingUntilTheEvidenceIsClearThenReverses() {
        assertEquals(Verdict.PENDING, Probation.judge(20, 10, 10, 0.6));
        assertEquals(Verdict.PENDING, Probation.judge(90, 45, 10, 0.6)); // upper end 0.601
        assertEquals(Verdict.REVERSE, Probation.judge(100, 50, 10, 0.6));
        assertEquals(Verdict.REVERSE, Probation.judge(4, 0, 10, 0.6)); // four wrong of four: under 0.6 for sure
    }

    @Test
    void minGoldZeroTurnsProbationOff() {
        assertEquals(Verdict.RELEASE, Probation.judge(0, 0, 0, 0.6));
    }

    @Test
    void theExplanationSaysWhatReleasesThePoints() {
        String why = Probation.explain(4, 3, 10, 0.6);
        assertTrue(why.contains("pending until you have answered 10 check questions with at least 60 % right"), why);
        assertTrue(why.contains("so far 3 of 4 right"), why);
    }
}
