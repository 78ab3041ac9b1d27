package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QualityConfigTest {

    private static QualityConfig mapped(String... keyValues) {
        // Quarkus' converter reads durations such as the "5m" of recompute-interval; plain SmallRye does not
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(QualityConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter());
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.withDefaultValue(keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(QualityConfig.class);
    }

    @Test
    void dawidSkeneDefaultsAreTheAlgorithmsDefaults() {
        // the published-figure tests run DawidSkene.Options.DEFAULTS, so the server must fit with the same
        assertEquals(DawidSkene.Options.DEFAULTS, QualityRecompute.dawidSkeneOptions(mapped()));
    }

    @Test
    void collusionDefaultsAreTheDetectorsDefaults() {
        // CollusionTest's crowds run Collusion.Thresholds.DEFAULTS, so the server must test with the same
        assertEquals(Collusion.Thresholds.DEFAULTS, Collusion.Thresholds.of(mapped().collusion()));
    }

    @Test
    void dawidSkeneSettingsComeFromTheirKeys() {
        QualityConfig config = mapped("laurel.quality.dawid-skene.smoothing", "0.5", "laurel.quality.dawid-skene.diagonal-bonus", "0",
                "laurel.quality.dawid-skene.max-iterations", "50", "laurel.quality.dawid-skene.tolerance", "1e-4");

        assertEquals(new DawidSkene.Options(50, 1e-4, 0.5, 0), QualityRecompute.dawidSkeneOptions(config));
    }
}
