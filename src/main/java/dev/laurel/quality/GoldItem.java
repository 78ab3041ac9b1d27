package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A model team's question with a known answer: which of two replies to a prompt is right. */
@Entity
public class GoldItem extends PanacheEntity {
    public long campaignId;
    public String externalId;
    public String prompt;
    public String firstReply;
    public String secondReply;
    /** A, B, TIE or BOTH_BAD, about reply_a and reply_b as uploaded (sides are shuffled per task). */
    public String answer;
    public String explanation;
    /**
     * A practice item: shown with its explanation in the labelers' onboarding, never mixed into the queue as
     * a gold task (a labeler who practised it would recognise it there).
     */
    public boolean practice;
    public Instant createdAt;
}
