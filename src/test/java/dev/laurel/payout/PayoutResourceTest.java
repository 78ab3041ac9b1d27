package dev.laurel.payout;

import static dev.laurel.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.laurel.Fixtures;
import dev.laurel.account.WalletFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/** Epoch administration, reports and the labeler's page, without a chain (the test profile configures none). */
@QuarkusTest
class PayoutResourceTest {
    @jakarta.inject.Inject
    dev.laurel.game.PointsLedger ledger;

    private static Map<String, Object> settings(Instant start, Instant end, Instant deadline, String budget) {
        Map<String, Object> body = new HashMap<>();
        body.put("budget", budget);
        body.put("windowStart", start.toString());
        body.put("windowEnd", end.toString());
        body.put("claimDeadline", deadline.toString());
        return body;
    }

    @Test
    void badEpochSettingsGetReadableErrors() {
        Instant now = Instant.now();
        as(Fixtures.adminToken()).contentType(ContentType.JSON).body(settings(now, now.plusSeconds(60), now.plusSeconds(120), "1.5"))
                .post("/api/payout/epochs").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("whole number of base units"));
        as(Fixtures.adminToken()).contentType(ContentType.JSON).body(settings(now, now.minusSeconds(60), now.plusSeconds(120), "10"))
                .post("/api/payout/epochs").then().statusCode(400).body("detail", containsString("start before end"));
        as(Fixtures.adminToken()).contentType(ContentType.JSON).body(settings(now, now.plusSeconds(60), now.plusSeconds(30), "10"))
                .post("/api/payout/epochs").then().statusCode(400).body("detail", containsString("after 'windowEnd'"));
    }

    @Test
    void onlyAdminsConfigureEpochs() {
        Instant now = Instant.now();
        as(Fixtures.labeler().token()).contentType(ContentType.JSON).body(settings(now, now.plusSeconds(60), now.plusSeconds(120), "10"))
                .post("/api/payout/epochs").then().statusCode(403);
    }

    @Test
    void anEpochIsComputedOnlyAfterItsWindow() {
        Instant now = Instant.now();
        long epoch = as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(settings(now, now.plusSeconds(3600), now.plusSeconds(7200), "10"))
                .post("/api/payout/epochs").then().statusCode(201).extract().jsonPath().getLong("number");
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/compute").then().statusCode(409)
                .body("detail", containsString("compute it after that"));
    }

    @Test
    void unlinkedLabelersAreReportedTheirShareKeptAndPublishingWithoutAChainIsAClearError() throws Exception {
        Thread.sleep(5); // a window of this test's points only: the test before may have earned a moment ago
        Instant start = Instant.now();
        Fixtures.User linked = Fixtures.labeler();
        Fixtures.User unlinked = Fixtures.labeler();
        for (Fixtures.User labeler : new Fixtures.User[] {linked, unlinked}) {
            PayoutOnChainTest.earn(ledger, labeler.id());
        }
        String address = WalletFixtures.link(linked.token(), Keys.createEcKeyPair());
        Instant end = Instant.now();
        Thread.sleep(5);
        long epoch = as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(settings(start, end, end.plusSeconds(86_400), "1000000000000000000000"))
                .post("/api/payout/epochs").then().statusCode(201).extract().jsonPath().getLong("number");

        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/compute").then().statusCode(200)
                .body("state", equalTo("computed")).body("total", equalTo("500000000000000000000"))
                .body("carriedOut", equalTo("500000000000000000000"))
                .body("report.paid", equalTo(1)).body("report.noWallet[0]", equalTo((int) unlinked.id()));
        // what the one answer earned under the rule in force (another test may have published a different one)
        int earned = as(linked.token()).get("/api/me/progress").then().statusCode(200).extract().jsonPath().getInt("points");
        org.junit.jupiter.api.Assertions.assertTrue(earned > 0, "the answer earned points");
        as(linked.token()).get("/api/payout/epochs/" + epoch + "/receipt").then().statusCode(200)
                .body("account", equalTo(address)).body("acceptedAnswers", equalTo(1)).body("points", equalTo(earned))
                .body("qualityWeight", equalTo("1.000000")).body("amount", equalTo("500000000000000000000"));
        as(unlinked.token()).get("/api/payout/epochs/" + epoch + "/receipt").then().statusCode(200)
                .body("status", equalTo("NO_WALLET")).body("explanation", containsString("no linked wallet"))
                .body("explanation", containsString("kept for you"));
        as(linked.token()).get("/api/payout/epochs/" + epoch + "/claim").then().statusCode(409)
                .body("detail", containsString("once it is published"));

        as(linked.token()).post("/api/payout/epochs/" + epoch + "/claim").then().statusCode(403)
                .body("detail", containsString("Relayed claims are switched off"));
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/publish").then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("No chain is configured"));
        as(Fixtures.adminToken()).get("/api/payout/epochs/" + epoch).then().body("state", equalTo("computed"));

        // the labeler's page: allocation in tokens, the claim module, no inline script
        Fixtures.Session session = Fixtures.login(linked.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).accept(ContentType.HTML).get("/payout").then().statusCode(200)
                .body(containsString(address)).body(containsString("500 LAUREL"))
                .body(containsString("<script type=\"module\" src=\"/static/claim.js\"></script>"))
                .body(not(containsString("<script>")));
        given().get("/static/claim.js").then().statusCode(200).body(containsString("eth_sendTransaction"));
    }
}
