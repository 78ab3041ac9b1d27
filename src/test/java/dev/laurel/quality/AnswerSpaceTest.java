package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
