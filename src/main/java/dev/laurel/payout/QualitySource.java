package dev.laurel.payout;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A labeler's quality weight and reliability for an epoch. The quality feature (Dawid-Skene reliability)
 * will provide its own bean; until then everyone has weight 1.0 and reliability 1.0.
 */
public interface QualitySource {
    /** @param weightMillionths weight × 10⁶ (integers keep money exact); @param reliability in [0, 1] */
    record Quality(long weightMillionths, double reliability) {
    }

    Quality qualityOf(long labelerId);

    @ApplicationScoped
    @DefaultBean
    class Unweighted implements QualitySource {
        @Override
        public Quality qualityOf(long labelerId) {
            return new Quality(Allocation.WEIGHT_ONE, 1.0);
        }
    }
}
