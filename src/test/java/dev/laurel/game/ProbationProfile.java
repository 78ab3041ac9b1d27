package dev.laurel.game;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Probation on, as in production (the test profile turns it off so other tests see points paid as earned). */
public class ProbationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // the %test key too: a profile-specific property of application.properties would otherwise win
        return Map.of("laurel.game.probation.min-gold", "10", "%test.laurel.game.probation.min-gold", "10",
                "laurel.game.probation.min-accuracy", "0.6");
    }
}
