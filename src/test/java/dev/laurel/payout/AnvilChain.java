package dev.laurel.payout;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A test's own chain: anvil on a free loopback port with freshly deployed contracts, wired into the
 * application as if it were a production RPC endpoint. The signer is anvil's well-known test key #0.
 */
public class AnvilChain implements QuarkusTestResourceLifecycleManager {
    /** anvil well-known test keys #1–#5 (public mnemonic "test test … junk"); funded with ETH on anvil only. */
    static final String WELL_KNOWN_TEST_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    static final String WELL_KNOWN_TEST_KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
    static final String WELL_KNOWN_TEST_KEY_3 = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
    static final String WELL_KNOWN_TEST_KEY_5 = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";

    private Anvil anvil;

    @Override
    public Map<String, String> start() {
        RewardContract.ensureInstalled();
        anvil = Anvil.start(Anvil.shippedBinary(RewardContract.DIR));
        ChainClient deployer = ChainClient.connect(anvil.url(), Anvil.WELL_KNOWN_TEST_KEY_0, Anvil.CHAIN_ID, null, null,
                new ChainClient.Settings(1, java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(20), 3));
        RewardContracts.Deployed deployed = RewardContracts.deploy(deployer);
        deployer.shutdown();
        String treasury = org.web3j.crypto.Credentials.create(WELL_KNOWN_TEST_KEY_5).getAddress();
        return Map.ofEntries(
                Map.entry("laurel.chain.rpc-url", anvil.url()),
                Map.entry("laurel.chain.chain-id", String.valueOf(Anvil.CHAIN_ID)),
                Map.entry("laurel.chain.signer-key", Anvil.WELL_KNOWN_TEST_KEY_0),
                Map.entry("laurel.chain.token-address", deployed.token()),
                Map.entry("laurel.chain.distributor-address", deployed.distributor()),
                Map.entry("laurel.chain.treasury-address", treasury),
                Map.entry("laurel.chain.poll-interval", "PT0.02S"),
                Map.entry("laurel.chain.receipt-timeout", "PT30S"),
                Map.entry("laurel.payout.relay-claims", "true"),
                // the tests drive resume() themselves, as a restarted process would
                Map.entry("laurel.payout.resume-interval", "1h"),
                Map.entry("laurel.payout.claim-poll-interval", "1h"),
                // anvil mines at once; the fee-bump tests switch automining off to leave a publication pending
                Map.entry("laurel.payout.bump-after", "PT1S"),
                Map.entry("laurel.payout.cadence-check", "1h"));
    }

    @Override
    public void stop() {
        if (anvil != null) {
            anvil.close();
        }
    }
}
