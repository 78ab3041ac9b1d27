package dev.laurel.platform;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "laurel.http")
public interface AllowedOriginsConfig {
    /**
     * Origins ({@code https://laurel.example.com}) besides the request's own whose pages may send Laurel changes
     * with the session cookie (see {@link CrossSiteRequests}): the public address when a proxy in front of Laurel
     * does not forward its host and scheme. Empty by default.
     */
    Optional<List<String>> allowedOrigins();
}
