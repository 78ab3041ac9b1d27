package dev.laurel.payout;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.account.WalletFixtures;
import dev.laurel.game.PointsLedger;
import dev.laurel.platform.ClusterLock;
import dev.laurel.platform.Roles;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.crypto.Keys;

/**
 * Two processes run the epoch cadence at the same moment, again and again: each window gets one epoch and each
 * epoch one signed, published root. The two "processes" are two cadences, each with its own {@link ClusterLock}
 * (its own PostgreSQL sessions), sharing only the database and the chain — as two pods do.
 */
@QuarkusTest
@WithTestResource(AnvilChain.class)
@TestProfile(OncePerClusterTest.FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the second leaves windows in the future: the cadence would wait for them
class OncePerClusterTest {
    private static final BigInteger BUDGET = BigInteger.TEN.pow(18);
    private static final int ROUNDS = 4;

    /** Its own application start, so the database is clean: no other test's scheduled epochs, and none left for them. */
    public static class FreshDatabase implements QuarkusTestProfile {
    }

    @Inject
    Epochs epochs;
    @Inject
    EpochPublisher publisher;
    @Inject
    EpochCadence cadence;
    @Inject
    PayoutChain chain;
    @Inject
    PointsLedger ledger;
    @Inject
    @DataSource("locks")
    AgroalDataSource lockConnections;

    private final ExecutorService pods = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pods.shutdownNow();
        as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("enabled", false, "period", "daily", "budget", "1")).put("/api/payout/cadence").then().statusCode(200);
    }

    @Test
    @Order(1)
    void twoProcessesRunningTheCadenceAtOnceOpenOneEpochPerWindowAndPublishEachRootOnce() throws Exception {
        Fixtures.User labeler = Fixtures.labeler();
        WalletFixtures.link(labeler.token(), Keys.createEcKeyPair());
        RewardContracts.mint(chain.client(), chain.client().distributor(), BUDGET.multiply(BigInteger.valueOf(ROUNDS + 1)));
        as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "period", "PT1S", "budget", BUDGET.toString(), "claimPeriod", "P7D"))
                .put("/api/payout/cadence").then().statusCode(200);
        EpochCadence podA = new EpochCadence(epochs, publisher, chain, new ClusterLock(lockConnections), new Roles("chain"));
        EpochCadence podB = new EpochCadence(epochs, publisher, chain, new ClusterLock(lockConnections), new Roles("chain"));

        for (int round = 0; round < ROUNDS; round++) {
            both(() -> podA.run(Instant.now()), () -> podB.run(Instant.now())); // closes the last window, opens the next
            PayoutOnChainTest.earn(ledger, labeler.id()); // points inside the window now open
            Instant end = scheduled().get(scheduled().size() - 1).windowEnd;
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis()) + 20);
        }
        both(() -> podA.run(Instant.now()), () -> podB.run(Instant.now()));

        List<Epoch> windows = scheduled();
        assertEquals(ROUNDS + 1, windows.size(), "one epoch per window: " + describe(windows));
        for (int i = 1; i < windows.size(); i++) {
            assertEquals(windows.get(i - 1).windowEnd, windows.get(i).windowStart, "windows follow each other: " + describe(windows));
        }
        for (Epoch epoch : windows.subList(0, ROUNDS)) {
            assertEquals(EpochState.PUBLISHED, epoch.state, "epoch " + epoch.number + ": " + epoch.lastError);
            assertEquals(1, epochs.publishTransactions(epoch.number).size(), "one signed root for epoch " + epoch.number);
            assertEquals(epoch.root, chain.client().epoch(epoch.number).root());
        }
        assertEquals(EpochState.DRAFT, windows.get(ROUNDS).state, "the last window is open");

        // while another process holds the lock, this one does nothing at all
        Instant later = windows.get(ROUNDS).windowEnd.plusSeconds(5);
        new ClusterLock(lockConnections).runExclusively(EpochCadence.JOB, () -> assertFalse(podA.run(later)));
        assertEquals(ROUNDS + 1, scheduled().size());
    }

    @Test
    @Order(2)
    void withoutTheClusterLockTheCadenceRowStillLetsOnlyOneProcessOpenAWindow() throws Exception {
        as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("enabled", false, "period", "PT1S", "budget", BUDGET.toString(), "claimPeriod", "P7D"))
                .put("/api/payout/cadence").then().statusCode(200);
        Cadence settings = cadence.current().orElseThrow();
        int before = scheduled().size();
        // far enough ahead to start after any window the other test left
        Instant now = Instant.now().plus(Duration.ofDays(1));
        for (int round = 0; round < 5; round++) {
            Instant at = now;
            List<Optional<Epoch>> opened = both(() -> epochs.openScheduled(settings, at), () -> epochs.openScheduled(settings, at));
            assertEquals(1, opened.stream().filter(Optional::isPresent).count(), "round " + round + ": " + opened);
            now = now.plusSeconds(1);
        }
        assertEquals(before + 5, scheduled().size(), describe(scheduled()));
    }

    /** Runs both at the same instant on two threads; returns what each returned. */
    @SafeVarargs
    private <T> List<T> both(Callable<T>... work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(work.length);
        List<Future<T>> running = new ArrayList<>();
        for (Callable<T> w : work) {
            running.add(pods.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return w.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : running) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private List<Epoch> scheduled() {
        return epochs.epochs().stream().filter(e -> e.scheduled).sorted(Comparator.comparing(e -> e.windowStart)).toList();
    }

    private static String describe(List<Epoch> epochs) {
        return epochs.stream().map(e -> e.number + "[" + e.windowStart + ", " + e.windowEnd + ") " + e.state).toList().toString();
    }
}
