package dev.laurel.game;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scoring reads the rule in force from a cache: a rule another process publishes must reach this one
 * within seconds (its change is simulated by writing the rows directly, as that pod's
 * transaction would: the rule and its cache invalidation).
 */
@QuarkusTest
class RewardRulesCacheTest {
    @Inject
    RewardRules rules;

    @Inject
    EntityManager em;

    @Test
    void aRuleChangedByAnotherProcessIsUsedHereWithinSeconds() {
        RewardRule inForce = rules.current();
        long original = inForce.basePoints;
        int version = inForce.version;
        assertEquals(original, rules.current().basePoints); // now cached
        try {
            changeElsewhere(version, original + 7);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> rules.current().basePoints == original + 7);
        } finally {
            changeElsewhere(version, original);
            await().atMost(Duration.ofSeconds(10)).until(() -> rules.current().basePoints == original);
        }
    }

    private void changeElsewhere(int version, long basePoints) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update reward_rule set base_points = ?1 where version = ?2")
                    .setParameter(1, basePoints).setParameter(2, version).executeUpdate();
            em.createNativeQuery("insert into cache_invalidation (cache_name, cache_key, created_at)"
                    + " values ('reward-rules', 'reward-rules', current_timestamp)").executeUpdate();
        });
    }
}
