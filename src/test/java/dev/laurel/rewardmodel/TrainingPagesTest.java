package dev.laurel.rewardmodel;

import static dev.laurel.Fixtures.as;
import static dev.laurel.rewardmodel.RewardModelResourceTest.awaitFinished;
import static dev.laurel.rewardmodel.RewardModelResourceTest.submit;
import static dev.laurel.rewardmodel.RewardModelResourceTest.trainingFile;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrainingPagesTest {

    @Test
    void aFinishedJobShowsItsChartFullProgressAndItsModelCanBeActivatedFromThePage() {
        Fixtures.User modeler = Fixtures.modeler();
        long job = submit(modeler, trainingFile(31), "?epochs=4");
        long model = awaitFinished(modeler, job).getLong("modelId");

        as(modeler.token()).get("/reward-models/jobs/" + job).then().statusCode(200)
                .body(containsString("data-testid=\"training-chart\""))
                .body(containsString("<polyline class=\"train\""))
                .body(containsString("<polyline class=\"validation\""))
                .body(containsString("epoch 4 of at most 4 · 100%"))
                .body(containsString("reward model v1"))
                .body(not(containsString("hx-trigger"))); // finished: the page stops polling

        as(modeler.token()).get("/reward-models").then().statusCode(200)
                .body(containsString("href=\"/reward-models/jobs/" + job + "\""))
                .body(containsString("action=\"/reward-models/" + model + "/activate\""));
        as(modeler.token()).redirects().follow(false).post("/reward-models/" + model + "/activate")
                .then().statusCode(303);
        as(modeler.token()).get("/api/reward-models/" + model).then().body("active", equalTo(true));
        as(modeler.token()).get("/reward-models").then().body(containsString("data-testid=\"active\""))
                .body(not(containsString("action=\"/reward-models/" + model + "/activate\"")));
    }

    @Test
    void aQueuedJobPollsForUpdatesAndOtherTeamsCannotSeeIt() {
        Fixtures.User modeler = Fixtures.modeler();
        long job = submit(modeler, trainingFile(32), "?epochs=2");
        as(modeler.token()).get("/reward-models/jobs/" + job + "/live").then().statusCode(200)
                .body(containsString("data-testid=\"progress\""));
        Fixtures.User other = Fixtures.modeler();
        as(other.token()).get("/reward-models/jobs/" + job).then().statusCode(404);
        awaitFinished(modeler, job);
    }

    @Test
    void theTrainingFormStartsAJobFromAnUploadedFileAndOpensItsLivePage() {
        Fixtures.User modeler = Fixtures.modeler();
        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).get("/reward-models").then().statusCode(200)
                .body(containsString("enctype=\"multipart/form-data\""));

        String location = Fixtures.browser(session).redirects().follow(false)
                .multiPart("file", "prefs.jsonl", trainingFile(33).getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("epochs", "3").multiPart("batchSize", "").multiPart("patience", "")
                .post("/reward-models/jobs").then().statusCode(303).extract().header("Location");
        long job = Long.parseLong(location.replaceAll(".*/reward-models/jobs/(\\d+)$", "$1"));
        io.restassured.path.json.JsonPath done = awaitFinished(modeler, job);
        org.junit.jupiter.api.Assertions.assertEquals("SUCCEEDED", done.getString("status"));
        org.junit.jupiter.api.Assertions.assertEquals(3, done.getInt("settings.maxEpochs"));
        org.junit.jupiter.api.Assertions.assertEquals(32, done.getInt("pairs"));

        Fixtures.browser(session)
                .multiPart("file", "prefs.csv", "prompt,chosen\nq,a\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .post("/reward-models/jobs").then().statusCode(400).body(containsString("rejected"));
        Fixtures.browser(session)
                .multiPart("file", "prefs.jsonl", trainingFile(34).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .multiPart("epochs", "ten").post("/reward-models/jobs").then().statusCode(400)
                .body(containsString("Epochs must be a whole number, not 'ten'."));
    }
}
