package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/**
 * One version of the points formula. Versions are never edited: a change is a new version with its
 * own effective-from time, so a submission is always scored by the rule in force when it was made.
 */
@Entity
public class RewardRule extends PanacheEntity {
    public int version;
    public Instant effectiveFrom;
    /** Points for an accepted answer. */
    public long basePoints;
    /** Answers faster than this earn nothing (too fast to have read both replies). */
    public long minMillisPerTask;
    /** Most points a labeler can earn in one UTC day. */
    public long dailyCap;
    public String note;
    public String createdBy;
    public Instant createdAt;

    /** The rule in force at a moment: the newest version whose effective-from time has come. */
    public static RewardRule inForceAt(Instant moment) {
        return find("effectiveFrom <= ?1 order by effectiveFrom desc, version desc", moment).firstResult();
    }

    public String describe() {
        return "v" + version + ": " + basePoints + " points an answer, none under " + minMillisPerTask
                + " ms, at most " + dailyCap + " a day, from " + effectiveFrom;
    }
}
