package dev.laurel.model;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A process with the web role only receives model zips but never loads them: the upload waits in VALIDATING
 * (however many validation polls pass) and no model is loaded here; a worker (played by the test) then
 * makes it READY. Too large an upload is refused while it streams, and nothing of it is kept. Scorer uploads and
 * the scoring streams: {@code rewardmodel.WebRoleRewardModelTest} (same profile).
 */
@QuarkusTest
@TestProfile(WorkerCrashTest.WebOnly.class)
class WebRoleArtifactTest {
    @Inject
    ArtifactValidation validation;
    @ConfigProperty(name = "laurel.models.store")
    String store;

    private long djlCandidate(Fixtures.User modeler) {
        return as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("tiny"), "kind", "DJL_ARTIFACT"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aWebProcessStoresAnUploadButNeverLoadsIt() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long candidate = djlCandidate(modeler);
        byte[] zip = TinyModels.chatbotZip();
        String sha = ModelArtifacts.sha256(zip);
        long loadsBefore = DjlModel.loadsInThisProcess();

        as(modeler.token()).contentType("application/zip").body(zip).put("/api/candidates/" + candidate + "/artifact")
                .then().statusCode(202).body("artifactStatus", equalTo("VALIDATING")).body("artifactUpload", equalTo(sha))
                .body("artifact", nullValue());
        Thread.sleep(1_500); // several validation polls (every 200 ms in this profile)
        as(modeler.token()).get("/api/candidates/" + candidate).then()
                .body("artifactStatus", equalTo("VALIDATING")).body("artifact", nullValue());
        assertEquals(loadsBefore, DjlModel.loadsInThisProcess(), "a web-role process loads no model");
        assertTrue(Files.isRegularFile(Path.of(store, ModelUploads.DIRECTORY, sha + ".zip")), "the zip waits in the store");
        IllegalStateException refused = assertThrows(IllegalStateException.class, validation::validateWaiting);
        assertTrue(refused.getMessage().contains("Only a worker-role process"), refused.getMessage());
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        as(modeler.token()).post("/api/candidates/" + candidate + "/campaigns/" + campaign).then().statusCode(409)
                .body("detail", containsString("still being validated"));

        // a worker elsewhere (this test) takes it: READY, and the received zip gives way to the unpacked model
        assertTrue(validation.validateNow(candidate));
        as(modeler.token()).get("/api/candidates/" + candidate).then()
                .body("artifactStatus", equalTo("READY")).body("artifact", equalTo(sha))
                .body("modelTask", equalTo("text-generation")).body("artifactReason", nullValue());
        assertFalse(Files.exists(Path.of(store, ModelUploads.DIRECTORY, sha + ".zip")));
        assertTrue(Files.isDirectory(Path.of(store, sha)));
    }

    @Test
    void aClaimIsTakenOverWhenStaleAndAModelThatKeepsStoppingItsWorkerIsRejected() {
        Fixtures.User modeler = Fixtures.modeler();
        long candidate = djlCandidate(modeler);
        as(modeler.token()).contentType("application/zip").body("PK whatever".getBytes())
                .put("/api/candidates/" + candidate + "/artifact").then().statusCode(202);
        // a worker holds it (claimed just now): no other worker takes it
        QuarkusTransaction.requiringNew().run(() ->
                Candidate.update("artifactClaimedAt = ?1, artifactAttempts = 1 where id = ?2", Instant.now(), candidate));
        assertTrue(validation.claim().filter(c -> c.candidateId() == candidate).isEmpty(), "a live claim is left alone");
        // that worker died long ago: the next one takes the upload over
        QuarkusTransaction.requiringNew().run(() ->
                Candidate.update("artifactClaimedAt = ?1 where id = ?2", Instant.now().minus(Duration.ofMinutes(11)), candidate));
        ArtifactValidation.Claim takenOver = validation.claim().orElseThrow();
        assertEquals(candidate, takenOver.candidateId());
        assertEquals(2, takenOver.attempt());
        // as if the model had crashed every worker that loaded it: the next claim gives up on it
        QuarkusTransaction.requiringNew().run(() -> Candidate.update(
                "artifactClaimedAt = null, artifactAttempts = ?1 where id = ?2", ArtifactValidation.MAX_ATTEMPTS, candidate));
        assertTrue(validation.validateNow(candidate));
        as(modeler.token()).get("/api/candidates/" + candidate).then().body("artifactStatus", equalTo("REJECTED"))
                .body("artifactReason", containsString("never finished"));
    }

    @Test
    void aTooLargeUploadIsRefusedWhileStreamingAndLeavesNothing() throws IOException {
        Fixtures.User modeler = Fixtures.modeler();
        long candidate = djlCandidate(modeler);
        List<Path> before = uploadFiles();
        byte[] big = new byte[(int) WorkerCrashTest.WebOnly.MAX_ARTIFACT_BYTES + 1];
        // declared too large: refused before any of it is read (platform/RequestBodyLimits)
        as(modeler.token()).contentType("application/zip").body(big).put("/api/candidates/" + candidate + "/artifact")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("larger than the limit of " + WorkerCrashTest.WebOnly.MAX_ARTIFACT_BYTES));
        // of unknown length (chunked): counted while it streams to the store, refused once past the limit
        var chunked = Fixtures.sendChunked(modeler.token(), "PUT", "/api/candidates/" + candidate + "/artifact", "application/zip", big);
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals("application/problem+json", chunked.headers().firstValue("Content-Type").orElse(""));
        assertTrue(chunked.body().contains("model zip is larger than the limit of " + WorkerCrashTest.WebOnly.MAX_ARTIFACT_BYTES),
                chunked.body());
        as(modeler.token()).get("/api/candidates/" + candidate).then()
                .body("artifactStatus", nullValue()).body("artifactUpload", nullValue());
        assertEquals(before, uploadFiles(), "nothing of the refused upload is kept");
    }

    private List<Path> uploadFiles() throws IOException {
        Path uploads = Path.of(store, ModelUploads.DIRECTORY);
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.sorted().toList();
        }
    }
}
