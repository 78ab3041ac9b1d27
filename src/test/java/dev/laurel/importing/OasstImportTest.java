package dev.laurel.importing;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The OpenAssistant sample ({@code ../shared/data/oasst-trees-sample}: 94 oasst2 trees, 205 groups of ranked sibling
 * replies, 50 deleted and 33 spam messages) imported through the REST API into a ranking campaign without a group
 * size: each ranked group left after deleted and spam messages go is one ranking task of its own size, about its
 * conversation turn by turn; a broken copy stores nothing.
 */
@QuarkusTest
class OasstImportTest {
    private static final Path TREES = Path.of("../shared/data/oasst-trees-sample/oasst2_ready_sample.trees.jsonl");

    @Inject
    EntityManager em;

    @Test
    void everyRankedGroupIsOneRankingTaskOfItsOwnSizeWithItsConversation() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = rankingCampaign(modeler);

        JsonPath result = post(modeler, campaign, Files.readString(TREES)).then().statusCode(201).extract().jsonPath();

        // 205 groups in the file; 3 lose a ranked reply or an ancestor to deletion or spam and keep fewer than two
        assertEquals(202, result.getInt("answers"));
        assertEquals(202, result.getInt("tasks"));
        assertEquals(1, result.getInt("annotators"), "the ranks are the crowd's merged consensus: one answerer");
        Map<Integer, Long> bySize = new TreeMap<>();
        for (Object size : QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select cardinality(string_to_array(reply_ids, ',')) from task where campaign_id = " + campaign).getResultList())) {
            bySize.merge(((Number) size).intValue(), 1L, Long::sum);
        }
        assertEquals(Map.of(2, 73L, 3, 120L, 4, 8L, 7, 1L), bySize);
        assertEquals(0, count("select count(*) from ledger_entry le join submission s on s.id = le.submission_id"
                + " join task t on t.id = s.task_id where t.campaign_id = " + campaign), "imports earn nothing");
        assertEquals(0, count("select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = "
                + campaign + " and s.labeler_id is not null"), "no labeler accounts");

        // the first tree: the Catalan prompt, its ranked replies, then the follow-ups below the best one, turn by turn
        List<Map<String, Object>> prompts = as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then()
                .statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> deeper = prompts.stream().filter(p -> p.get("messages") != null).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> turns = (List<Map<String, String>>) deeper.get("messages");
        assertTrue(turns.size() >= 3 && turns.size() % 2 == 1, "user, assistant, …, user: " + turns);
        assertEquals("user", turns.get(0).get("role"));
        assertEquals("assistant", turns.get(1).get("role"));
        assertEquals("user", turns.get(turns.size() - 1).get("role"));
        assertEquals(turns.get(turns.size() - 1).get("content"), deeper.get("prompt"), "the prompt is the last user turn");
        long conversations = prompts.stream().filter(p -> p.get("messages") != null).count();
        assertTrue(conversations > 50, conversations + " of " + prompts.size() + " groups are deeper in a conversation");
        assertEquals(0, count("select count(*) from prompt where campaign_id = " + campaign
                + " and text = 'Escriu un text argumentatiu de 200 paraules en contra de la tauromaquia' and messages is not null"),
                "a root prompt is one user turn, stored as plain text");

        // ranks: the answer ranks the reply with rank 0 first (the replies shown in the tree's order, which lists them by rank)
        String ranking = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select s.answer from submission s join task t on t.id = s.task_id join prompt p on p.id = t.prompt_id"
                        + " where p.campaign_id = " + campaign + " and p.text like 'Escriu un text argumentatiu%'"
                        + " and p.messages is null").getSingleResult());
        assertTrue(ranking.contains("\"ranking\":[1,2,3]"), ranking);
    }

    @Test
    void aBrokenCopyNamesEachBadTreeAndStoresNothing() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = rankingCampaign(modeler);
        List<String> lines = Files.readAllLines(TREES, StandardCharsets.UTF_8).subList(0, 6);
        String broken = String.join("\n", lines.get(0), "{\"message_tree_id\": \"x\"}", lines.get(2),
                lines.get(3).replaceFirst("\"role\": \"prompter\"", "\"role\": \"moderator\""), "not json", lines.get(5));

        JsonPath problem = post(modeler, campaign, broken).then().statusCode(400).extract().jsonPath();
        List<String> errors = problem.getList("errors");
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Line 2: no 'prompt' message")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Line 4, message ") && e.contains("'moderator'")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Line 5: not valid JSON")), errors.toString());
        assertEquals(0, count("select count(*) from prompt where campaign_id = " + campaign));
        assertEquals(0, count("select count(*) from task where campaign_id = " + campaign));

        long pairwise = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("oasst"), "kind", "PAIRWISE", "overlap", 3, "settings", Map.of()))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        post(modeler, pairwise, lines.get(0)).then().statusCode(409);
    }

    @Test
    void aRankingCampaignsPageOffersTheTreesImport() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = rankingCampaign(modeler);
        String page = Fixtures.browser(Fixtures.login(modeler.username(), Fixtures.PASSWORD)).accept(ContentType.HTML)
                .get("/campaigns/" + campaign).then().statusCode(200).extract().asString();
        assertTrue(page.contains("data-upload=\"/api/campaigns/" + campaign + "/imports/oasst\""), page);
        assertTrue(!page.contains("/imports/arena"), "battles are pairwise: not offered to a ranking campaign");
    }

    private static long rankingCampaign(Fixtures.User modeler) {
        return as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("oasst"), "kind", "RANKING", "overlap", 3, "settings", Map.of()))
                .post("/api/campaigns").then().log().ifValidationFails().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static io.restassured.response.Response post(Fixtures.User modeler, long campaign, String body) {
        return as(modeler.token()).contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/campaigns/" + campaign + "/imports/oasst");
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
