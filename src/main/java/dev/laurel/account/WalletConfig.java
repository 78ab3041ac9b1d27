package dev.laurel.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Sign-In With Ethereum: what a wallet-link message must say to be accepted. */
@ConfigMapping(prefix = "laurel.wallet")
public interface WalletConfig {
    /** The RFC 3986 authority the wallet shows the person (EIP-4361 {@code domain}); phishing sites differ here. */
    @WithDefault("localhost:8080")
    String domain();

    @WithDefault("http://localhost:8080")
    String uri();

    /** Chain the payouts happen on; a message for another chain is refused. */
    @WithDefault("31337")
    long chainId();

    @WithDefault("PT10M")
    Duration challengeLifetime();
}
