package dev.laurel.game;

import dev.laurel.platform.ProcessedEvents;
import dev.laurel.platform.SubmissionAccepted;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Scores accepted answers into the points ledger, under the reward rule in force when they were given. */
@ApplicationScoped
public class PointsLedger {
    private static final String CONSUMER = "game-scoring";

    private final ProcessedEvents processed;
    private final Leaderboards leaderboards;

    PointsLedger(ProcessedEvents processed, Leaderboards leaderboards) {
        this.processed = processed;
        this.leaderboards = leaderboards;
    }

    /** A labeler's standing: the ledger sum and the level it reaches. */
    public record Standing(long points, int level, long levelStartsAt, long nextLevelAt) {
    }

    /** Adds the submission's ledger row once; a redelivered event adds nothing. */
    @Transactional
    public boolean score(SubmissionAccepted event) {
        if (!processed.firstDelivery(CONSUMER, event.eventId())) {
            return false;
        }
        RewardRule rule = RewardRule.inForceAt(event.acceptedAt());
        if (LedgerEntry.count("submissionId = ?1 and ruleVersion = ?2 and kind = ?3",
                event.submissionId(), rule.version, LedgerEntry.Kind.AWARD) > 0) {
            return false; // the same submission under another event id: still once
        }
        LedgerEntry entry = new LedgerEntry();
        entry.labelerId = event.labelerId();
        entry.submissionId = event.submissionId();
        entry.campaignId = event.campaignId();
        entry.ruleVersion = rule.version;
        entry.kind = LedgerEntry.Kind.AWARD;
        entry.createdAt = event.acceptedAt();
        if (event.durationMs() < rule.minMillisPerTask) {
            entry.points = 0;
            entry.reason = "no points: answered in " + event.durationMs() + " ms, under the "
                    + rule.minMillisPerTask + " ms minimum (rule v" + rule.version + ")";
        } else {
            long earnedToday = earnedOnDay(event.labelerId(), event.acceptedAt());
            long room = Math.max(0, rule.dailyCap - earnedToday);
            entry.points = Math.min(rule.basePoints, room);
            entry.reason = entry.points == rule.basePoints
                    ? rule.basePoints + " points for an accepted answer (rule v" + rule.version + ")"
                    : entry.points + " of " + rule.basePoints + " points: daily cap of " + rule.dailyCap
                            + " reached (rule v" + rule.version + ")";
        }
        entry.persist();
        leaderboards.add(entry);
        return true;
    }

    /** The sum of the labeler's ledger rows: the only definition of their total. */
    public long total(long labelerId) {
        Long sum = LedgerEntry.getEntityManager()
                .createQuery("select coalesce(sum(e.points), 0) from LedgerEntry e where e.labelerId = ?1", Long.class)
                .setParameter(1, labelerId).getSingleResult();
        return sum;
    }

    public Standing standing(long labelerId, LevelCurve curve) {
        long points = total(labelerId);
        int level = curve.levelOf(points);
        return new Standing(points, level, curve.threshold(level), curve.threshold(level + 1));
    }

    public List<LedgerEntry> recent(long labelerId, int limit) {
        return LedgerEntry.find("labelerId", Sort.by("createdAt").descending().and("id").descending(), labelerId)
                .page(0, limit).list();
    }

    private long earnedOnDay(long labelerId, Instant moment) {
        Instant dayStart = moment.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        Long sum = LedgerEntry.getEntityManager().createQuery(
                        "select coalesce(sum(e.points), 0) from LedgerEntry e where e.labelerId = ?1"
                                + " and e.createdAt >= ?2 and e.createdAt < ?3", Long.class)
                .setParameter(1, labelerId).setParameter(2, dayStart).setParameter(3, dayStart.plusSeconds(86_400))
                .getSingleResult();
        return sum;
    }
}
