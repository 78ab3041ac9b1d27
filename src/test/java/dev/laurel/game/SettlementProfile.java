package dev.laurel.game;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A settlement delay of one hour and probation on, decided after one hour for labelers who stopped answering. */
public class SettlementProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // the %test keys too: a profile-specific property of application.properties would otherwise win
        return Map.of("laurel.game.settlement-delay", "1h", "%test.laurel.game.settlement-delay", "1h",
                "laurel.game.probation.min-gold", "10", "%test.laurel.game.probation.min-gold", "10",
                "laurel.game.probation.min-accuracy", "0.6", "laurel.game.probation.decide-after", "1h");
    }
}
