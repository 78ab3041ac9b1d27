package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Task ids labelers see are random: gold tasks added after the campaign opened (made last, so with
 * the highest row ids) cannot be told apart by their ids.
 */
@QuarkusTest
class OpaqueTaskIdsTest {

    @Test
    void goldTasksMadeLaterCannotBeSpottedByTheirIds() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 20, 1, null);
        String gold = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> "{\"id\": \"g" + i + "\", \"prompt\": \"Check question " + i + "?\", \"reply_a\": \"right " + i
                        + "\", \"reply_b\": \"wrong " + i + "\", \"answer\": \"A\"}")
                .collect(Collectors.joining("\n"));
        as(modeler.token()).contentType("application/jsonl").body(gold)
                .post("/api/campaigns/" + campaign + "/gold").then().statusCode(201);
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("goldRate", 1.0))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(200);

        Fixtures.User labeler = Fixtures.labeler();
        List<Long> goldIds = new ArrayList<>();
        List<Long> ordinaryIds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            JsonPath task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                    .then().statusCode(200).extract().jsonPath();
            long id = task.getLong("taskId");
            (task.getString("prompt").startsWith("Check") ? goldIds : ordinaryIds).add(id);
            long answered = as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A"))
                    .post("/api/campaigns/" + campaign + "/tasks/" + id + "/answer")
                    .then().statusCode(201).extract().jsonPath().getLong("taskId");
            assertEquals(id, answered, "the answer names the task by the id the labeler was shown");
        }
        assertEquals(10, goldIds.size());
        assertEquals(20, ordinaryIds.size());
        // sequential ids would put all ten gold tasks above all twenty ordinary ones (odds 1 in 30 million if random)
        assertTrue(Collections.min(goldIds) < Collections.max(ordinaryIds), "gold " + goldIds + ", ordinary " + ordinaryIds);
        List<Long> all = new ArrayList<>(goldIds);
        all.addAll(ordinaryIds);
        assertTrue(Collections.max(all) - Collections.min(all) > 1_000_000_000L, "ids are spread, not a block: " + all);
        assertTrue(all.stream().allMatch(id -> id > 0 && id < (1L << 53)), "ids are exact as JavaScript numbers: " + all);
    }
}
