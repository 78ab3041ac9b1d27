package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** The texts and the known answer of a gold task or honeypot; the task row itself lives in the queue. */
@Entity
public class GoldTask extends PanacheEntity {
    public long taskId;
    public long campaignId;
    /** GOLD (uploaded) or HONEYPOT (made from a real reply). */
    public String kind;
    public Long goldItemId;
    public String prompt;
    public String leftText;
    public String rightText;
    /** The right answer as the labeler sees the sides. */
    public String expected;
    public String degradation;
    public Instant createdAt;

    public static final String GOLD = "GOLD";
    public static final String HONEYPOT = "HONEYPOT";
}
