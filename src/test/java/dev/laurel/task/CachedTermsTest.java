package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the hot path caches (a token's user, a campaign's quality settings) changes within a second:
 * at once when the change is made through this process, within the cache's lifetime when another
 * process makes it (simulated by writing the row directly, as another pod's transaction would).
 */
@QuarkusTest
class CachedTermsTest {
    private static final Duration WITHIN_A_SECOND = Duration.ofMillis(1500); // 1 s lifetime + request time

    @Inject
    EntityManager em;

    @Test
    void aRevokedTokenStopsWorkingAtOnceHereAndWithinASecondElsewhere() {
        Fixtures.User labeler = Fixtures.labeler();
        String second = as(labeler.token()).contentType(ContentType.JSON).body(Map.of("name", "second"))
                .post("/api/tokens").then().statusCode(201).extract().jsonPath().getString("token");
        long secondId = as(second).get("/api/tokens").jsonPath().getLong("find { it.name == 'second' }.id");
        as(second).get("/api/me").then().statusCode(200); // now cached
        as(labeler.token()).delete("/api/tokens/" + secondId).then().statusCode(204);
        as(second).get("/api/me").then().statusCode(401);

        long firstId = as(labeler.token()).get("/api/tokens").jsonPath().getLong("find { it.name != 'second' }.id");
        as(labeler.token()).get("/api/me").then().statusCode(200); // cached
        // another pod's revocation: the token row and, in the same transaction, its cache invalidation
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update api_token set revoked_at = ?1 where id = ?2")
                    .setParameter(1, Instant.now()).setParameter(2, firstId).executeUpdate();
            em.createNativeQuery("insert into cache_invalidation (cache_name, cache_key, created_at)"
                            + " select 'api-token-owners', token_hash, current_timestamp from api_token where id = ?1")
                    .setParameter(1, firstId).executeUpdate();
        });
        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(100))
                .until(() -> as(labeler.token()).get("/api/me").statusCode() == 401);
    }

    @Test
    void changedQualitySettingsApplyToTheNextLeaseHereAndWithinASecondElsewhere() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 4, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .extract().jsonPath().getLong("taskId");
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A"))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);

        // through this process: the next lease already sees it
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("minReliability", 0.9))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(200);
        as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(403);

        // through another process: within a second
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("minReliability", 0))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(200);
        as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update campaign_quality set min_reliability = 0.9 where campaign_id = ?1")
                .setParameter(1, campaign).executeUpdate());
        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(100))
                .until(() -> as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").statusCode() == 403);
    }
}
