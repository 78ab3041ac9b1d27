package dev.laurel.arena;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.campaign.Campaign;
import dev.laurel.model.Candidates;
import dev.laurel.task.PairSelection;
import dev.laurel.task.PairUncertainty.ReplyPair;
import dev.laurel.task.Task;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Arena-style pair selection: a campaign may compare fewer pairs per prompt than all of them, drawn
 * uniformly at first and, once the leaderboard has votes, toward the pairs it is least sure of.
 */
@QuarkusTest
class PairSelectionTest {
    @Inject
    LeaderboardUncertainty leaderboardView;
    @Inject
    PairSelection selection;
    @Inject
    Candidates candidates;

    private static long campaign(Fixtures.User modeler, Map<String, Object> settings, int prompts, String... styles) {
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("pairs"), "overlap", 1, "settings", settings))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, prompts);
        for (String style : styles) {
            Fixtures.candidateWithOutputs(modeler, campaign, prompts, style);
        }
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        return campaign;
    }

    @Test
    void aLimitMakesThatManyDistinctPairsPerPrompt() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = campaign(modeler, Map.of("pairsPerPrompt", 2), 5, "alpha", "beta", "gamma", "delta");

        List<Task> tasks = QuarkusTransaction.requiringNew().call(() -> Task.<Task>list("campaignId", campaign));
        Map<Long, List<Task>> byPrompt = tasks.stream().collect(Collectors.groupingBy(t -> t.promptId));
        assertEquals(5, byPrompt.size());
        byPrompt.forEach((prompt, made) -> {
            assertEquals(2, made.size(), "two of the six pairs for prompt " + prompt);
            Set<Set<Long>> pairs = new HashSet<>();
            made.forEach(t -> pairs.add(Set.of(t.leftGenerationId, t.rightGenerationId)));
            assertEquals(2, pairs.size(), "no pair twice");
        });
        as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().statusCode(200)
                .body("tasksTotal", org.hamcrest.Matchers.equalTo(10));
    }

    @Test
    void aLimitOutOfRangeOrOnAnotherKindIsRefusedInPlainWords() {
        Fixtures.User modeler = Fixtures.modeler();
        as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("pairs"), "settings", Map.of("pairsPerPrompt", 0)))
                .post("/api/campaigns").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("'pairsPerPrompt' must be from 1 to 100"));
        as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("pairs"), "kind", "RANKING",
                        "settings", Map.of("k", 3, "pairsPerPrompt", 2)))
                .post("/api/campaigns").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("'pairsPerPrompt' applies to pairwise campaigns only"));
    }

    /** Strong beats both others every time; evenA and evenB win alternately, so they tie exactly. */
    private static void vote(Fixtures.User labeler, long campaign) {
        int evenVotes = 0;
        while (true) {
            var next = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next");
            if (next.statusCode() == 204) {
                return;
            }
            JsonPath task = next.then().statusCode(200).extract().jsonPath();
            String a = task.getString("replyA");
            String b = task.getString("replyB");
            String winner = a.startsWith("strong") || b.startsWith("strong") ? "strong" : evenVotes++ % 2 == 0 ? "evenA" : "evenB";
            String choice = a.startsWith(winner) ? "A" : "B";
            as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", choice))
                    .post("/api/campaigns/" + campaign + "/tasks/" + task.getLong("taskId") + "/answer").then().statusCode(201);
        }
    }

    @Test
    void onceVotesAreInTheUncertainPairIsPreferred() {
        Fixtures.User modeler = Fixtures.modeler();
        // 30 prompts, one pair each: about ten votes per pair (an even number between evenA and evenB, for an exact tie)
        long campaign = campaign(modeler, Map.of("pairsPerPrompt", 1), 30, "strong", "evenA", "evenB");
        Campaign entity = QuarkusTransaction.requiringNew().call(() -> Campaign.findById(campaign));
        long prompt = QuarkusTransaction.requiringNew().call(() -> Task.<Task>find("campaignId", campaign).firstResult().promptId);
        List<Candidates.Reply> replies = QuarkusTransaction.requiringNew().call(() -> candidates.replies(prompt));
        Map<Long, String> names = QuarkusTransaction.requiringNew().call(() ->
                candidates.names(replies.stream().map(Candidates.Reply::candidateId).toList()));
        List<ReplyPair> pairs = List.of(new ReplyPair(replies.get(0), replies.get(1)),
                new ReplyPair(replies.get(0), replies.get(2)), new ReplyPair(replies.get(1), replies.get(2)));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> leaderboardView.of(entity, prompt, pairs)).isEmpty(),
                "no votes yet: the leaderboard has no view, pairs are drawn uniformly");

        vote(Fixtures.labeler(), campaign); // 30 tasks, one pair each

        // the board is debounced (laurel.arena.debounce): one computed during the last votes is served, stale, for a
        // moment, and it may predate enough votes for a view
        double[] view = Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> leaderboardView.of(entity, prompt, pairs)).orElse(null),
                        Objects::nonNull);
        int evenPair = -1;
        for (int i = 0; i < pairs.size(); i++) {
            boolean strongInPair = names.get(pairs.get(i).a().candidateId()).startsWith("strong")
                    || names.get(pairs.get(i).b().candidateId()).startsWith("strong");
            if (!strongInPair) {
                evenPair = i;
            }
        }
        assertTrue(view[evenPair] > 0.5, "evenA and evenB are tied or one vote apart: " + java.util.Arrays.toString(view));
        for (int i = 0; i < pairs.size(); i++) {
            if (i != evenPair) {
                assertTrue(view[evenPair] > 2 * view[i], "the evenly split pair is the least certain: " + java.util.Arrays.toString(view));
            }
        }

        int chosenEven = 0;
        int draws = 400;
        for (int round = 0; round < draws; round++) {
            List<ReplyPair> chosen = QuarkusTransaction.requiringNew().call(() -> selection.choose(entity, prompt, replies, Set.of()));
            assertEquals(1, chosen.size());
            ReplyPair pair = chosen.get(0);
            if (!names.get(pair.a().candidateId()).startsWith("strong") && !names.get(pair.b().candidateId()).startsWith("strong")) {
                chosenEven++;
            }
        }
        System.out.printf("Pair selection: leaderboard view %s (even pair %d), even pair drawn %d/%d%n",
                java.util.Arrays.toString(view), evenPair, chosenEven, draws);
        double[] after = QuarkusTransaction.requiringNew().call(() -> leaderboardView.of(entity, prompt, pairs)).orElseThrow();
        assertTrue(chosenEven > draws * 0.55, "uniform would pick the even pair a third of the time; picked " + chosenEven + "/" + draws
                + "; view before " + java.util.Arrays.toString(view) + ", after " + java.util.Arrays.toString(after)
                + ", even pair " + evenPair);
    }
}
