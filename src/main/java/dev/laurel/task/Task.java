package dev.laurel.task;

import dev.laurel.campaign.TaskKind;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

    public boolean isComplete() {
        return acceptedCount >= overlap;
    }
}
