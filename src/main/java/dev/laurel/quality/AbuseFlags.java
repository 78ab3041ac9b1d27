package dev.laurel.quality;

import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import dev.laurel.platform.Rows;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Raises abuse flags and carries out the configured action of each signal: WARN only records it,
 * DROP takes every answer of the labeler in that campaign out of consensus (and publishes a
 * {@link SubmissionDropped} per answer, so game scoring reverses its points), SUSPEND refuses them
 * tasks in that campaign. Each signal fires at most once per labeler and campaign; all are logged.
 */
@ApplicationScoped
public class AbuseFlags {
    private final QualityConfig config;
    private final Outbox outbox;

    AbuseFlags(QualityConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    public AbuseSignals.Action actionOf(AbuseSignals.Signal signal) {
        String configured = config.actions().get(signal.key());
        return configured == null ? AbuseSignals.Action.WARN
                : AbuseSignals.Action.valueOf(configured.strip().toUpperCase(Locale.ROOT));
    }

    /** Evaluates the counters and raises the flags not raised before; returns the new ones. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<LabelerFlag> evaluate(LabelerCampaignStats stats, long minAnswerMs) {
        AbuseSignals.Counters counters = new AbuseSignals.Counters(stats.answers, stats.fastAnswers, minAnswerMs,
                stats.leftAnswers, stats.rightAnswers, stats.skips, stats.goldSeen, stats.goldCorrect);
        return AbuseSignals.evaluate(counters, AbuseSignals.Thresholds.of(config)).stream()
                .filter(flag -> !Rows.exists(LabelerFlag.class, "labelerId = ?1 and campaignId = ?2 and signalKind = ?3",
                        stats.labelerId, stats.campaignId, flag.signal()))
                .map(flag -> raise(stats, flag))
                .toList();
    }

    /**
     * Raises a flag found from everyone's answers rather than the labeler's counters ({@link Collusion}),
     * unless that signal was raised before for the labeler in the campaign; carries out its action.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<LabelerFlag> raise(long labelerId, long campaignId, AbuseSignals.Flag flag) {
        if (Rows.exists(LabelerFlag.class, "labelerId = ?1 and campaignId = ?2 and signalKind = ?3", labelerId, campaignId,
                flag.signal())) {
            return Optional.empty();
        }
        LabelerCampaignStats stats = LabelerCampaignStats.<LabelerCampaignStats>find("campaignId = ?1 and labelerId = ?2",
                campaignId, labelerId).firstResult();
        if (stats == null) {
            // the quality consumer writes the row with the first answer; without it only the answers can be dropped
            stats = new LabelerCampaignStats();
            stats.campaignId = campaignId;
            stats.labelerId = labelerId;
        }
        return Optional.of(raise(stats, flag));
    }

    private LabelerFlag raise(LabelerCampaignStats stats, AbuseSignals.Flag flag) {
        Instant now = Instant.now();
        LabelerFlag row = new LabelerFlag();
        row.labelerId = stats.labelerId;
        row.campaignId = stats.campaignId;
        row.signalKind = flag.signal();
        row.action = actionOf(flag.signal());
        row.reason = flag.reason();
        row.createdAt = now;
        row.persist();
        Log.warnf("Quality flag %s (%s) for labeler %d in campaign %d: %s", flag.signal(), row.action,
                stats.labelerId, stats.campaignId, flag.reason());
        switch (row.action) {
            case WARN -> { }
            case DROP -> {
                stats.dropped = true;
                int dropped = dropAnswers(stats.labelerId, stats.campaignId, flag.reason(), now);
                Log.warnf("Dropped %d answers of labeler %d in campaign %d from consensus", dropped,
                        stats.labelerId, stats.campaignId);
            }
            case SUSPEND -> stats.suspended = true;
        }
        return row;
    }

    /** Takes the labeler's not yet dropped answers in the campaign out of consensus, one event each. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int dropAnswers(long labelerId, long campaignId, String reason, Instant now) {
        List<QualityLabel> labels = QualityLabel.list("labelerId = ?1 and campaignId = ?2 and dropped = false",
                labelerId, campaignId);
        for (QualityLabel label : labels) {
            drop(label, reason, now);
        }
        return labels.size();
    }

    void drop(QualityLabel label, String reason, Instant now) {
        label.dropped = true;
        outbox.append(Channels.ASSESSMENTS_OUT, new SubmissionDropped(Outbox.newEventId(), label.submissionId,
                label.labelerId, label.campaignId, reason, now));
    }

    public List<LabelerFlag> flagsOf(long labelerId) {
        return LabelerFlag.list("labelerId = ?1 order by createdAt desc, id desc", labelerId);
    }

    public List<LabelerFlag> flagsIn(long campaignId) {
        return LabelerFlag.list("campaignId = ?1 order by createdAt desc, id desc", campaignId);
    }
}
