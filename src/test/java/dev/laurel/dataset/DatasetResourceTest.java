package dev.laurel.dataset;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DatasetResourceTest {
    @Inject
    Datasets datasets;

    /** Leases the next task and answers for the reply starting with {@code preferred}, or TIE when null. */
    static void vote(Fixtures.User labeler, long campaign, String preferred) {
        JsonPath task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                .then().statusCode(200).extract().jsonPath();
        String choice = preferred == null ? "TIE" : task.getString("replyA").startsWith(preferred) ? "A" : "B";
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", choice))
                .post("/api/campaigns/" + campaign + "/tasks/" + task.getLong("taskId") + "/answer").then().statusCode(201);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void snapshotHoldsTheConsensusAndItsFilesHashAsRecorded() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 1, 3, null);
        vote(Fixtures.labeler(), campaign, "verbose");
        vote(Fixtures.labeler(), campaign, "verbose");
        vote(Fixtures.labeler(), campaign, null);
        String base = "/api/campaigns/" + campaign + "/datasets";

        JsonPath snapshot = as(modeler.token()).post(base).then().statusCode(201).extract().jsonPath();

        assertEquals(1, snapshot.getInt("version"));
        assertEquals(3, snapshot.getInt("votes"));
        assertEquals(1, snapshot.getInt("pairs"));
        assertEquals(1, snapshot.getInt("prompts"));
        assertEquals(2, snapshot.getInt("models"));
        byte[] pairs = as(modeler.token()).get(base + "/1/pairs.jsonl").then().statusCode(200)
                .header("Content-Disposition", containsString("campaign-" + campaign + "-v1-pairs.jsonl"))
                .extract().asByteArray();
        assertEquals("{\"prompt\":\"Question number 1?\",\"chosen\":\"verbose answer to 1\",\"rejected\":\"terse answer to 1\","
                + "\"margin\":0.6666666666666666}\n", new String(pairs, StandardCharsets.UTF_8));
        assertEquals(snapshot.getString("files[0].sha256"), sha256(pairs));
        byte[] conversational = as(modeler.token()).get(base + "/1/pairs-conversational.jsonl").then().statusCode(200)
                .extract().asByteArray();
        assertEquals("{\"prompt\":[{\"role\":\"user\",\"content\":\"Question number 1?\"}],"
                + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"verbose answer to 1\"}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"terse answer to 1\"}],\"margin\":0.6666666666666666}\n",
                new String(conversational, StandardCharsets.UTF_8), "TRL's conversational preference format");
        assertEquals(snapshot.getString("files[1].sha256"), sha256(conversational));
        byte[] votes = as(modeler.token()).get(base + "/1/votes.jsonl").then().statusCode(200).extract().asByteArray();
        assertEquals(snapshot.getString("contentSha256"), sha256(votes));
        assertEquals(3, new String(votes, StandardCharsets.UTF_8).split("\n").length);
        byte[] csv = as(modeler.token()).get(base + "/1/votes.csv").then().statusCode(200).extract().asByteArray();
        assertEquals(snapshot.getString("files[3].sha256"), sha256(csv));
        assertTrue(new String(csv, StandardCharsets.UTF_8).contains(",tie,"));

        assertEquals(List.of(new Datasets.PreferencePair("Question number 1?", "verbose answer to 1", "terse answer to 1", 2.0 / 3)),
                datasets.pairs(campaign), "trainers read the same pairs");
        assertEquals(datasets.pairs(campaign), datasets.pairs(campaign, 1));
    }

    @Test
    void aSnapshotKeepsItsVotesWhenMoreArrive() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        String base = "/api/campaigns/" + campaign + "/datasets";
        vote(Fixtures.labeler(), campaign, "terse");
        String firstHash = as(modeler.token()).post(base).then().statusCode(201).extract().path("contentSha256");

        vote(Fixtures.labeler(), campaign, "verbose");
        JsonPath second = as(modeler.token()).post(base).then().statusCode(201).extract().jsonPath();

        assertEquals(2, second.getInt("version"));
        assertEquals(2, second.getInt("votes"));
        byte[] v1 = as(modeler.token()).get(base + "/1/votes.jsonl").then().statusCode(200).extract().asByteArray();
        assertEquals(firstHash, sha256(v1), "version 1 still streams exactly its own votes");
        assertEquals(1, new String(v1, StandardCharsets.UTF_8).split("\n").length);
        List<Integer> versions = as(modeler.token()).get(base).then().statusCode(200).extract().jsonPath().getList("version");
        assertEquals(List.of(2, 1), versions);
    }

    @Test
    void trlConfigNamesTheSnapshotsPairsAndHash() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 1, 1, null);
        vote(Fixtures.labeler(), campaign, "verbose");
        String base = "/api/campaigns/" + campaign + "/datasets";
        String sha = as(modeler.token()).post(base).then().statusCode(201).extract().path("files[0].sha256");

        String yaml = as(modeler.token()).get(base + "/1/trl-config.yaml").then().statusCode(200).extract().asString();

        assertTrue(yaml.contains("data_files: campaign-" + campaign + "-v1-pairs.jsonl"), yaml);
        assertTrue(yaml.contains("sha256: " + sha), yaml);
        assertTrue(yaml.contains("reward_config:") && yaml.contains("center_rewards_coefficient"), yaml);
    }

    @Test
    void refusalsAreReadable() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 1, 1, null);
        String base = "/api/campaigns/" + campaign + "/datasets";

        as(modeler.token()).post(base).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("no votes yet"));
        as(modeler.token()).get(base + "/7").then().statusCode(404).body("detail", containsString("no dataset version 7"));
        vote(Fixtures.labeler(), campaign, "verbose");
        as(modeler.token()).post(base).then().statusCode(201);
        as(modeler.token()).get(base + "/1/secrets.txt").then().statusCode(404).body("detail", containsString("pairs.jsonl"));
        as(Fixtures.labeler().token()).get(base).then().statusCode(403);
        as(Fixtures.modeler().token()).get(base + "/1/pairs.jsonl").then().statusCode(404);
    }

    @Test
    void openApiDocumentsTheEndpointsAndTheFileSchemas() {
        String openApi = io.restassured.RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();

        for (String path : List.of("/api/campaigns/{id}/datasets", "/api/campaigns/{id}/datasets/{version}/{file}",
                "/api/campaigns/{id}/leaderboard", "/api/campaigns/{id}/leaderboard/win-rates", "/api/leaderboard")) {
            assertTrue(openApi.contains("\"" + path + "\""), path);
        }
        assertTrue(openApi.contains("margin = |wins_A - wins_B| / votes"), "the TRL schema is described");
    }
}
