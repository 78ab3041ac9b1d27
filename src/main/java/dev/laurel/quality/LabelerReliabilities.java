package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import dev.laurel.platform.ProcessedEvents;
import dev.laurel.platform.Rows;
import dev.laurel.task.SubmissionAccepted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The real {@link Reliability}: each labeler's accuracy is a Beta(1, 1) posterior whose successes are
 * correct gold answers plus agreements with the consensus of others, and whose failures are wrong
 * gold answers plus disagreements ({@link BetaInterval}); the multiplier follows
 * {@link QualityMultiplier}. Gold evidence is added per accepted answer by {@link #record}; agreement
 * is recomputed in full by {@link QualityRecompute}.
 */
@ApplicationScoped
public class LabelerReliabilities implements Reliability {
    static final String CONSUMER = "submissions-quality";

    private final ProcessedEvents processed;
    private final CampaignSettings settings;
    private final AbuseFlags flags;
    private final QualityMultiplier multiplier;
    private final Outbox outbox;
    private final Accounts accounts;

    LabelerReliabilities(ProcessedEvents processed, CampaignSettings settings, AbuseFlags flags, QualityConfig config,
                         Outbox outbox, Accounts accounts) {
        this.processed = processed;
        this.accounts = accounts;
        this.outbox = outbox;
        this.settings = settings;
        this.flags = flags;
        this.multiplier = QualityMultiplier.of(config.multiplier());
    }

    @Override
    public LabelerReliability of(long labelerId) {
        LabelerQuality row = LabelerQuality.find("labelerId", labelerId).firstResult();
        if (row == null) {
            return LabelerReliability.UNKNOWN;
        }
        return new LabelerReliability(row.accuracy, row.lowerBound, row.upperBound, row.goldSeen, row.goldCorrect,
                row.multiplier);
    }

    /**
     * Applies an accepted answer once, however often and under whichever event id it is delivered: its label, the labeler's
     * counters in the campaign and gold evidence, then the abuse signals. An answer of a labeler
     * already dropped from the campaign's consensus is dropped as well. The event is the outbox's own
     * (signed, {@code platform.EventSignatures}): the submission it names was stored as it says.
     */
    @Transactional
    public boolean record(SubmissionAccepted event) {
        if (!processed.firstDelivery(CONSUMER, "submission-" + event.submissionId())) {
            return false; // once per submission, not per event id (quality_label's unique key backs this)
        }
        Instant now = Instant.now();
        QualityLabel label = QualityLabel.of(event.submissionId(), event.taskId(), event.campaignId(), event.labelerId(),
                event.kind(), event.choice(), event.acceptedAt());
        label.goldCorrect = event.goldCorrect();
        label.durationMs = event.durationMs();
        CampaignQuality campaign = settings.of(event.campaignId(), 1);
        if (isOwnTeams(event.labelerId(), event.campaignId())) {
            // the team would be paid for, and would steer the labels of, its own campaign: the answer is kept
            // (so the team sees it) but leaves consensus, earns nothing, and is no evidence of anyone's accuracy
            label.dropped = true;
            label.persist();
            outbox.append(Channels.ASSESSMENTS_OUT, new AnswerAssessed(Outbox.newEventId(), event.submissionId(),
                    event.taskId(), event.campaignId(), event.labelerId(), event.choice(), event.durationMs(),
                    event.acceptedAt(), event.kind(), event.goldCorrect(), LabelerReliability.ONE, true,
                    "0 points: campaign " + event.campaignId() + " belongs to your own team; a team's own accounts earn "
                            + "nothing on its campaigns and their answers are left out of its consensus"));
            return true;
        }
        label.persist();

        LabelerCampaignStats stats = stats(event.campaignId(), event.labelerId(), now);
        LabelerQuality quality = quality(event.labelerId());
        stats.answers++;
        stats.totalDurationMs += event.durationMs();
        if (campaign.minAnswerMs > 0 && event.durationMs() < campaign.minAnswerMs) {
            stats.fastAnswers++;
        }
        if ("PAIRWISE".equals(label.kind)) { // position bias: a categorical label could be named "A" too
            if ("A".equals(event.choice())) {
                stats.leftAnswers++;
            } else if ("B".equals(event.choice())) {
                stats.rightAnswers++;
            }
        }
        if (event.goldCorrect() != null) {
            stats.goldSeen++;
            stats.goldCorrect += event.goldCorrect() ? 1 : 0;
            quality.goldSeen++;
            quality.goldCorrect += event.goldCorrect() ? 1 : 0;
            refresh(quality, now);
        }
        stats.updatedAt = now;
        // an answer of a labeler already dropped from the campaign is dropped with it, and earns nothing
        label.dropped = stats.dropped;
        // below the platform's gold floor (settings from before it, or low defaults) the answer still counts for
        // quality, but earns nothing until the team raises the rates
        String unpaid = settings.goldFloorShortfall(campaign).map(shortfall -> "0 points: campaign " + event.campaignId()
                + " checks too few answers (" + shortfall + "); it pays again once its team raises them").orElse(null);
        // before the signals below, so that game hears this assessment before any drop they cause
        outbox.append(Channels.ASSESSMENTS_OUT, new AnswerAssessed(Outbox.newEventId(), event.submissionId(),
                event.taskId(), event.campaignId(), event.labelerId(), event.choice(), event.durationMs(),
                event.acceptedAt(), event.kind(), event.goldCorrect(), quality.multiplier, stats.dropped,
                stats.dropped ? null : unpaid));
        flags.evaluate(stats, campaign.minAnswerMs);
        return true;
    }

    /**
     * Adds an imported answer to consensus: its label only. It has no labeler account ({@code answerer} is
     * negative, see {@code task.ImportedAnswers}), so no counters, reliability, flags or assessment — and
     * without an assessment game never scores it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordImported(long submissionId, long taskId, long campaignId, long answerer, TaskKind kind,
                               String summary, Instant answeredAt) {
        if (answerer >= 0) {
            throw new IllegalArgumentException("an imported answer has no labeler account: " + answerer);
        }
        QualityLabel.of(submissionId, taskId, campaignId, answerer, kind, summary, answeredAt).persist();
    }

    /** Whether the id is an account's; imported annotators' ids are negative and have no reliability rows. */
    static boolean isAccount(long labelerId) {
        return labelerId > 0;
    }

    /**
     * Whether the labeler's account is tied to the team that owns the campaign. "Tied" is the same team:
     * accounts record no other link to a team (a labeler account a team registered carries that team's id).
     */
    boolean isOwnTeams(long labelerId, long campaignId) {
        Long team = accounts.teamOf(labelerId).orElse(null);
        return team != null && team == settings.teamOf(campaignId);
    }

    /** Recomputes the interval and multiplier from the evidence counts. */
    void refresh(LabelerQuality quality, Instant now) {
        long successes = quality.goldCorrect + quality.agreed;
        long failures = (quality.goldSeen - quality.goldCorrect) + (quality.compared - quality.agreed);
        BetaInterval interval = BetaInterval.of(successes, failures);
        quality.accuracy = interval.mean();
        quality.lowerBound = interval.lower();
        quality.upperBound = interval.upper();
        quality.multiplier = successes + failures == 0 ? LabelerReliability.ONE
                : multiplier.millionths(interval.lower(), interval.upper());
        quality.updatedAt = now;
    }

    /**
     * The labeler's counters in the campaign, locked: the quality consumer and a skip request change
     * them concurrently, and an unlocked read-modify-write would lose one of the two. A missing row
     * is inserted in its own transaction first, so that two first writers cannot fail each other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    LabelerCampaignStats stats(long campaignId, long labelerId, Instant now) {
        LabelerCampaignStats stats = lockedStats(campaignId, labelerId);
        if (stats != null) {
            return stats;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!Rows.exists(LabelerCampaignStats.class, "campaignId = ?1 and labelerId = ?2", campaignId, labelerId)) {
                    LabelerCampaignStats row = new LabelerCampaignStats();
                    row.campaignId = campaignId;
                    row.labelerId = labelerId;
                    row.updatedAt = now;
                    row.persistAndFlush(); // a lost race fails here, inside this transaction
                }
            });
        } catch (PersistenceException e) {
            // the other first writer's row won (labeler_campaign_stats_once): lock that one
        }
        return lockedStats(campaignId, labelerId);
    }

    private static LabelerCampaignStats lockedStats(long campaignId, long labelerId) {
        return LabelerCampaignStats.<LabelerCampaignStats>find("campaignId = ?1 and labelerId = ?2", campaignId, labelerId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The labeler's reliability row, locked (the consumer and the recomputation both change it); see {@link #stats}. */
    @Transactional(Transactional.TxType.MANDATORY)
    LabelerQuality quality(long labelerId) {
        LabelerQuality quality = lockedQuality(labelerId);
        if (quality != null) {
            return quality;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!Rows.exists(LabelerQuality.class, "labelerId = ?1", labelerId)) {
                    LabelerQuality row = new LabelerQuality();
                    row.labelerId = labelerId;
                    refresh(row, Instant.now());
                    row.persistAndFlush(); // a lost race fails here, inside this transaction
                }
            });
        } catch (PersistenceException e) {
            // the other first writer's row won: lock that one
        }
        return lockedQuality(labelerId);
    }

    private static LabelerQuality lockedQuality(long labelerId) {
        return LabelerQuality.<LabelerQuality>find("labelerId", labelerId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
