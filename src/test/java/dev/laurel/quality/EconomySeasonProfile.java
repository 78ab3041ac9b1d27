package dev.laurel.quality;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The economy as production runs it, for {@link EconomySeasonTest}: probation on, the gold floor at 5 %, audit overlap,
 * a settlement delay (scaled with simulated time),
 * checks at the production rates by default, the production budgets for registrations and API requests,
 * and the client address taken from {@code X-Forwarded-For} (as behind the ingress) so that a burst of
 * registrations can come from one address. Each key is also set for {@code %test}, whose values in
 * application.properties would otherwise win.
 */
public class EconomySeasonProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> prod = Map.of(
                "laurel.game.probation.min-gold", "10",
                "laurel.game.probation.min-accuracy", "0.6",
                "laurel.economy.min-gold-rate", "0.05",
                "laurel.quality.gold-rate", "0.05",
                "laurel.quality.honeypot-rate", "0.05",
                "laurel.rate-limits.registrations-per-hour", "5",
                "laurel.rate-limits.api-requests-per-minute", "600",
                "laurel.quality.collusion.audit-overlap", "5",
                "laurel.quality.collusion.audit-answers", "100",
                // the settlement delay scaled with simulated time: 72 h, three simulated days (a day takes ~10 s here)
                "laurel.game.settlement-delay", EconomySeasonTest.SETTLEMENT.toSeconds() + "s");
        Map<String, String> overrides = new java.util.HashMap<>(prod);
        prod.forEach((key, value) -> overrides.put("%test." + key, value));
        overrides.put("quarkus.http.proxy.proxy-address-forwarding", "true");
        overrides.put("quarkus.http.proxy.allow-x-forwarded", "true");
        // the recompute runs when the simulation's day ends (POST /api/admin/quality/recompute), not in between
        overrides.put("laurel.quality.recompute-delay", "1h");
        return overrides;
    }
}
