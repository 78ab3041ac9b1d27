package dev.laurel.payout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/** The EVM chain the payout publisher writes to (the {@code chain} role). */
@ConfigMapping(prefix = "laurel.chain")
public interface ChainConfig {
    /** JSON-RPC endpoint; when absent and {@link #devAnvil()} is on, a local anvil is started. */
    Optional<String> rpcUrl();

    @WithDefault("31337")
    long chainId();

    /** Hex private key of the distributor's owner; from the environment or a Secret, never the repository. */
    Optional<String> signerKey();

    Optional<String> tokenAddress();

    Optional<String> distributorAddress();

    /** Start anvil from {@code reward-contract/node_modules} when no RPC URL is configured (embedded default). */
    @WithDefault("false")
    boolean devAnvil();

    /** Explicit anvil binary; otherwise the one shipped in {@code reward-contract/node_modules}. */
    Optional<String> anvilBinary();

    /** Base units minted into the distributor of a dev chain (default 1 000 000 tokens of 18 decimals). */
    @WithDefault("1000000000000000000000000")
    BigInteger devMint();

    /** Blocks (including the one holding the transaction) before a publication counts as final. */
    @WithDefault("1")
    int confirmations();

    @WithDefault("PT2M")
    Duration receiptTimeout();

    @WithDefault("PT0.2S")
    Duration pollInterval();

    /** Attempts per RPC call on transient failures (connection refused, timeouts, HTTP 5xx). */
    @WithDefault("4")
    int rpcAttempts();

    /** Where unclaimed tokens go when an epoch is swept; the signer's address when absent. */
    Optional<String> treasuryAddress();
}
