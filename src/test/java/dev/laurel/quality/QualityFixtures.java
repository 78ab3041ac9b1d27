package dev.laurel.quality;

import static dev.laurel.Fixtures.as;

import dev.laurel.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Quality's test helpers, through the REST API like {@link Fixtures}. */
final class QualityFixtures {
    private QualityFixtures() {
    }

    static Response next(Fixtures.User labeler, long campaign) {
        return as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next");
    }

    static Response answer(Fixtures.User labeler, long campaign, long task, String choice) {
        return as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", choice))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer");
    }

    static void settings(Fixtures.User modeler, long campaign, Map<String, Object> settings) {
        as(modeler.token()).contentType(ContentType.JSON).body(settings)
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(200);
    }

    /** {@code count} gold items whose right answer is the reply containing "right". */
    static String goldJsonl(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "{\"id\": \"g" + i + "\", \"prompt\": \"Check question " + i + "?\", "
                        + "\"reply_a\": \"" + (i % 2 == 0 ? "right" : "wrong") + " reply " + i + "\", "
                        + "\"reply_b\": \"" + (i % 2 == 0 ? "wrong" : "right") + " reply " + i + "\", "
                        + "\"answer\": \"" + (i % 2 == 0 ? "A" : "B") + "\"}")
                .collect(Collectors.joining("\n"));
    }

    static void uploadGold(Fixtures.User modeler, long campaign, int count) {
        as(modeler.token()).contentType("application/jsonl").body(goldJsonl(count))
                .post("/api/campaigns/" + campaign + "/gold").then().statusCode(201);
    }

    /** A draft campaign with prompts, two candidates ("terse" and "verbose" outputs) and gold items. */
    static long draftWithGold(Fixtures.User modeler, int prompts, int overlap, int gold) {
        long campaign = Fixtures.draftCampaign(modeler, overlap, null);
        Fixtures.uploadPrompts(modeler, campaign, prompts);
        Fixtures.candidateWithOutputs(modeler, campaign, prompts, "terse");
        Fixtures.candidateWithOutputs(modeler, campaign, prompts, "verbose");
        if (gold > 0) {
            uploadGold(modeler, campaign, gold);
        }
        return campaign;
    }

    static void open(Fixtures.User modeler, long campaign) {
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
    }
}
