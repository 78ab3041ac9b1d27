package dev.laurel;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application behind the TLS proxy (LAUREL_BEHIND_PROXY=true): X-Forwarded-* trusted, and one more
 * origin allowed to send changes (LAUREL_ALLOWED_ORIGINS), and small request budgets. One shared
 * class, so every test that needs it runs on the same application start.
 */
public class BehindProxyProfile implements QuarkusTestProfile {
    public static final String ALLOWED_ORIGIN = "https://laurel.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.enable-forwarded-host", "true",
                "laurel.http.allowed-origins", ALLOWED_ORIGIN,
                // the client address comes from X-Forwarded-For here, so a test can be an address of its own
                "laurel.rate-limits.registrations-per-hour", "5",
                "laurel.rate-limits.api-requests-per-minute", "30");
    }
}
