package dev.laurel.task;

import dev.laurel.campaign.TaskKind;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.PrePersist;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One question to be answered {@code overlap} times. A pairwise task shows two replies; which one is
 * on the left was drawn at random when the task was made. Other kinds show the replies in
 * {@code replyIds}, in an order drawn at random per task (one reply for rubric and correction, none
 * for a categorical task on the prompt item alone). The two counters live on the task row itself so that the row lock
 * taken when leasing serializes every change to them (see {@link TaskQueue}).
 */
@Entity
public class Task extends PanacheEntity {
    /** Public ids are drawn from [2^40, 2^53): far above any sequence value, and exact as JSON numbers. */
    static final long FIRST_PUBLIC_ID = 1L << 40;
    static final long PUBLIC_ID_BOUND = 1L << 53;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The id labelers see and send. Random, because {@link #id} comes from a sequence: gold tasks and
     * honeypots are made after the ordinary tasks, so sequential ids would give them away.
     */
    public long publicId;
    public long campaignId;
    /** Null for a gold task or honeypot, whose texts the quality feature holds. */
    public Long promptId;
    @Enumerated(EnumType.STRING)
    public TaskKind kind;
    /** Pairwise only. */
    public Long leftGenerationId;
    /** Pairwise only. */
    public Long rightGenerationId;
    /** Other kinds: generation ids in display order, comma-separated; see {@link #replies()}. */
    public String replyIds;
    /** Quality: GOLD or HONEYPOT for a task with a known answer; null for an ordinary task. */
    public String goldKind;
    public int overlap;
    public int priority;
    public int acceptedCount;
    public int leasedCount;
    public Instant createdAt;

    /** The replies a non-pairwise task shows, in display order (reply 1 first). */
    public List<Long> replies() {
        return replyIds == null || replyIds.isEmpty() ? List.of()
                : Arrays.stream(replyIds.split(",")).map(Long::valueOf).toList();
    }

    public void showReplies(List<Long> generationIds) {
        replyIds = generationIds.isEmpty() ? null : generationIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @PrePersist
    void drawPublicId() {
        if (publicId == 0) {
            // 2^53 - 2^40 values: a clash among even millions of tasks is unlikely, and the unique index refuses one
            publicId = FIRST_PUBLIC_ID + RANDOM.nextLong(PUBLIC_ID_BOUND - FIRST_PUBLIC_ID);
        }
    }

    public boolean isComplete() {
        return acceptedCount >= overlap;
    }
}
