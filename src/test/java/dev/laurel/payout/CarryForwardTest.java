package dev.laurel.payout;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import dev.laurel.account.WalletFixtures;
import dev.laurel.game.PointsLedger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * A labeler without a linked wallet keeps their share: nothing of it is paid, nothing lost, and the first
 * epoch computed after they link one pays it, once. Every epoch balances to the base unit.
 */
@QuarkusTest
class CarryForwardTest {
    @Inject
    PointsLedger ledger;

    @Test
    void anUnlinkedLabelersShareIsKeptAndPaidOnceInTheFirstEpochAfterTheyLinkAWallet() throws Exception {
        Fixtures.User linked = Fixtures.labeler();
        Fixtures.User late = Fixtures.labeler();
        WalletFixtures.link(linked.token(), Keys.createEcKeyPair());

        // epoch 1: both earn 10 points; the odd unit goes to the lower account, the linked one (0x… < unlinked:…)
        Thread.sleep(5); // a window of this test's points only: the test before may have earned a moment ago
        Instant start = Instant.now();
        PayoutOnChainTest.earn(ledger, linked.id());
        PayoutOnChainTest.earn(ledger, late.id());
        Instant end = pause();
        long first = epoch(start, end, "1001");
        JsonPath one = compute(first);
        assertEquals("501", one.getString("total"), "the tree holds the linked labeler's share only");
        assertEquals("500", one.getString("carriedOut"));
        assertEquals("0", one.getString("carriedIn"));
        assertEquals("0", one.getString("unallocated"));
        as(late.token()).get("/api/payout/epochs/" + first + "/receipt").then().statusCode(200)
                .body("status", equalTo("NO_WALLET")).body("amount", equalTo("500"))
                .body("explanation", containsString("your 500 base units are kept for you and added to the first epoch"));
        as(late.token()).get("/api/payout/epochs/" + first + "/claim").then().statusCode(409)
                .body("detail", containsString("no linked wallet"));

        // the labeler links a wallet; epoch 2: only the other one earns, the kept share joins the late one's leaf
        String address = WalletFixtures.link(late.token(), Keys.createEcKeyPair());
        PayoutOnChainTest.earn(ledger, linked.id());
        Instant end2 = pause();
        long second = epoch(end, end2, "1000");
        for (int attempt = 0; attempt < 2; attempt++) { // computing again takes the kept share again, not twice
            JsonPath two = compute(second);
            assertEquals("1500", two.getString("total"), "the budget plus the kept share");
            assertEquals("500", two.getString("carriedIn"));
            assertEquals("0", two.getString("carriedOut"));
            as(late.token()).get("/api/payout/epochs/" + second + "/receipt").then().statusCode(200)
                    .body("status", equalTo("PAID")).body("account", equalTo(address)).body("amount", equalTo("500"))
                    .body("explanation", containsString("plus 500 kept for you from earlier epochs"));
        }
        as(late.token()).get("/api/payout/epochs/" + first + "/receipt").then().statusCode(200)
                .body("explanation", containsString("were added to epoch " + second));
        // epoch 1 cannot be computed anew while epoch 2 pays what it kept
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + first + "/compute").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("recompute or reconfigure epoch " + second));

        // epoch 3: the kept share is not paid again
        PayoutOnChainTest.earn(ledger, linked.id());
        Instant end3 = pause();
        long third = epoch(end2, end3, "1000");
        JsonPath three = compute(third);
        assertEquals("1000", three.getString("total"));
        assertEquals("0", three.getString("carriedIn"));
        as(late.token()).get("/api/payout/epochs/" + third + "/receipt").then().statusCode(404);

        // across the three epochs: every budget unit is in a tree or kept, and the kept one is in exactly one tree
        BigInteger trees = new BigInteger(one.getString("total")).add(new BigInteger("1500")).add(new BigInteger(three.getString("total")));
        assertEquals(BigInteger.valueOf(1001 + 1000 + 1000), trees);
    }

    private static Instant pause() throws InterruptedException {
        Instant end = Instant.now();
        Thread.sleep(5);
        return end;
    }

    private static long epoch(Instant start, Instant end, String budget) {
        return as(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of("budget", budget,
                        "windowStart", start.toString(), "windowEnd", end.toString(),
                        "claimDeadline", end.plusSeconds(86_400).toString()))
                .post("/api/payout/epochs").then().statusCode(201).extract().jsonPath().getLong("number");
    }

    private static JsonPath compute(long epoch) {
        return as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/compute").then().statusCode(200)
                .body("state", equalTo("computed")).extract().jsonPath();
    }
}
