package dev.laurel.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * The claim page in real Chromium against a real chain: this harness gives {@code frontend/tests/claim.test.mjs}
 * a Laurel wired to anvil with funded contracts and a labeler who earned points in a known window; the browser
 * test links the labeler's anvil dev account with SIWE, has the admin publish, and claims from the page.
 */
@QuarkusTest
@WithTestResource(AnvilChain.class)
class ClaimPageBrowserTest {
    /** anvil well-known test key #4 (public mnemonic "test test … junk"): an unlocked dev account anvil signs for. */
    private static final String WELL_KNOWN_TEST_KEY_4 = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";

    @TestHTTPResource("/")
    URL base;
    @Inject
    PayoutChain chain;
    @Inject
    dev.laurel.game.PointsLedger ledger;

    @Test
    void labelerClaimsFromThePageWithAnInjectedWallet() throws Exception {
        File frontend = new File("frontend");
        assertTrue(new File(frontend, "node_modules/playwright-core").isDirectory(),
                "frontend/node_modules is missing: run `cd frontend && npm ci`");
        Instant windowStart = Instant.now().minusSeconds(1);
        Fixtures.User labeler = Fixtures.labeler();
        PayoutOnChainTest.earn(ledger, labeler.id());
        PayoutOnChainTest.earn(ledger, labeler.id());
        Instant windowEnd = Instant.now().plusMillis(1);
        Thread.sleep(5);
        RewardContracts.mint(chain.client(), chain.client().distributor(), BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(100)));

        ProcessBuilder node = new ProcessBuilder("node", "--test", "tests/claim.test.mjs").directory(frontend).redirectErrorStream(true);
        Map<String, String> env = node.environment();
        env.put("LAUREL_URL", base.toString());
        env.put("LAUREL_ADMIN_USER", Fixtures.ADMIN);
        env.put("LAUREL_ADMIN_PASSWORD", Fixtures.ADMIN_PASSWORD);
        env.put("LAUREL_LABELER_USER", labeler.username());
        env.put("LAUREL_LABELER_PASSWORD", Fixtures.PASSWORD);
        env.put("LAUREL_CHAIN_RPC_URL", ConfigProvider.getConfig().getValue("laurel.chain.rpc-url", String.class));
        env.put("LAUREL_CHAIN_ID", String.valueOf(chain.client().chainId()));
        env.put("LAUREL_TOKEN_ADDRESS", chain.client().token());
        env.put("LAUREL_CLAIM_ACCOUNT", Credentials.create(WELL_KNOWN_TEST_KEY_4).getAddress());
        env.put("LAUREL_PAYOUT_WINDOW_START", windowStart.toString());
        env.put("LAUREL_PAYOUT_WINDOW_END", windowEnd.toString());
        Process process = node.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[claim-browser] " + line);
                output.append(line).append('\n');
            }
        }
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "claim browser test did not finish");
        assertEquals(0, process.exitValue(), "claim browser test failed:\n" + output);
        assertTrue(output.toString().contains("# pass 1") && output.toString().contains("# skipped 0"),
                "the claim browser test did not run:\n" + output);
    }
}
