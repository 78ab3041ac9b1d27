package dev.laurel.payout;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.account.WalletFixtures;
import dev.laurel.quality.Reliability.LabelerReliability;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * The acceptance path on a real chain (anvil): labelers earn points, the epoch is computed and published,
 * labelers claim with their own keys, and the contract's guarantees hold; plus the crash cases of publishing.
 */
@QuarkusTest
@WithTestResource(AnvilChain.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayoutOnChainTest {
    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    private static final String[] CLAIMER_KEYS = {
            AnvilChain.WELL_KNOWN_TEST_KEY_1, AnvilChain.WELL_KNOWN_TEST_KEY_2, AnvilChain.WELL_KNOWN_TEST_KEY_3};

    @Inject
    PayoutChain chain;
    @Inject
    EpochPublisher publisher;
    @Inject
    ClaimWatcher claimWatcher;
    @Inject
    Epochs epochs;
    @Inject
    dev.laurel.game.PointsLedger ledger;


    private final List<Fixtures.User> labelers = new ArrayList<>();
    private final Map<Long, Long> answersByLabeler = new HashMap<>();
    private Fixtures.User unlinked;
    private Instant windowStart;
    private Instant windowEnd;

    /**
     * 50 labelers with linked wallets answer 1–3 tasks each; one more answers without linking a wallet. Once per
     * class, lazily: in a {@code @BeforeAll} RestAssured does not know the random test port yet.
     */
    @BeforeEach
    void labelersEarnPoints() throws Exception {
        if (windowEnd != null) {
            return;
        }
        windowStart = Instant.now().minusSeconds(5);
        for (int i = 0; i <= 50; i++) {
            Fixtures.User labeler = Fixtures.labeler();
            int answers = i % 3 + 1;
            for (int a = 0; a < answers; a++) {
                earn(ledger, labeler.id()); // 10 points each under the default rule
            }
            if (i == 50) {
                unlinked = labeler;
                continue;
            }
            ECKeyPair key = i < CLAIMER_KEYS.length ? Credentials.create(CLAIMER_KEYS[i]).getEcKeyPair() : Keys.createEcKeyPair();
            WalletFixtures.link(labeler.token(), key);
            labelers.add(labeler);
            answersByLabeler.put(labeler.id(), (long) answers);
        }
        windowEnd = Instant.now().plusMillis(1);
        Thread.sleep(5);
    }

    /**
     * One accepted answer scored into the game's points ledger, as the game consumer would from a
     * {@code AnswerAssessed} event (answered in 10 s, so it earns the rule's points).
     */
    static void earn(dev.laurel.game.PointsLedger ledger, long labelerId) {
        long submission = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
        assertTrue(ledger.score(new dev.laurel.quality.AnswerAssessed(dev.laurel.platform.Outbox.newEventId(), submission, 1, 1, labelerId, "A", 10_000, Instant.now())));
    }

    private long configure(BigInteger budget, Instant deadline) {
        return as(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of(
                        "budget", budget.toString(), "windowStart", windowStart.toString(), "windowEnd", windowEnd.toString(),
                        "claimDeadline", deadline.toString()))
                .post("/api/payout/epochs").then().statusCode(201).body("state", equalTo("draft"))
                .extract().jsonPath().getLong("number");
    }

    private JsonPath compute(long epoch) {
        return as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/compute")
                .then().statusCode(200).body("state", equalTo("computed")).extract().jsonPath();
    }

    private void fund(BigInteger amount) {
        RewardContracts.mint(chain.client(), chain.client().distributor(), amount);
    }

    @Test
    void fiftyLabelersArePaidOnChainAndClaimWithTheirOwnKeys() {
        ChainClient client = chain.client();
        BigInteger budget = TOKEN.multiply(BigInteger.valueOf(1000)).add(BigInteger.valueOf(7)); // odd: remainders matter
        Instant deadline = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long epoch = configure(budget, deadline);

        JsonPath computed = compute(epoch);
        // the unlinked labeler's share is kept out of the tree for a later epoch; the rest is in it, to the base unit
        BigInteger total = new BigInteger(computed.getString("total"));
        BigInteger kept = new BigInteger(computed.getString("carriedOut"));
        assertTrue(kept.signum() > 0);
        assertEquals(budget, total.add(kept), "the whole budget is allocated, to the base unit");
        assertEquals("0", computed.getString("unallocated"));
        assertEquals(50, computed.getInt("report.paid"));
        assertEquals(List.of(unlinked.id()), computed.getList("report.noWallet", Long.class));

        // the admin gets a clear error before anything is sent when the distributor cannot cover the epoch
        BigInteger before = client.availableForNewEpochs();
        if (before.compareTo(total) < 0) {
            as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/publish").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("mint or transfer at least"));
            fund(total.subtract(before));
        }
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/publish").then().statusCode(200)
                .body("state", equalTo("published"));
        ChainClient.EpochOnChain onChain = client.epoch(epoch);
        assertEquals(computed.getString("root"), onChain.root());
        assertEquals(total, onChain.total());
        assertEquals(deadline.getEpochSecond(), onChain.deadline());

        // every labeler's amount is points × budget / total points, the unit remainders spread at most one each
        long totalPoints = answersByLabeler.values().stream().mapToLong(Long::longValue).sum() + 50 % 3 + 1; // + unlinked
        BigInteger sum = BigInteger.ZERO;
        for (Fixtures.User labeler : labelers) {
            JsonPath claim = as(labeler.token()).get("/api/payout/epochs/" + epoch + "/claim").then().statusCode(200).extract().jsonPath();
            BigInteger amount = new BigInteger(claim.getString("amount"));
            BigInteger exactFloor = budget.multiply(BigInteger.valueOf(answersByLabeler.get(labeler.id()))).divide(BigInteger.valueOf(totalPoints));
            assertTrue(amount.subtract(exactFloor).compareTo(BigInteger.ONE) <= 0 && amount.compareTo(exactFloor) >= 0);
            sum = sum.add(amount);
        }
        assertEquals(total, sum);

        // three labelers claim with their own keys: exact balances
        BigInteger claimedTotal = BigInteger.ZERO;
        for (int i = 0; i < CLAIMER_KEYS.length; i++) {
            Fixtures.User labeler = labelers.get(i);
            JsonPath claim = as(labeler.token()).get("/api/payout/epochs/" + epoch + "/claim").then().statusCode(200)
                    .body("claimed", equalTo(false)).body("chainId", equalTo(31337))
                    .body("distributor", equalTo(client.distributor())).extract().jsonPath();
            ChainClient own = client.as(Credentials.create(CLAIMER_KEYS[i]));
            assertEquals(BigInteger.ZERO, client.tokenBalance(claim.getString("account")));
            var receipt = own.execute(claim.getString("distributor"), claim.getString("calldata"));
            System.out.printf("claim gas (proof of %d nodes): %s (goal ≤ 100000)%n", claim.getList("proof").size(), receipt.getGasUsed());
            BigInteger amount = new BigInteger(claim.getString("amount"));
            assertEquals(amount, client.tokenBalance(claim.getString("account")));
            claimedTotal = claimedTotal.add(amount);
            as(labeler.token()).get("/api/payout/epochs/" + epoch + "/claim").then().body("claimed", equalTo(true));
            as(labeler.token()).get("/api/payout/epochs/" + epoch + "/receipt").then().statusCode(200)
                    .body("acceptedAnswers", equalTo(i % 3 + 1)).body("points", equalTo(10 * (i % 3 + 1))).body("amount", equalTo(claim.getString("amount")))
                    .body("explanation", containsString("accepted answers gave"));
        }

        // a second claim is rejected, so is a wrong proof (here: an inflated amount)
        JsonPath first = as(labelers.get(0).token()).get("/api/payout/epochs/" + epoch + "/claim").then().extract().jsonPath();
        ChainClient firstKey = client.as(Credentials.create(CLAIMER_KEYS[0]));
        ChainRejected again = assertThrows(ChainRejected.class, () -> firstKey.sign(client.distributor(), first.getString("calldata")));
        assertEquals("AlreadyClaimed", again.error(), again.getMessage());
        JsonPath fourth = as(labelers.get(3).token()).get("/api/payout/epochs/" + epoch + "/claim").then().extract().jsonPath();
        String inflated = ChainClient.encodeClaim(epoch, fourth.getString("account"),
                new BigInteger(fourth.getString("amount")).add(BigInteger.ONE), fourth.getList("proof", String.class));
        ChainRejected wrong = assertThrows(ChainRejected.class, () -> firstKey.sign(client.distributor(), inflated));
        assertEquals("InvalidProof", wrong.error(), wrong.getMessage());

        // the unlinked labeler is told why there is nothing to claim
        as(unlinked.token()).get("/api/payout/epochs/" + epoch + "/claim").then().statusCode(409)
                .body("detail", containsString("no linked wallet"));

        // sweep: refused before the deadline, then moves exactly the unclaimed rest to the treasury
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/sweep").then().statusCode(409)
                .body("detail", containsString("DeadlineNotReached"));
        String treasury = Credentials.create(AnvilChain.WELL_KNOWN_TEST_KEY_5).getAddress();
        BigInteger treasuryBefore = client.tokenBalance(treasury);
        increaseTime(client, 2 * 24 * 3600);
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/sweep").then().statusCode(200)
                .body("state", equalTo("closed"));
        assertEquals(total.subtract(claimedTotal), client.tokenBalance(treasury).subtract(treasuryBefore));
        assertTrue(client.epoch(epoch).swept());
    }

    @Test
    void aCrashAfterSendingTheRootEndsPublishedWithExactlyOneRoot() {
        long epoch = computedAndFundedEpoch();
        publisher.simulateCrashes(null, hash -> {
            throw new SimulatedCrash();
        });
        assertThrows(SimulatedCrash.class, () -> publisher.publish(epoch));
        publisher.simulateCrashes(null, null);
        as(Fixtures.adminToken()).get("/api/payout/epochs/" + epoch).then().body("state", equalTo("publishing"))
                .body("txHash", org.hamcrest.Matchers.startsWith("0x"));

        restartAndResume(epoch);
        assertEquals(1, publishedEvents(epoch));
    }

    @Test
    void aCrashBeforeSendingRebroadcastsTheSamePersistedTransaction() {
        long epoch = computedAndFundedEpoch();
        publisher.simulateCrashes(hash -> {
            throw new SimulatedCrash();
        }, null);
        assertThrows(SimulatedCrash.class, () -> publisher.publish(epoch));
        publisher.simulateCrashes(null, null);
        String hash = as(Fixtures.adminToken()).get("/api/payout/epochs/" + epoch).then().body("state", equalTo("publishing"))
                .extract().path("txHash");
        assertEquals(0, publishedEvents(epoch), "nothing was sent");

        restartAndResume(epoch);
        assertEquals(1, publishedEvents(epoch));
        assertEquals(hash, as(Fixtures.adminToken()).get("/api/payout/epochs/" + epoch).then().extract().path("txHash"));
    }

    @Test
    void aPersistedTransactionWhoseNonceWentElsewhereIsReplacedNotDoubled() {
        long epoch = computedAndFundedEpoch();
        publisher.simulateCrashes(hash -> {
            throw new SimulatedCrash();
        }, null);
        assertThrows(SimulatedCrash.class, () -> publisher.publish(epoch));
        publisher.simulateCrashes(null, null);
        fund(BigInteger.ONE); // another transaction of the same signer takes the persisted nonce

        assertEquals(EpochState.COMPUTED, publisher.resume(epoch).state);
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/publish").then().statusCode(200)
                .body("state", equalTo("published"));
        assertEquals(1, publishedEvents(epoch));
    }

    @Test
    void aRelayedClaimPaysTheLabelersWalletOnceWithTheServerPayingGas() {
        long epoch = computedAndFundedEpoch();
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/publish").then().statusCode(200);
        Fixtures.User labeler = labelers.get(10);
        JsonPath claim = as(labeler.token()).get("/api/payout/epochs/" + epoch + "/claim").then().statusCode(200).extract().jsonPath();
        BigInteger before = chain.client().tokenBalance(claim.getString("account"));
        as(labeler.token()).post("/api/payout/epochs/" + epoch + "/claim").then().statusCode(200)
                .body("txHash", org.hamcrest.Matchers.startsWith("0x"));
        assertEquals(new BigInteger(claim.getString("amount")), chain.client().tokenBalance(claim.getString("account")).subtract(before));
        as(labeler.token()).post("/api/payout/epochs/" + epoch + "/claim").then().statusCode(409)
                .body("detail", containsString("already claimed"));
    }

    private static void storeQuality(long labeler, double accuracy, double lower, double upper, long goldSeen,
                                     long goldCorrect, long multiplier) {
        dev.laurel.quality.LabelerQuality.delete("labelerId", labeler);
        dev.laurel.quality.LabelerQuality row = new dev.laurel.quality.LabelerQuality();
        row.labelerId = labeler;
        row.accuracy = accuracy;
        row.lowerBound = lower;
        row.upperBound = upper;
        row.goldSeen = goldSeen;
        row.goldCorrect = goldCorrect;
        row.multiplier = multiplier;
        row.updatedAt = Instant.now();
        row.persist();
    }

    @Test
    void qualityWeightsAndTheReliabilityFloorComeFromTheQualityFeature() {
        long strong = labelers.get(0).id(); // 1 answer each (i % 3 + 1 for i = 0, 3, 6)
        long lucky = labelers.get(3).id();
        long plain = labelers.get(6).id();
        // what the quality feature has concluded about them, as it stores it (read by its Reliability bean)
        QuarkusTransaction.requiringNew().run(() -> {
            storeQuality(strong, 0.9, 0.6, 0.97, 40, 36, 3_000_000);
            // the same mean accuracy on far less evidence: a wide interval
            storeQuality(lucky, 0.9, 0.4, 0.99, 5, 5, 1_000_000);
        });
        BigInteger budget = TOKEN.multiply(BigInteger.valueOf(10));
        Instant deadline = Instant.now().plus(30, ChronoUnit.DAYS);

        long floor = as(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of("budget", budget.toString(),
                        "windowStart", windowStart.toString(), "windowEnd", windowEnd.toString(), "claimDeadline", deadline.toString(),
                        "minReliability", 0.5))
                .post("/api/payout/epochs").then().statusCode(201).extract().jsonPath().getLong("number");
        JsonPath computed = compute(floor);
        assertEquals(1, computed.getInt("report.paid"), "only the interval's lower bound above 0.5 counts");
        assertTrue(computed.getList("report.lowReliability", Long.class).containsAll(List.of(lucky, plain)));
        as(labelers.get(0).token()).get("/api/payout/epochs/" + floor + "/receipt").then().statusCode(200)
                .body("amount", equalTo(budget.toString())).body("qualityWeight", equalTo("3.000000"));
        as(labelers.get(3).token()).get("/api/payout/epochs/" + floor + "/receipt").then()
                .body("status", equalTo("LOW_RELIABILITY")).body("explanation", containsString("lower end of its 95% interval) was 0.4"));

        long weighted = configure(budget, deadline);
        compute(weighted);
        BigInteger strongAmount = new BigInteger(as(labelers.get(0).token()).get("/api/payout/epochs/" + weighted + "/receipt")
                .then().extract().<String>path("amount"));
        BigInteger plainAmount = new BigInteger(as(labelers.get(6).token()).get("/api/payout/epochs/" + weighted + "/receipt")
                .then().extract().<String>path("amount"));
        assertTrue(strongAmount.subtract(plainAmount.multiply(BigInteger.valueOf(3))).abs().compareTo(BigInteger.valueOf(3)) <= 0,
                "the multiplier 3.0 triples the share of the same points: " + strongAmount + " vs " + plainAmount);
    }

    @Test
    void aClaimMadeOutsideLaurelIsMarkedFromTheLogsOnceConfirmed() {
        long epoch = computedAndFundedEpoch();
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/publish").then().statusCode(200);
        claimWatcher.catchUp(3); // everything before the claim is read
        Fixtures.User labeler = labelers.get(1);
        JsonPath claim = as(labeler.token()).get("/api/payout/epochs/" + epoch + "/claim").then().statusCode(200).extract().jsonPath();

        // the labeler claims with another tool: Laurel is not told, only the chain knows
        String hash = chain.client().as(Credentials.create(CLAIMER_KEYS[1]))
                .execute(claim.getString("distributor"), claim.getString("calldata")).getTransactionHash();
        String line = "find { it.epoch == " + epoch + " }";
        as(labeler.token()).get("/api/payout/allocations").then().body(line + ".claimed", equalTo(false));

        assertEquals(0, claimWatcher.catchUp(3), "the claim's block has 1 of 3 confirmations");
        as(labeler.token()).get("/api/payout/allocations").then().body(line + ".claimed", equalTo(false));
        mineBlocks(2);
        assertEquals(1, claimWatcher.catchUp(3));
        as(labeler.token()).get("/api/payout/allocations").then().body(line + ".claimed", equalTo(true))
                .body(line + ".claimTxHash", equalTo(hash));
        assertEquals(0, claimWatcher.catchUp(3), "reading again changes nothing");
        assertTrue(!claimWatcher.markClaimed(epoch, claim.getString("account").toLowerCase(), hash, 1L), "already marked");
        as(labeler.token()).get("/payout").then().statusCode(200)
                .body(containsString("data-testid=\"claimed\""))
                .body(org.hamcrest.Matchers.not(containsString("data-claim-epoch=\"" + epoch + "\"")));
    }

    @Test
    void aPublicationPendingTooLongIsReplacedWithTheSameNonceAndHigherFees() throws Exception {
        long epoch = computedAndFundedEpoch();
        ChainClient client = chain.client();
        long nonceBefore = client.minedNonce();
        Epoch published;
        automine(false);
        try {
            var publishing = java.util.concurrent.CompletableFuture.supplyAsync(() -> publisher.publish(epoch));
            long until = System.nanoTime() + 20_000_000_000L;
            while (epochs.publishTransactions(epoch).size() < 2 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            mineBlocks(1);
            published = publishing.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            automine(true);
        }
        assertEquals(EpochState.PUBLISHED, published.state);
        List<PublishTransaction> sent = epochs.publishTransactions(epoch);
        assertTrue(sent.size() >= 2, "pending for more than bump-after: replaced at least once");
        for (int i = 1; i < sent.size(); i++) {
            PublishTransaction before = sent.get(i - 1);
            PublishTransaction after = sent.get(i);
            assertEquals(before.nonce, after.nonce, "a replacement, never a second nonce");
            assertTrue(after.maxFee.multiply(BigInteger.TEN).compareTo(before.maxFee.multiply(BigInteger.valueOf(11))) >= 0,
                    "max fee +10 % or more: " + before.maxFee + " → " + after.maxFee);
            assertTrue(after.priorityFee.multiply(BigInteger.TEN).compareTo(before.priorityFee.multiply(BigInteger.valueOf(11))) >= 0,
                    "tip +10 % or more: " + before.priorityFee + " → " + after.priorityFee);
        }
        assertEquals(nonceBefore + 1, client.minedNonce(), "one nonce spent");
        assertEquals(1, publishedEvents(epoch));
        long receipts = sent.stream().filter(tx -> client.receipt(tx.hash).isPresent()).count();
        assertEquals(1, receipts, "exactly one of the signed transactions was mined");
        assertTrue(client.receipt(published.txHash).isPresent(), "the epoch records the mined one");
    }

    @Test
    void aCrashRightAfterPersistingAFeeBumpStillRecognisesTheOriginalBeingMined() {
        long epoch = computedAndFundedEpoch();
        automine(false);
        try {
            publisher.simulateCrashBeforeBumpBroadcast(hash -> {
                throw new SimulatedCrash();
            });
            assertThrows(SimulatedCrash.class, () -> publisher.publish(epoch));
        } finally {
            publisher.simulateCrashBeforeBumpBroadcast(null);
            mineBlocks(1); // mines the original: the replacement was persisted but never sent
            automine(true);
        }
        List<PublishTransaction> sent = epochs.pendingPublications(epoch);
        assertEquals(2, sent.size());
        as(Fixtures.adminToken()).get("/api/payout/epochs/" + epoch).then().body("state", equalTo("publishing"))
                .body("txHash", equalTo(sent.get(1).hash));

        restartAndResume(epoch);
        assertEquals(1, publishedEvents(epoch));
        assertEquals(sent.get(0).hash, as(Fixtures.adminToken()).get("/api/payout/epochs/" + epoch).then().extract().path("txHash"));
    }

    private static void automine(boolean on) {
        try {
            new org.web3j.protocol.core.Request<>("evm_setAutomine", List.of(on), new org.web3j.protocol.http.HttpService(chainUrl()),
                    org.web3j.protocol.core.methods.response.VoidResponse.class).send();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mineBlocks(int blocks) {
        try {
            for (int i = 0; i < blocks; i++) {
                new org.web3j.protocol.core.Request<>("evm_mine", List.of(), new org.web3j.protocol.http.HttpService(chainUrl()),
                        org.web3j.protocol.core.methods.response.VoidResponse.class).send();
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a restarted process does: resume from the persisted state (twice, to show it is idempotent). */
    private void restartAndResume(long epoch) {
        assertEquals(EpochState.PUBLISHED, publisher.resume(epoch).state);
        assertEquals(EpochState.PUBLISHED, publisher.resume(epoch).state);
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + epoch + "/publish").then().statusCode(200)
                .body("state", equalTo("published"));
        assertEquals(as(Fixtures.adminToken()).get("/api/payout/epochs/" + epoch).then().extract().path("root"),
                chain.client().epoch(epoch).root());
    }

    private long computedAndFundedEpoch() {
        BigInteger budget = TOKEN.multiply(BigInteger.valueOf(10));
        long epoch = configure(budget, Instant.now().plus(30, ChronoUnit.DAYS));
        compute(epoch);
        fund(budget);
        return epoch;
    }

    private long publishedEvents(long epoch) {
        Event published = new Event("EpochPublished", List.of(new TypeReference<Uint256>(true) { },
                new TypeReference<Bytes32>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint64>() { },
                new TypeReference<Bytes32>() { }));
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                chain.client().distributor());
        filter.addSingleTopic(EventEncoder.encode(published));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(epoch), 64));
        try {
            return chain.client().web3j().ethGetLogs(filter).send().getLogs().size();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void increaseTime(ChainClient client, long seconds) {
        try {
            new org.web3j.protocol.core.Request<>("evm_increaseTime", List.of(seconds), new org.web3j.protocol.http.HttpService(
                    chainUrl()), org.web3j.protocol.core.methods.response.VoidResponse.class).send();
            new org.web3j.protocol.core.Request<>("evm_mine", List.of(), new org.web3j.protocol.http.HttpService(chainUrl()),
                    org.web3j.protocol.core.methods.response.VoidResponse.class).send();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String chainUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("laurel.chain.rpc-url", String.class);
    }

    static class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated kill of the process");
        }
    }
}
