package dev.laurel;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first-run path: built with the embedded defaults (H2 file database, in-process channels, demo
 * seed) instead of the test profile's PostgreSQL and RabbitMQ, and driven end to end.
 */
@QuarkusTest
@TestProfile(EmbeddedDefaultTest.Embedded.class)
class EmbeddedDefaultTest {
    private static final String DEMO_PASSWORD = "laurel-demo";

    public static class Embedded implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "embedded-test"; // none of the %test overrides: the plain defaults apply
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url",
                    "jdbc:h2:file:./target/embedded-" + System.nanoTime() + "/laurel;AUTO_SERVER=FALSE");
        }
    }

    @Inject
    EntityManager em;

    @Test
    void migrationsRunOnH2() {
        QuarkusTransaction.requiringNew().run(() -> {
            String product = em.unwrap(org.hibernate.Session.class)
                    .doReturningWork(c -> c.getMetaData().getDatabaseProductName());
            assertEquals("H2", product);
            Number applied = (Number) em.createNativeQuery(
                    "select count(*) from \"flyway_schema_history\" where \"version\" = '1' and \"success\" = true").getSingleResult();
            assertEquals(1, applied.intValue());
        });
    }

    @Test
    void theSeededDemoWorksEndToEndWithInProcessEvents() {
        String alice = Fixtures.tokenFor("alice", DEMO_PASSWORD);
        String modeler = Fixtures.tokenFor("modeler", DEMO_PASSWORD);
        long campaign = Fixtures.as(alice).get("/api/campaigns").then().statusCode(200)
                .body("[0].name", equalTo("Helpful everyday answers"))
                .body("[0].progress.tasksTotal", greaterThanOrEqualTo(20))
                .extract().jsonPath().getLong("[0].id");

        Fixtures.Session session = Fixtures.login("alice", DEMO_PASSWORD);
        Fixtures.browser(session).get("/play/" + campaign).then().statusCode(200)
                .body(containsString("data-testid=\"reply-a\""))
                .body(not(containsString("concise-v1"))).body(not(containsString("chatty-v2")));

        for (String choice : new String[] {"A", "B", "TIE"}) {
            long task = Fixtures.as(alice).post("/api/campaigns/" + campaign + "/tasks/next")
                    .then().statusCode(200).extract().jsonPath().getLong("taskId");
            Fixtures.as(alice).contentType("application/json").body(Map.of("choice", choice))
                    .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                Fixtures.as(modeler).get("/api/campaigns/" + campaign + "/progress").then()
                        .body("answersAccepted", equalTo(3)));
        // the same events reached the game consumer too (in-process fan-out): three explained ledger rows
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                Fixtures.as(alice).get("/api/me/progress").then().statusCode(200)
                        .body("recent.size()", equalTo(3)));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aRewardModelScoresInTheOneProcessThatIsItsOwnWorker() {
        String modeler = Fixtures.tokenFor("modeler", DEMO_PASSWORD);
        String pairs = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "{\"prompt\": \"How do I do chore " + i + "?\", "
                + "\"chosen\": \"Gather what you need, then go step by step for chore " + i + ".\", "
                + "\"rejected\": \"Not my problem.\"}").collect(java.util.stream.Collectors.joining("\n"));
        long job = Fixtures.as(modeler).contentType("application/jsonl").body(pairs).post("/api/reward-models/jobs?epochs=3")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofMinutes(2)).until(() -> "SUCCEEDED".equals(Fixtures.as(modeler)
                .get("/api/reward-models/jobs/" + job).then().extract().path("status")));
        long model = Fixtures.as(modeler).get("/api/reward-models/jobs/" + job).then().extract().jsonPath().getLong("modelId");
        // the scoring request is written to H2 and scored by this same process (all roles) while the call waits
        Fixtures.as(modeler).contentType("application/json")
                .body(Map.of("items", java.util.List.of(Map.of("prompt", "How do I do chore 3?", "reply", "Step by step."))))
                .post("/api/reward-models/" + model + "/score").then().statusCode(200)
                .body("status", equalTo("DONE")).body("rewards.size()", equalTo(1));
    }
}
