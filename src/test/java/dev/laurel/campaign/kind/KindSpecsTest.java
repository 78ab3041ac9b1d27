package dev.laurel.campaign.kind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.pairwise.PairwiseAnswer;
import dev.laurel.platform.Problem;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each kind's home: settings it owns, answers from a form and from the API, and the stored forms they write. */
class KindSpecsTest {
    private static final KindSettings RUBRIC = KindSettings.validated(TaskKind.RUBRIC, new KindSettings(null, null, null,
            List.of(new KindSettings.Dimension("helpfulness", ""), new KindSettings.Dimension("honesty", "")), 5,
            null, null, null, null));
    private static final KindSettings CATEGORICAL = KindSettings.validated(TaskKind.CATEGORICAL, new KindSettings(
            null, null, null, null, null, List.of("polite", "accurate", "concise"), true, null, null));

    private static KindAnswer answer(TaskKind kind, KindSettings settings, List<Long> replies, Map<String, List<String>> form) {
        AnswerRequest request = kind.spec().fromForm(settings, form, null);
        return kind.spec().answer(new ShownTask(kind, settings, replies, () -> "Paris is in France."), request);
    }

    @Test
    void everyKindMapsToItsOwnSpec() {
        for (TaskKind kind : TaskKind.values()) {
            assertEquals(kind, kind.spec().kind());
        }
    }

    @Test
    void everySettingBelongsToExactlyOneKind() {
        Set<String> owned = new HashSet<>();
        for (TaskKind kind : TaskKind.values()) {
            for (String field : kind.spec().settingFields()) {
                assertTrue(owned.add(field), field + " is claimed by two kinds");
            }
        }
        Set<String> components = new HashSet<>(Arrays.stream(KindSettings.class.getRecordComponents())
                .map(c -> c.getName()).toList());
        assertEquals(components, owned, "every KindSettings field is some kind's");
    }

    @Test
    void aSettingOfAnotherKindIsRejectedByName() {
        Problem problem = assertThrows(Problem.class, () -> KindSettings.validated(TaskKind.CORRECTION,
                new KindSettings(null, 3, null, null, null, null, null, null, null)));
        assertEquals("'k' applies to ranking campaigns only, not to a correction campaign.", problem.getMessage());
    }

    @Test
    void answersAreStoredAndSummarizedInTheFormsStoredRowsAndEventsAlreadyUse() {
        KindAnswer pairwise = answer(TaskKind.PAIRWISE, TaskKind.PAIRWISE.spec().defaults(), List.of(11L, 12L),
                Map.of("choice", List.of("b"), "flag-A", List.of("Harmful")));
        assertEquals("B", pairwise.summary());
        assertEquals(Choice.B, pairwise.choice());
        assertEquals(12L, pairwise.preferredGenerationId());
        assertEquals("{\"choice\":\"B\",\"preferredGenerationId\":12,\"flags\":{\"A\":[\"harmful\"]},"
                + "\"flagsByGenerationId\":{\"11\":[\"harmful\"]}}", pairwise.json());

        KindAnswer ranking = answer(TaskKind.RANKING, KindSettings.NONE, List.of(21L, 22L, 23L),
                Map.of("order", List.of("3", "1", "2")));
        assertEquals("r3>r1>r2", ranking.summary());
        assertEquals("{\"ranking\":[3,1,2],\"generationIds\":[23,21,22]}", ranking.json());

        KindAnswer rubric = answer(TaskKind.RUBRIC, RUBRIC, List.of(31L),
                Map.of("rating:HONESTY", List.of("5"), "rating:helpfulness", List.of("4")));
        assertEquals("helpfulness=4,honesty=5", rubric.summary());
        assertEquals("{\"ratings\":{\"helpfulness\":4,\"honesty\":5},\"scale\":5,\"generationId\":31}", rubric.json());

        KindAnswer categorical = answer(TaskKind.CATEGORICAL, CATEGORICAL, List.of(),
                Map.of("label", List.of("concise", "POLITE")));
        assertEquals("polite,concise", categorical.summary(), "the campaign's label order");
        assertEquals("{\"labels\":[\"polite\",\"concise\"]}", categorical.json());

        KindAnswer correction = answer(TaskKind.CORRECTION, KindSettings.NONE, List.of(41L),
                Map.of("text", List.of("Paris is in France.")));
        assertEquals("unchanged", correction.summary());
        assertTrue(correction.json().startsWith("{\"text\":\"Paris is in France.\",\"generationId\":41,\"wordsAdded\":0,"
                + "\"wordsRemoved\":0,\"diff\":["), correction.json());
        assertEquals(null, correction.choice(), "only pairwise answers fill the submission's pairwise columns");
    }

