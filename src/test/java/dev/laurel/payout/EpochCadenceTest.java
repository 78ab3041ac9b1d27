package dev.laurel.payout;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.account.WalletFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/** Admins set a cadence; the scheduler opens each epoch and, when its window ends, computes and publishes it. */
@QuarkusTest
@WithTestResource(AnvilChain.class)
class EpochCadenceTest {
    private static final BigInteger BUDGET = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(3)).add(BigInteger.ONE);

    @Inject
    EpochCadence cadence;
    @Inject
    PayoutChain chain;
    @Inject
    dev.laurel.game.PointsLedger ledger;

    @AfterEach
    void switchOff() {
        as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("enabled", false, "period", "daily", "budget", "1")).put("/api/payout/cadence").then().statusCode(200);
    }

    @Test
    void theSchedulerOpensTheNextEpochAndPublishesTheOneWhoseWindowEnded() throws Exception {
        // a labeler with a wallet is ready to answer (set up first: these calls take seconds)
        Fixtures.User labeler = Fixtures.labeler();
        WalletFixtures.link(labeler.token(), Keys.createEcKeyPair());
        RewardContracts.mint(chain.client(), chain.client().distributor(), BUDGET);

        as(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of("period", "fortnightly", "budget", "1"))
                .put("/api/payout/cadence").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("daily, weekly or an ISO-8601 duration"));
        as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "period", "PT5S", "budget", BUDGET.toString(), "claimPeriod", "P7D"))
                .put("/api/payout/cadence").then().statusCode(200).body("period", equalTo("PT5S"))
                .body("budget", equalTo(BUDGET.toString()));
        as(Fixtures.adminToken()).get("/api/payout/cadence").then().statusCode(200).body("enabled", equalTo(true));

        Instant now = Instant.now();
        cadence.run(now);
        cadence.run(now); // an open epoch already covers now: nothing more
        List<Map<String, Object>> scheduled = scheduledEpochs();
        Map<String, Object> open = scheduled.get(0);
        long first = ((Number) open.get("number")).longValue();
        Instant start = Instant.parse((String) open.get("windowStart"));
        Instant end = Instant.parse((String) open.get("windowEnd"));
        assertEquals(Duration.ofSeconds(5), Duration.between(start, end));
        assertTrue(!end.isBefore(now), "the open window covers now");
        assertEquals("draft", open.get("state"));
        assertEquals(1, scheduledEpochs().stream().filter(e -> "draft".equals(e.get("state"))).count());

        // the labeler's points land inside the window
        PayoutOnChainTest.earn(ledger, labeler.id());

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis()) + 50);
        cadence.run(Instant.now());

        // the scheduler runs the same cadence every few seconds: if its run took the cluster lock first, this one
        // returned at once and the scheduler's publishing is still under way
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("draft", "computed", "publishing")
                .contains(as(Fixtures.adminToken()).get("/api/payout/epochs/" + first).then().extract().jsonPath().getString("state")));
        JsonPath closed = as(Fixtures.adminToken()).get("/api/payout/epochs/" + first).then().statusCode(200).extract().jsonPath();
        assertEquals("published", closed.getString("state"), closed.getString("lastError"));
        assertEquals(BUDGET.toString(), closed.getString("total"));
        assertEquals(closed.getString("root"), chain.client().epoch(first).root());
        Map<String, Object> next = scheduledEpochs().get(0);
        assertEquals(first + 1, ((Number) next.get("number")).longValue());
        assertEquals(end, Instant.parse((String) next.get("windowStart")), "the next window starts where the last ended");
        as(labeler.token()).get("/api/payout/epochs/" + first + "/claim").then().statusCode(200)
                .body("amount", equalTo(BUDGET.toString()));

        as(Fixtures.adminToken()).get("/payout/admin").then().statusCode(200)
                .body(containsString("PT5S")).body(containsString("(scheduled)"));
    }

    /** Newest first. */
    private static List<Map<String, Object>> scheduledEpochs() {
        List<Map<String, Object>> all = as(Fixtures.adminToken()).get("/api/payout/epochs").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(e -> Boolean.TRUE.equals(e.get("scheduled"))).toList();
    }
}
