package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.quality.ConsensusPosterior.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsensusPosteriorTest {

    @Test
    void accuracyStartsAtACoinFlipAndFollowsGold() {
        assertEquals(0.5, ConsensusPosterior.accuracy(0, 0), 1e-15);
        assertEquals(9.5 / 11, ConsensusPosterior.accuracy(9, 10), 1e-15);
        assertEquals(0.5 / 11, ConsensusPosterior.accuracy(0, 10), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ConsensusPosterior.accuracy(3, 2));
    }

    @Test
    void noAnswersLeaveAUniformPosteriorThatIsNotSettled() {
        ConsensusPosterior posterior = ConsensusPosterior.of(List.of(), 4);

        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, posterior.probabilities(), 1e-15);
        assertFalse(posterior.isSettled(0.5));
    }

    @Test
    void oneAnswerGivesItsAccuracyAndSharesTheRestAmongTheOtherClasses() {
        ConsensusPosterior posterior = ConsensusPosterior.of(List.of(new Answer(2, 0.7)), 4);

        assertArrayEquals(new double[] {0.1, 0.1, 0.7, 0.1}, posterior.probabilities(), 1e-12);
        assertEquals(2, posterior.mostLikely());
        assertEquals(0.7, posterior.confidence(), 1e-12);
    }

    @Test
    void twoAgreeingBinaryAnswersCombineTheirOdds() {
        ConsensusPosterior posterior = ConsensusPosterior.of(List.of(new Answer(1, 0.8), new Answer(1, 0.7)), 2);

        double agree = 0.8 * 0.7;
        assertEquals(agree / (agree + 0.2 * 0.3), posterior.probabilities()[1], 1e-12);
    }

    @Test
    void conflictingAnswersOfEqualAccuracyCancel() {
        ConsensusPosterior posterior = ConsensusPosterior.of(List.of(new Answer(0, 0.9), new Answer(1, 0.9)), 3);

        double[] probabilities = posterior.probabilities();
        assertEquals(probabilities[0], probabilities[1], 1e-12);
        assertTrue(probabilities[2] < probabilities[0]);
    }

    @Test
    void oneReliableLabelerOutweighsTwoWeakOnes() {
        ConsensusPosterior posterior = ConsensusPosterior.of(List.of(
                new Answer(0, 0.98), new Answer(1, 0.6), new Answer(1, 0.6)), 2);

        // odds for class 0: (0.98 / 0.02) · (0.4 / 0.6)² = 49 · 4/9
        assertEquals(0, posterior.mostLikely());
        assertEquals(196.0 / 205, posterior.confidence(), 1e-12);
    }

    @Test
    void itemSettlesOnceEnoughAgreeingAnswersArrive() {
        List<Answer> answers = new ArrayList<>();
        answers.add(new Answer(0, 0.8));
        answers.add(new Answer(0, 0.8));
        // odds 4² = 16 give 16/17 ≈ 0.941: not yet 0.95
        assertFalse(ConsensusPosterior.of(answers, 2).isSettled(0.95));

        answers.add(new Answer(0, 0.8));
        // odds 4³ = 64 give 64/65 ≈ 0.985
        assertTrue(ConsensusPosterior.of(answers, 2).isSettled(0.95));
    }

    @Test
    void hundredsOfAnswersDoNotUnderflow() {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            answers.add(new Answer(i % 3 == 0 ? 1 : 0, 0.99));
        }

        ConsensusPosterior posterior = ConsensusPosterior.of(answers, 2);

        assertEquals(0, posterior.mostLikely());
        assertEquals(1.0, posterior.confidence(), 1e-12);
    }

    @Test
    void certainOrOutOfRangeAnswersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConsensusPosterior.of(List.of(new Answer(0, 1.0)), 2));
        assertThrows(IllegalArgumentException.class, () -> ConsensusPosterior.of(List.of(new Answer(2, 0.8)), 2));
    }
}
