package dev.laurel.payout;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The chain connection of this process, made on first use: the configured RPC endpoint and contracts
 * (production), or — embedded default, when no RPC URL is set and {@code laurel.chain.dev-anvil=true} — a
 * local anvil started on a free loopback port with freshly deployed contracts and a minted budget, like
 * a Quarkus dev service. Without either, payout features that need the chain answer 503.
 */
@ApplicationScoped
public class PayoutChain {
    private final ChainConfig config;
    private ChainClient client;
    private Anvil anvil;

    PayoutChain(ChainConfig config) {
        this.config = config;
    }

    public boolean isConfigured() {
        return config.rpcUrl().isPresent() || config.devAnvil();
    }

    public synchronized ChainClient client() {
        if (client == null) {
            client = config.rpcUrl().isPresent() ? configured(config.rpcUrl().get()) : startDevChain();
        }
        return client;
    }

    public String treasury() {
        return config.treasuryAddress().orElseGet(() -> client().signerAddress());
    }

    private ChainClient configured(String url) {
        String key = config.signerKey().orElseThrow(() -> new ChainUnavailable(
                "laurel.chain.signer-key is not set: the payout publisher needs the distributor owner's key (from a Secret)."));
        String token = config.tokenAddress().orElseThrow(() -> new ChainUnavailable("laurel.chain.token-address is not set."));
        String distributor = config.distributorAddress().orElseThrow(() -> new ChainUnavailable("laurel.chain.distributor-address is not set."));
        return ChainClient.connect(url, key, config.chainId(), token, distributor, ChainClient.Settings.of(config));
    }

    private ChainClient startDevChain() {
        if (!config.devAnvil()) {
            throw new ChainUnavailable("No chain is configured: set laurel.chain.rpc-url (and the signer key and contract"
                    + " addresses), or laurel.chain.dev-anvil=true for a local anvil.");
        }
        Path binary = config.anvilBinary().map(Path::of).orElseGet(() -> Anvil.shippedBinary(Path.of("reward-contract")));
        anvil = Anvil.start(binary);
        ChainClient deployer = ChainClient.connect(anvil.url(), Anvil.WELL_KNOWN_TEST_KEY_0, Anvil.CHAIN_ID, null, null,
                ChainClient.Settings.of(config));
        RewardContracts.Deployed deployed = RewardContracts.deploy(deployer);
        ChainClient dev = deployer.at(deployed.token(), deployed.distributor());
        RewardContracts.mint(dev, deployed.distributor(), config.devMint());
        Log.infof("Dev chain: anvil at %s (chain %d), token %s, distributor %s funded with %s base units; signer is anvil's"
                + " well-known test key #0", anvil.url(), Anvil.CHAIN_ID, deployed.token(), deployed.distributor(), config.devMint());
        return dev;
    }

    /**
     * Embedded default: start the dev chain in the background at startup, so a person can point their
     * wallet at it before the first epoch exists. Not in tests (they bring their own chain).
     */
    void startDevChainEarly(@Observes StartupEvent event) {
        if (config.rpcUrl().isPresent() || !config.devAnvil() || LaunchMode.current() == LaunchMode.TEST) {
            return;
        }
        Thread starter = new Thread(() -> {
            try {
                client();
            } catch (RuntimeException e) {
                Log.warnf("No dev chain: %s", e.getMessage());
            }
        }, "dev-chain-start");
        starter.setDaemon(true);
        starter.start();
    }

    public Optional<String> devRpcUrl() {
        return Optional.ofNullable(anvil).map(Anvil::url);
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (client != null) {
            client.shutdown();
        }
        if (anvil != null) {
            anvil.close();
        }
    }
}
