package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A time-boxed goal set by an admin: reach {@link #target} of {@link #metric} and earn the reward once. */
@Entity
public class Quest extends PanacheEntity {
    public String title;
    public String metric;
    public long target;
    public Long campaignId;
    public Instant startsAt;
    public Instant endsAt;
    public long rewardPoints;
    public String createdBy;
    public Instant createdAt;

    public enum Metric {
        ANSWERS, COMPARISONS, GOLD_PASSED, POINTS
    }

    public boolean isOpenAt(Instant moment) {
        return !moment.isBefore(startsAt) && moment.isBefore(endsAt);
    }
}
