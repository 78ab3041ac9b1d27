package dev.laurel;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application behind the TLS proxy (LAUREL_BEHIND_PROXY=true): X-Forwarded-* trusted, and one more
 * origin allowed to send changes (LAUREL_ALLOWED_ORIGINS). One shared
 * class, so every test that needs it runs on the same application start.
 */
public class BehindProxyProfile implements QuarkusTestProfile {
    public static final String ALLOWED_ORIGIN = "https://laurel.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.enable-forwarded-host", "true",
                "laurel.http.allowed-origins", ALLOWED_ORIGIN);
    }
}
