package dev.laurel.platform;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "laurel.outbound")
public interface OutboundConfig {
    /**
     * Hosts a URL chosen by a user may name although they are not public internet addresses: host names
     * (matched exactly as written in the URL) and IP addresses or CIDR blocks (matched when the URL names an IP
     * address). Empty in prod; 127.0.0.1 in dev and test, where fake endpoints listen on the loopback.
     */
    Optional<List<String>> allow();
}
