package dev.laurel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.Comparison;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.KindAnswer;
import dev.laurel.campaign.kind.categorical.CategoricalAnswer;
import dev.laurel.campaign.kind.ranking.RankingAnswer;
import dev.laurel.campaign.kind.rubric.RubricAnswer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files of kinds other than pairwise, written by the one {@link DatasetWriter} from the rows each kind declares. */
class KindFilesTest {
    /** Candidate c's reply is generation 10c, "reply c" by model "mc". */
    private static Answered.Reply reply(long candidate) {
        return new Answered.Reply(10 * candidate, candidate, "m" + candidate, "reply " + candidate);
    }

    private static Answered answer(List<Answered.Reply> shown, KindAnswer answer) {
        return new Answered(7, "q7", "Which?", List.of(new ChatMessage("user", "Which?")), shown, answer, "l_x", 1.0,
                Instant.EPOCH);
    }

    private static Answered ranking(List<Long> shown, List<Long> ranked) {
        return answer(shown.stream().map(KindFilesTest::reply).toList(),
                new RankingAnswer(List.of(), ranked.stream().map(c -> 10 * c).toList(), null));
    }

    /** "better>worse" for each comparison, in the order the TRL writer reads them. */
    private static List<String> implied(Answered... rankings) {
        DatasetRows dataset = Datasets.dataset(TaskKind.RANKING);
        return List.of(rankings).stream().flatMap(r -> dataset.comparisons().apply(r).stream())
                .sorted(java.util.Comparator.comparingLong((Comparison c) -> c.a().candidateId())
                        .thenComparingLong(c -> c.b().candidateId()))
                .map(c -> c.sign() > 0 ? c.a().model() + ">" + c.b().model() : c.b().model() + ">" + c.a().model())
                .toList();
    }

    private static String write(DatasetRows dataset, String file, List<Answered> answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetWriter writer = DatasetWriter.of(dataset, file.startsWith("pairs") ? DatasetFormat.PAIRS_JSONL
                : DatasetFormat.ofFileName(file), out);
        writer.write(answers);
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFullRankingOfKRepliesImpliesEveryPairOnce() {
        List<String> votes = implied(ranking(List.of(1L, 2L, 3L, 4L), List.of(3L, 1L, 4L, 2L)));

        assertEquals(List.of("m1>m2", "m3>m1", "m1>m4", "m3>m2", "m4>m2", "m3>m4"), votes, "k(k-1)/2 = 6, ordered by pair");
    }

    @Test
    void aTopKRankingPutsTheRankedAboveTheUnrankedButLeavesTheUnrankedUncompared() {
        List<String> votes = implied(ranking(List.of(1L, 2L, 3L, 4L), List.of(4L, 2L)));

        // 4 > 2, and each of the best two above each of the two unranked: 1 + 2 * 2 = 5; 1 vs 3 never
        assertEquals(List.of("m2>m1", "m4>m1", "m2>m3", "m4>m2", "m4>m3"), votes);
    }

    @Test
    void comparisonsOfOnePairCountInAcceptanceOrderSoTheConsensusCountsEach() {
        List<PreferencePairs.Preference> preferences = PreferencePairs.preferences(List.of(
                ranking(List.of(1L, 2L), List.of(2L, 1L)), ranking(List.of(1L, 2L), List.of(1L, 2L)),
                ranking(List.of(1L, 2L), List.of(2L, 1L))), Datasets.dataset(TaskKind.RANKING).comparisons());

        assertEquals(1, preferences.size());
        assertEquals("reply 2", preferences.get(0).chosen());
        assertEquals(1.0 / 3, preferences.get(0).consensus().margin(), 1e-12);
    }

    @Test
    void rankingRowsNumberEachRankingAcrossChunksAndLeaveTheUnrankedWithoutARank() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetWriter writer = DatasetWriter.of(Datasets.dataset(TaskKind.RANKING), DatasetFormat.ofFileName("rankings.csv"), out);
        writer.write(List.of(ranking(List.of(1L, 2L), List.of(2L, 1L))));
        writer.write(List.of(ranking(List.of(1L, 2L, 3L), List.of(3L))));
        writer.finish();

        assertEquals("""
                prompt_id,ranking_no,model,rank,labeler,reliability,created_at
                q7,1,m2,1,l_x,1.0,1970-01-01T00:00:00Z
                q7,1,m1,2,l_x,1.0,1970-01-01T00:00:00Z
                q7,2,m3,1,l_x,1.0,1970-01-01T00:00:00Z
                q7,2,m1,,l_x,1.0,1970-01-01T00:00:00Z
                q7,2,m2,,l_x,1.0,1970-01-01T00:00:00Z
                """, out.toString(StandardCharsets.UTF_8));
        assertEquals(5, writer.rows());
    }

    @Test
    void csvFilesQuoteNamesAndKeepTheCampaignsColumnOrder() {
        DatasetRows dataset = TaskKind.CATEGORICAL.spec().dataset(new KindSettings(null, null, null, null, null,
                List.of("b, or not", "a"), null, null, null));

        String text = write(dataset, "labels.csv", List.of(answer(List.of(), new CategoricalAnswer(List.of("a"), null))));

        assertEquals("prompt_id,model,labeler,reliability,created_at,\"b, or not\",a\nq7,,l_x,1.0,1970-01-01T00:00:00Z,0,1\n", text);
    }

    @Test
    void rubricMeansAreExactFractionsOfIntegerRatings() {
        DatasetRows dataset = TaskKind.RUBRIC.spec().dataset(new KindSettings(null, null, null,
                List.of(new KindSettings.Dimension("tone", null)), 5, null, null, null, null));

        String line = write(dataset, "ratings.jsonl", List.of(1, 2, 2).stream()
                .map(r -> answer(List.of(reply(1)), new RubricAnswer(Map.of("tone", r), 5, 10))).toList());

        assertEquals(1, line.split("\n").length);
        assertTrue(line.endsWith("\"means\":{\"tone\":1.6666666666666667}}\n"), line);
    }
}
