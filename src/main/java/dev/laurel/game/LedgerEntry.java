package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * One row of the append-only points ledger. Points are never updated: a correction is a new row of
 * kind REVERSAL (and a reversal given back, a row of kind REINSTATEMENT). Only a pending row settles, once: released (payable from then) or reversed (never). A labeler's total is the sum of their rows. Unique per (submission, rule, kind, ref),
 * so scoring the same event twice adds nothing.
 */
@Entity
public class LedgerEntry extends PanacheEntity {
    public long labelerId;
    public long submissionId;
    public long campaignId;
    public int ruleVersion;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public long points;
    public String reason;
    public Instant createdAt;
    /** Tells apart rows of one kind for one submission: the quest id for QUEST rows, else 0. */
    public long ref;
    /** Earned on probation and not yet settled: counts for the level, not for token epochs. */
    public boolean pending;
    /** When the row starts counting for token epochs; null while pending, and for reversed pending rows. */
    public Instant payableAt;

    /** AWARD is the base points; each bonus is its own kind, so "why 14 points" lists them. */
    public enum Kind {
        AWARD, QUALITY, GOLD_BONUS, GOLD_PENALTY, STREAK_BONUS, COMBO_BONUS, CAMPAIGN_BONUS, QUEST, REVERSAL,
        /** Gives back a REVERSAL of a dropped answer when an admin clears the flag behind the drop. */
        REINSTATEMENT
    }
}
