package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.campaign.TaskKind;
import dev.laurel.task.SubmissionAccepted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The submissions-quality consumer applies each event once, however often it is delivered. */
@QuarkusTest
class QualityEventsTest {
    @Inject
    LabelerReliabilities reliabilities;
    @Inject
    Reliability reliability;

    long campaign;
    Fixtures.User labeler;

    @BeforeEach
    void setUp() {
        campaign = Fixtures.openCampaign(Fixtures.modeler(), 1, 1, null);
        labeler = Fixtures.labeler();
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        SubmissionAccepted event = new SubmissionAccepted(UUID.randomUUID().toString(), 900_000_000L + labeler.id(), 1,
                campaign, labeler.id(), "A", 4000, false, Instant.now(), TaskKind.PAIRWISE, true);
        assertTrue(reliabilities.record(event));
        Snapshot once = snapshot();
        assertFalse(reliabilities.record(event));
        assertEquals(once, snapshot());
        assertEquals(1, once.goldSeen());
        assertEquals(1, once.answers());
        assertEquals(1, reliability.of(labeler.id()).goldCorrect(), "the injected Reliability is the quality bean");
    }

    record Snapshot(long answers, long goldSeen, long goldCorrect, long labels, double accuracy, long multiplier) {
    }

    private Snapshot snapshot() {
        return QuarkusTransaction.requiringNew().call(() -> {
            LabelerCampaignStats stats = LabelerCampaignStats.find("campaignId = ?1 and labelerId = ?2", campaign, labeler.id())
                    .firstResult();
            LabelerQuality quality = LabelerQuality.find("labelerId", labeler.id()).firstResult();
            return new Snapshot(stats.answers, stats.goldSeen, stats.goldCorrect,
                    QualityLabel.count("labelerId", labeler.id()), quality.accuracy, quality.multiplier);
        });
    }
}