    @Test
    void theWizardsFieldsBecomeTheSettingsTheApiTakes() {
        List<String> problems = new java.util.ArrayList<>();
        assertEquals(RUBRIC.dimensions(), KindSettings.validated(TaskKind.RUBRIC, TaskKind.RUBRIC.spec().settingsFromForm(
                Map.of("dimensions", " helpfulness:  \n\nhonesty\n", "scale", "5"), problems)).dimensions());
        assertEquals(CATEGORICAL, KindSettings.validated(TaskKind.CATEGORICAL, TaskKind.CATEGORICAL.spec().settingsFromForm(
                Map.of("labels", "polite\naccurate\nconcise", "multi", "on", "target", "prompt"), problems)));
        assertEquals(List.of("harmful", "off-topic"), TaskKind.PAIRWISE.spec().settingsFromForm(
                Map.of("flags", "harmful, ,off-topic"), problems).flags());
        assertEquals(List.of(), problems);
        assertEquals(null, TaskKind.RANKING.spec().settingsFromForm(Map.of("k", "four"), problems).k());
        assertEquals(List.of("Most replies per task (k) must be a whole number, not 'four'."), problems);
        assertEquals(List.of("Pairwise", "Ranking", "Rubric", "Categorical", "Correction"),
                Arrays.stream(TaskKind.values()).map(kind -> kind.spec().title()).toList());
    }

    @Test
    void aStoredAnswerReadsBackAsTheSameTypedAnswer() {
        List<KindAnswer> answers = List.of(
                answer(TaskKind.PAIRWISE, TaskKind.PAIRWISE.spec().defaults(), List.of(11L, 12L),
                        Map.of("choice", List.of("A"), "flag-B", List.of("incorrect"))),
                answer(TaskKind.PAIRWISE, TaskKind.PAIRWISE.spec().defaults(), List.of(), Map.of("choice", List.of("TIE"))),
                answer(TaskKind.RANKING, new KindSettings(null, null, 1, null, null, null, null, null, null),
                        List.of(21L, 22L, 23L), Map.of("order", List.of("2", "3", "1"))),
                answer(TaskKind.RUBRIC, RUBRIC, List.of(31L), Map.of("rating:helpfulness", List.of("2"), "rating:honesty", List.of("3"))),
                answer(TaskKind.CATEGORICAL, CATEGORICAL, List.of(32L), Map.of("label", List.of("accurate"))),
                answer(TaskKind.CORRECTION, KindSettings.NONE, List.of(41L), Map.of("text", List.of("Paris is in Europe."))));
        for (KindAnswer answer : answers) {
            TaskKind kind = Arrays.stream(TaskKind.values()).filter(k -> k.spec().answerType().isInstance(answer)).findFirst().orElseThrow();
            KindAnswer read = KindAnswer.read(kind, answer.json());
            assertEquals(answer, read);
            assertEquals(answer.summary(), read.summary());
        }
        assertEquals(new PairwiseAnswer(Choice.B, 5L, Map.of(), null), KindAnswer.read(TaskKind.PAIRWISE,
                "{\"choice\":\"B\",\"preferredGenerationId\":5,\"addedLater\":true}"), "fields it does not know are skipped");
    }

    @Test
    void theConsensusSpaceOfEachKindReadsItsOwnSummaries() {
        for (TaskKind kind : List.of(TaskKind.PAIRWISE, TaskKind.RANKING, TaskKind.CATEGORICAL)) {
            assertTrue(kind.spec().hasConsensus());
        }
        AnswerSpace ranking = TaskKind.RANKING.spec().space(KindSettings.NONE).orElseThrow();
        assertEquals("r3>r1>r2", ranking.decode(ranking.encode("r3>r1>r2").orElseThrow()));
        AnswerSpace labels = TaskKind.CATEGORICAL.spec().space(CATEGORICAL).orElseThrow();
        assertEquals("polite,concise", labels.decode(labels.encode("polite,concise").orElseThrow()));
        assertEquals("PAIRWISE", TaskKind.PAIRWISE.spec().space(null).orElseThrow().fitKey(7, 0),
                "pairwise answers of every campaign are fitted together");
        assertTrue(TaskKind.RUBRIC.spec().space(RUBRIC).isEmpty());
        assertTrue(TaskKind.CORRECTION.spec().space(KindSettings.NONE).isEmpty());
    }

    @Test
    void aRankingSplitsManyRepliesIntoFullGroupsThatRankEachReplyAtLeastOnce() {
        KindSettings three = new KindSettings(null, 3, null, null, null, null, null, null, null);
        List<Long> replies = List.of(1L, 2L, 3L, 4L, 5L);

        List<List<Long>> groups = TaskKind.RANKING.spec().taskGroups(three, replies, true, new java.util.Random(7));

        assertEquals(2, groups.size());
        groups.forEach(group -> assertEquals(3, new HashSet<>(group).size(), group.toString()));
        assertEquals(Set.copyOf(replies), groups.stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of(), TaskKind.RANKING.spec().taskGroups(three, List.of(1L), true, new java.util.Random(7)),
                "one reply: nothing to rank");
    }

    @Test
    void aCategoricalTaskOnTheItemAloneIsMadeOncePerPromptAndShowsNoReply() {
        KindSettings item = new KindSettings(null, null, null, null, null, List.of("a"), null, null, null);

        assertEquals(List.of(List.of()), TaskKind.CATEGORICAL.spec().taskGroups(item, List.of(1L, 2L), true, null));
        assertEquals(List.of(), TaskKind.CATEGORICAL.spec().taskGroups(item, List.of(3L), false, null),
                "a new reply adds no task about the item");
        assertEquals(List.of(List.of(1L), List.of(2L)), TaskKind.RUBRIC.spec().taskGroups(RUBRIC, List.of(1L, 2L), false, null));
    }
}
