package dev.laurel.dataset;

import dev.laurel.campaign.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnswerExportsTest {
    private static final AnswerExports.Vote VOTE = new AnswerExports.Vote(7, "q7", "Which?",
            List.of(new ChatMessage("user", "Which?")), "l_x", 1.0, Instant.EPOCH);

    private static AnswerExports.Reply reply(long candidate) {
        return new AnswerExports.Reply(candidate, "m" + candidate, "reply " + candidate);
    }

    private static AnswerExports.Ranking ranking(List<Long> shown, List<Long> ranked) {
        return new AnswerExports.Ranking(VOTE, shown.stream().map(AnswerExportsTest::reply).toList(), ranked);
    }

    /** "better>worse" for each implied vote, in the order the TRL writer reads them. */
    private static List<String> implied(AnswerExports.Ranking... rankings) {
        return AnswerExports.impliedVotes(List.of(rankings)).stream()
                .map(r -> r.winner() == DatasetWriter.Winner.MODEL_A ? r.modelA() + ">" + r.modelB() : r.modelB() + ">" + r.modelA())
                .toList();
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
    void votesOfOnePairStayInAcceptanceOrderSoTheConsensusCountsEach() {
        List<DatasetWriter.Row> rows = AnswerExports.impliedVotes(List.of(
                ranking(List.of(1L, 2L), List.of(2L, 1L)), ranking(List.of(1L, 2L), List.of(1L, 2L)),
                ranking(List.of(1L, 2L), List.of(2L, 1L))));

        List<DatasetWriter.Preference> preferences = DatasetWriter.preferences(rows);
        assertEquals(1, preferences.size());
        assertEquals("reply 2", preferences.get(0).chosen());
        assertEquals(1.0 / 3, preferences.get(0).consensus().margin(), 1e-12);
    }

    @Test
    void majorityNeedsMoreThanHalfOfTheAnswers() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("a", 2);
        counts.put("b", 2);
        counts.put("c", 3);
        assertEquals(List.of("c"), AnswerExports.majority(counts, 4));
        assertEquals(List.of("a", "b", "c"), AnswerExports.majority(counts, 3), "multi-label: every label most picked");
        assertEquals(List.of(), AnswerExports.majority(Map.of("yes", 1, "no", 1), 2));
    }

    @Test
    void csvFilesQuoteNamesAndKeepTheCampaignsColumnOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnswerExports writer = new AnswerExports(DatasetFormat.LABELS_CSV, out, List.of("b, or not", "a"));
        writer.writeLabels(List.of(new AnswerExports.Labeling(VOTE, null, List.of("a"))));
        writer.finish();

        assertEquals("prompt_id,model,labeler,reliability,created_at,\"b, or not\",a\nq7,,l_x,1.0,1970-01-01T00:00:00Z,0,1\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(1, writer.rows());
    }

    @Test
    void rubricMeansAreExactFractionsOfIntegerRatings() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnswerExports writer = new AnswerExports(DatasetFormat.RATINGS_JSONL, out, List.of("tone"));
        writer.writeRatings(List.of(1, 2, 2).stream()
                .map(r -> new AnswerExports.Rating(VOTE, reply(1), 5, Map.of("tone", r))).collect(Collectors.toList()));
        writer.finish();

        String line = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, writer.rows());
        assertEquals(true, line.endsWith("\"means\":{\"tone\":1.6666666666666667}}\n"), line);
    }
}
