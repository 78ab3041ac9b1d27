package dev.laurel.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessCoversDatabaseAndBroker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data", org.hamcrest.Matchers.hasKey("submissions-progress"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void theHotPathReportsItsTimersAndLags() {
        dev.laurel.Fixtures.User modeler = dev.laurel.Fixtures.modeler();
        long campaign = dev.laurel.Fixtures.openCampaign(modeler, 1, 1, null);
        dev.laurel.Fixtures.User labeler = dev.laurel.Fixtures.labeler();
        long task = dev.laurel.Fixtures.as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                .jsonPath().getLong("taskId");
        dev.laurel.Fixtures.as(labeler.token()).contentType("application/json").body("{\"choice\": \"A\"}")
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() ->
                given().get("/q/metrics").then().statusCode(200)
                        .body(containsString("laurel_tasks_lease_seconds_count"))
                        .body(containsString("laurel_tasks_answer_seconds_count"))
                        .body(containsString("laurel_outbox_lag_seconds"))
                        .body(containsString("laurel_leases_expired_total"))
                        .body(containsString("laurel_events_lag_seconds_count{consumer=\"game-scoring\""))
                        .body(containsString("laurel_events_lag_seconds_count{consumer=\"campaign-progress\"")));
    }

    @Test
    void openApiDescribesTheApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/campaigns/{id}/prompts"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/campaigns/{campaignId}/tasks/{taskId}/answer"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void unknownPathsAreProblemJson() {
        given().accept("application/json").get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void pagesSendAStrictContentSecurityPolicy() {
        given().get("/login").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
