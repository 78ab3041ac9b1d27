package dev.laurel.campaign.kind;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.ranking.RankingKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerSpaceTest {
    private static AnswerSpace categorical(boolean multi, String... labels) {
        KindSettings settings = new KindSettings(null, null, null, null, null, List.of(labels), multi, KindSettings.Target.PROMPT, null);
        return AnswerSpace.of(TaskKind.CATEGORICAL, settings).orElseThrow();
    }

    @Test
    void singleLabelClassesAreTheCampaignsLabelsInOrder() {
        AnswerSpace space = categorical(false, "no", "yes");
        assertEquals(1, space.questions());
        assertEquals(List.of("no", "yes"), space.classes(0));
        assertArrayEquals(new int[] {1}, space.encode("yes").orElseThrow());
        assertEquals("no", space.decode(new int[] {0}));
        assertEquals(Optional.empty(), space.encode("maybe"));
        assertEquals(Optional.empty(), space.encode("no,yes"), "a single-label answer has one label");
    }

    @Test
    void multiLabelIsOneYesNoQuestionPerLabel() {
        AnswerSpace space = categorical(true, "polite", "accurate", "concise");
        assertEquals(3, space.questions());
        assertEquals(List.of("no", "yes"), space.classes(2));
        assertArrayEquals(new int[] {1, 0, 1}, space.encode("polite,concise").orElseThrow());
        for (String answer : List.of("polite", "accurate,concise", "polite,accurate,concise")) {
            assertEquals(answer, space.decode(space.encode(answer).orElseThrow()), "decode undoes encode");
        }
        assertEquals("", space.decode(new int[] {0, 0, 0}), "no label applies");
        assertEquals(Optional.empty(), space.encode("polite,rude"));
        assertEquals(Optional.of("polite,concise"), space.canonical(" Concise , POLITE"), "campaign order, canonical spelling");
        assertEquals(Optional.empty(), space.canonical("polite,rude"));
    }

    @Test
    void pairwiseAnswersShareOneFitAndEachCategoricalCampaignHasItsOwn() {
        AnswerSpace pairwise = AnswerSpace.of(TaskKind.PAIRWISE, null).orElseThrow();
        assertEquals(pairwise.fitKey(1, 0), pairwise.fitKey(2, 0));
        assertArrayEquals(new int[] {3}, pairwise.encode("BOTH_BAD").orElseThrow());
        AnswerSpace labels = categorical(true, "a", "b");
        assertNotEquals(labels.fitKey(1, 0), labels.fitKey(2, 0));
        assertNotEquals(labels.fitKey(1, 0), labels.fitKey(1, 1), "each label of a multi-label campaign is fitted alone");
        assertTrue(AnswerSpace.of(TaskKind.RUBRIC, KindSettings.NONE).isEmpty(), "rubric answers have no classes");
    }

    @Test
    void aFullRankingIsOneQuestionPerPairOfReplies() {
        KindSettings three = new KindSettings(null, 3, null, null, null, null, null, null, null);
        AnswerSpace space = AnswerSpace.of(TaskKind.RANKING, three).orElseThrow();
        assertEquals(3, space.questions(), "r1-r2, r1-r3, r2-r3");
        assertEquals(List.of("r1", "r3"), space.classes(1));
        assertEquals("r2 vs r3", space.question(2));
        assertArrayEquals(new int[] {1, 1, 0}, space.encode("r2>r3>r1").orElseThrow(), "r2 above r1, r3 above r1, r2 above r3");
        for (String answer : List.of("r1>r2>r3", "r3>r1>r2", "r2>r3>r1")) {
            assertEquals(answer, space.decode(space.encode(answer).orElseThrow()), "decode undoes encode");
        }
        assertEquals("r1>r2>r3", space.decode(new int[] {0, 1, 0}), "a cycle (r1>r2, r3>r1, r2>r3): tied wins, reply order");
        assertEquals(Optional.empty(), space.encode("r1>r3"), "a task of two replies shows r1 and r2");
        assertEquals(Optional.empty(), space.encode("r1"), "a ranking orders two replies at least");
        assertEquals(Optional.empty(), space.encode("r1>r1>r2"));
        assertEquals(Optional.empty(), space.encode("r1>r2>r4"));
        assertNotEquals(space.fitKey(7, 0), space.fitKey(7, 1), "each pair is fitted alone");
        assertTrue(AnswerSpace.of(TaskKind.RANKING, new KindSettings(null, 3, 2, null, null, null, null, null, null)).isEmpty(),
                "a top-k ranking leaves pairs undecided: no class space");
        assertTrue(AnswerSpace.supports("RANKING"));
    }

    /** Group sizes differ per task: the space has the largest group's pairs; a smaller task decides only its own. */
    @Test
    void rankingsOfTwoNineAndSixteenRepliesShareTheCampaignsSpace() {
        AnswerSpace space = AnswerSpace.of(TaskKind.RANKING, KindSettings.NONE).orElseThrow();
        assertEquals(RankingKind.MAX_GROUP * (RankingKind.MAX_GROUP - 1) / 2, space.questions(), "all replies of a prompt: up to MAX_GROUP");
        for (int n : new int[] {2, 9, 16}) {
            List<String> reversed = new java.util.ArrayList<>();
            for (int r = n; r >= 1; r--) {
                reversed.add("r" + r);
            }
            String answer = String.join(">", reversed);
            int[] classes = space.encode(answer).orElseThrow();
            long asked = java.util.Arrays.stream(classes).filter(c -> c != AnswerSpace.UNASKED).count();
            assertEquals(n * (n - 1) / 2, asked, "a task of " + n + " replies decides its own pairs only");
            assertEquals(answer, space.decode(classes), "the consensus of one answer is that answer, " + n + " replies");
        }
        assertEquals(1, space.encode("r2>r1").orElseThrow()[0], "r1 vs r2: the second ranks higher");
        assertEquals(AnswerSpace.UNASKED, space.encode("r2>r1").orElseThrow()[1], "r1 vs r3 was not asked");
        assertEquals(Optional.empty(), space.encode("r1>r2>r3>r5"), "replies are r1 … rn of the task");
        KindSettings nine = new KindSettings(null, 9, null, null, null, null, null, null, null);
        assertEquals(36, AnswerSpace.of(TaskKind.RANKING, nine).orElseThrow().questions(), "k = 9: 9 · 8 / 2 pairs");
        assertEquals(Optional.empty(), AnswerSpace.of(TaskKind.RANKING, nine).orElseThrow().encode(
                "r1>r2>r3>r4>r5>r6>r7>r8>r9>r10"), "no task of a k = 9 campaign shows ten replies");
    }
}
