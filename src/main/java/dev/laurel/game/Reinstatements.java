package dev.laurel.game;

import dev.laurel.quality.DroppedAnswerPoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives back what drops took when an admin clears the flag behind them: per answer whose drop REVERSAL was not given
 * back yet, one REINSTATEMENT row of the opposite amount (the ledger is append-only). Reversals for other reasons
 * (probation) stay. Once: a second clear finds every reversal given back; two clears at once are serialised by the
 * caller's row lock, and the ledger's unique key (submission, rule, kind, ref) refuses a duplicate row regardless.
 */
@ApplicationScoped
public class Reinstatements implements DroppedAnswerPoints {
    private final Leaderboards leaderboards;
    private final Progress progress;

    Reinstatements(Leaderboards leaderboards, Progress progress) {
        this.leaderboards = leaderboards;
        this.progress = progress;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Restored restore(long labelerId, long campaignId, String reason, Instant at) {
        List<LedgerEntry> rows = LedgerEntry.list("labelerId = ?1 and campaignId = ?2 and kind in ?3 order by id",
                labelerId, campaignId, List.of(LedgerEntry.Kind.REVERSAL, LedgerEntry.Kind.REINSTATEMENT));
        Map<Long, List<LedgerEntry>> bySubmission = new LinkedHashMap<>();
        rows.forEach(row -> bySubmission.computeIfAbsent(row.submissionId, id -> new ArrayList<>()).add(row));
        LabelerProgress mine = LabelerProgress.findById(labelerId);
        boolean released = mine != null && mine.releasedAt != null;
        List<Long> restored = new ArrayList<>();
        long total = 0;
        for (List<LedgerEntry> answer : bySubmission.values()) {
            List<LedgerEntry> drops = answer.stream().filter(Reinstatements::isDropReversal).toList();
            long given = answer.stream().filter(row -> row.kind == LedgerEntry.Kind.REINSTATEMENT).count();
            if (drops.size() <= given) {
                continue; // never dropped by review, or given back already
            }
            LedgerEntry drop = drops.get(drops.size() - 1);
            LedgerEntry entry = new LedgerEntry();
            entry.labelerId = labelerId;
            entry.submissionId = drop.submissionId;
            entry.campaignId = campaignId;
            entry.ruleVersion = drop.ruleVersion;
            entry.kind = LedgerEntry.Kind.REINSTATEMENT;
            entry.ref = given;
            entry.points = -drop.points;
            entry.reason = "+" + entry.points + " points given back: " + reason;
            entry.createdAt = at;
            // payable from now if the labeler is out of probation, else pending with their other points: a drop
            // within the settlement delay made the answer's own rows unpayable, so this row is what pays it
            entry.pending = !released;
            entry.payableAt = released ? at : null;
            entry.persist();
            restored.add(entry.submissionId);
            total += entry.points;
        }
        if (total != 0) {
            LedgerEntry.getEntityManager().flush(); // a duplicate fails here, inside the caller's transaction
            progress.forgetEarnedDay(labelerId);
            leaderboards.add(labelerId, campaignId, at, total);
            progress.notify(labelerId, "POINTS", "+" + total + " XP: points given back, " + reason, at);
        }
        return new Restored(List.copyOf(restored), total);
    }

    private static boolean isDropReversal(LedgerEntry row) {
        return row.kind == LedgerEntry.Kind.REVERSAL && row.reason != null && row.reason.contains(PointsLedger.DROPPED_BY_REVIEW);
    }
}
