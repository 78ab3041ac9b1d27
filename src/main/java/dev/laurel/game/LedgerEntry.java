package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * One row of the append-only points ledger. Rows are never updated: a correction is a new row of
 * kind REVERSAL. A labeler's total is the sum of their rows. Unique per (submission, rule, kind),
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

    public enum Kind {
        AWARD, REVERSAL
    }
}
