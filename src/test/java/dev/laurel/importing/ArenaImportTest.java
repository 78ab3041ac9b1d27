package dev.laurel.importing;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import dev.laurel.quality.QualityRecompute;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real Copilot Arena sample ({@code ../shared/data/arena-battles-sample/battles.jsonl}, 112 battles, 11 models)
 * imported through the REST API, a deliberately broken copy of it, and who may import.
 */
@QuarkusTest
class ArenaImportTest {
    private static final Path BATTLES = Path.of("../shared/data/arena-battles-sample/battles.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;
    @Inject
    QualityRecompute recompute;

    @Test
    void theArenaSampleImportsAsVotesThatRankModelsButEarnNothing() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        long usersBefore = count("select count(*) from app_user");

        JsonNode result = JSON.readTree(as(modeler.token()).contentType("application/jsonl").body(Files.readAllBytes(BATTLES))
                .post("/api/campaigns/" + campaign + "/imports/arena").then().log().ifValidationFails()
                .statusCode(201).extract().asString());

        assertEquals(112, result.get("answers").asInt());
        assertEquals(11, result.get("models").size(), result.toString());
        assertEquals(112, result.get("annotators").asInt(), "records without a judge are each their own annotator");
        JsonNode board = JSON.readTree(as(modeler.token()).get("/api/campaigns/" + campaign + "/leaderboard")
                .then().statusCode(200).extract().asString());
        assertEquals(112, board.get("votes").asInt());
        assertEquals(11, board.get("models").size());
        int battles = 0;
        for (JsonNode model : board.get("models")) {
            battles += model.get("battles").asInt();
        }
        assertEquals(2 * 112, battles, "each battle counts for both of its models");
        // battle 23 keeps its bare carriage return (the sample's CSV quirk): the prompt is stored byte for byte
        String battle23 = Files.readAllLines(BATTLES).get(23);
        String prefix = JSON.readTree(battle23).get("prefix").asText();
        assertTrue(prefix.endsWith("\r"));
        List<String> prompts = as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts")
                .then().statusCode(200).extract().jsonPath().getList("prompt");
        assertTrue(prompts.stream().anyMatch(p -> p.startsWith(prefix)), "the tkinter prompt is stored with its \\r");

        // imported answers earn nothing and create nobody: no ledger rows, no scoring, no accounts, no labeler on the answer
        assertEquals(usersBefore, count("select count(*) from app_user"), "no labeler accounts");
        String ofCampaign = "select s.id from submission s join task t on t.id = s.task_id where t.campaign_id = " + campaign;
        assertEquals(112, count("select count(*) from (" + ofCampaign + ") x"));
        assertEquals(0, count("select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = "
                + campaign + " and (s.labeler_id is not null or s.source <> 'arena' or s.imported_at is null)"));
        assertEquals(0, count("select count(*) from ledger_entry where submission_id in (" + ofCampaign + ")"));
        assertEquals(0, count("select count(*) from scored_submission where submission_id in (" + ofCampaign + ")"));
        assertEquals(112, count("select count(*) from quality_label where campaign_id = " + campaign + " and labeler_id < 0"),
                "every imported answer is a label for consensus");
        // consensus counts them: every imported task gets one, and no account-only rows are made for their annotators
        recompute.recomputeAll();
        assertEquals(count("select count(*) from task where campaign_id = " + campaign),
                count("select count(*) from task_consensus where campaign_id = " + campaign));
        assertEquals(0, count("select count(*) from labeler_quality where labeler_id < 0"));
        assertEquals(0, count("select count(*) from labeler_flag where labeler_id < 0"));
        // the imported tasks are complete: the queue has nothing to hand out
        assertEquals(0, count("select count(*) from task where campaign_id = " + campaign + " and accepted_count < overlap"));
        // imported models are the team's candidates; matched by name on the next import
        List<String> candidates = as(modeler.token()).get("/api/candidates").then().statusCode(200).extract().jsonPath().getList("name");
        assertTrue(candidates.contains("codestral-2405"), candidates.toString());
        as(modeler.token()).contentType("application/jsonl").body(Files.readAllBytes(BATTLES))
                .post("/api/campaigns/" + campaign + "/imports/arena").then().statusCode(201);
        assertEquals(candidates.size(), as(modeler.token()).get("/api/candidates").then().statusCode(200).extract()
                .jsonPath().getList("name").size(), "no new candidates for known names");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConversationBattleKeepsItsTurnsAsThePromptsMessages() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        String before = "{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello!\"}, {\"role\": \"user\", \"content\": \"Capital of France?\"}";
        String battle = "{\"model_a\": \"m1\", \"model_b\": \"m2\", \"winner\": \"model_b\", \"judge\": \"u1\","
                + " \"conversation_a\": [" + before + ", {\"role\": \"assistant\", \"content\": \"Lyon\"}],"
                + " \"conversation_b\": [" + before + ", {\"role\": \"assistant\", \"content\": \"Paris\"}]}";

        as(modeler.token()).contentType("application/jsonl").body(battle)
                .post("/api/campaigns/" + campaign + "/imports/arena").then().log().ifValidationFails().statusCode(201);

        List<Map<String, Object>> prompts = as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, prompts.size());
        assertEquals("Capital of France?", prompts.get(0).get("prompt"), "the last user turn is the prompt's text");
        List<Map<String, String>> turns = (List<Map<String, String>>) prompts.get(0).get("messages");
        assertEquals(List.of("system", "user", "assistant", "user"), turns.stream().map(t -> t.get("role")).toList());
        assertEquals(List.of("Be brief.", "Hi", "Hello!", "Capital of France?"), turns.stream().map(t -> t.get("content")).toList());
    }

    @Test
    void aBrokenCopyNamesEachBadRecordAndStoresNothing() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        List<String> lines = new ArrayList<>(Files.readAllLines(BATTLES));
        lines.set(4, lines.get(4).replace("\"winner\": \"model_", "\"winner\": \"model_c\", \"was\": \"model_"));
        lines.set(8, lines.get(8).replaceFirst("\"model_b\": \"[^\"]*\", ", ""));
        lines.set(10, "{not json");
        byte[] body = String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        JsonNode problem = JSON.readTree(as(modeler.token()).contentType("application/jsonl").body(body)
                .post("/api/campaigns/" + campaign + "/imports/arena").then().statusCode(400)
                .contentType("application/problem+json").extract().asString());

        assertTrue(problem.has("errors"), problem.toString());
        List<String> errors = new ArrayList<>();
        problem.get("errors").forEach(e -> errors.add(e.asText()));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("Line 5: winner 'model_c' is not one of"), errors.get(0));
        assertEquals("Line 9: field 'model_b' is missing.", errors.get(1));
        assertTrue(errors.get(2).startsWith("Line 11: not valid JSON"), errors.get(2));
        assertTrue(problem.get("detail").asText().contains("nothing was saved"), problem.toString());
        assertEquals(0, as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
        assertEquals(0, as(modeler.token()).get("/api/candidates").then().statusCode(200).extract().jsonPath().getList("$").size());
        assertEquals(0, count("select count(*) from task where campaign_id = " + campaign));
    }

    @Test
    void aRecordTheStoreRefusesRollsBackTheRecordsBeforeIt() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        String good = "{\"model_a\": \"m1\", \"model_b\": \"m2\", \"winner\": \"tie (bothbad)\", \"prompt\": \"p\","
                + " \"response_a\": \"a\", \"response_b\": \"b\", \"judge\": \"u1\", \"tstamp\": 1700000000.5}";
        String badName = "{\"model_a\": \"m1\", \"model_b\": \"<script>\", \"winner\": \"model_a\", \"prompt\": \"p\","
                + " \"response_a\": \"a\", \"response_b\": \"b\"}";

        JsonNode problem = JSON.readTree(as(modeler.token()).contentType("application/jsonl").body(good + "\n" + badName)
                .post("/api/campaigns/" + campaign + "/imports/arena").then().statusCode(400).extract().asString());

        assertTrue(problem.get("errors").get(0).asText().startsWith("Line 2: model name '<script>' is not a valid candidate name"),
                problem.toString());
        assertEquals(0, count("select count(*) from task where campaign_id = " + campaign));
        assertEquals(0, count("select count(*) from prompt where campaign_id = " + campaign));

        as(modeler.token()).contentType("application/jsonl").body(good)
                .post("/api/campaigns/" + campaign + "/imports/arena").then().statusCode(201);
        assertEquals(1, count("select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = "
                + campaign + " and s.choice = 'BOTH_BAD' and s.created_at = timestamp with time zone '2023-11-14 22:13:20.5+00'"),
                "tstamp is the answer's time");
    }

    @Test
    void onlyTheCampaignsTeamImportsAndOnlyIntoAPairwiseCampaign() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        String record = "{\"model_a\": \"m1\", \"model_b\": \"m2\", \"winner\": \"tie\", \"prompt\": \"p\", \"response_a\": \"a\", \"response_b\": \"b\"}";

        as(Fixtures.modeler().token()).contentType("application/jsonl").body(record)
                .post("/api/campaigns/" + campaign + "/imports/arena").then().statusCode(404).contentType("application/problem+json");
        as(Fixtures.labeler().token()).contentType("application/jsonl").body(record)
                .post("/api/campaigns/" + campaign + "/imports/arena").then().statusCode(403);
        long correction = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("c"), "overlap", 1, "kind", "CORRECTION"))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).contentType("application/jsonl").body(record)
                .post("/api/campaigns/" + correction + "/imports/arena").then().statusCode(409)
                .contentType("application/problem+json");
        as(modeler.token()).contentType("application/jsonl").body(new byte[2_000_001])
                .post("/api/campaigns/" + campaign + "/imports/arena").then().statusCode(413);
    }

    @Test
    void theCampaignPageOffersTheImportsItsKindTakes() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        Fixtures.Session cookie = Fixtures.login(modeler.username(), Fixtures.PASSWORD);

        String page = Fixtures.browser(cookie).accept(ContentType.HTML).get("/campaigns/" + campaign)
                .then().statusCode(200).extract().asString();

        assertTrue(page.contains("data-upload=\"/api/campaigns/" + campaign + "/imports/arena\""), page);
        assertTrue(page.contains("data-upload=\"/api/campaigns/" + campaign + "/imports/labelstudio\""));
        assertTrue(page.contains("reads its pairwise results"));
        assertTrue(page.contains("data-param=\"control\""));
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
