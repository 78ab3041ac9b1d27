package dev.laurel.task;

import dev.laurel.campaign.TaskKind;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.PrePersist;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
    private static final int MAX_VOTES_TEXT = 20_000;

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
    /**
     * The accepted answers so far, as the overlap decision reads them (see {@link #addVote}): kept on
     * the row the answer locks anyway, so answering never re-reads the task's submissions.
     */
    public String votes;

    /** One accepted answer as dynamic overlap sees it: who, and the answer's summary. */
    public record Vote(long labelerId, String answer) {
    }

    /** Adds an answer to {@link #votes} and returns all of them, this one last. */
    public List<Vote> addVote(long labelerId, String answer) {
        List<Vote> all = new java.util.ArrayList<>(votes());
        all.add(new Vote(labelerId, answer));
        String line = labelerId + "=" + URLEncoder.encode(answer == null ? "" : answer, StandardCharsets.UTF_8);
        String joined = votes == null || votes.isEmpty() ? line : votes + ";" + line;
        if (joined.length() <= MAX_VOTES_TEXT) { // past that the task is long settled or at its maximum overlap
            votes = joined;
        }
        return all;
    }

    /** The answers in {@link #votes}, oldest first. */
    public List<Vote> votes() {
        if (votes == null || votes.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(votes.split(";")).map(entry -> {
            int at = entry.indexOf('=');
            return new Vote(Long.parseLong(entry.substring(0, at)),
                    URLDecoder.decode(entry.substring(at + 1), StandardCharsets.UTF_8));
        }).toList();
    }

    /** The replies a non-pairwise task shows, in display order (reply 1 first). */
    public List<Long> replies() {
        return replyIds == null || replyIds.isEmpty() ? List.of()
                : Arrays.stream(replyIds.split(",")).map(Long::valueOf).toList();
    }

    /**
     * The generations the task shows in display order whatever its kind: a pairwise task's left then right
     * reply (none on gold tasks and honeypots, which show texts that are not generations), else {@link #replies()}.
     */
    public List<Long> shownReplies() {
        if (kind != TaskKind.PAIRWISE) {
            return replies();
        }
        return leftGenerationId == null ? List.of() : List.of(leftGenerationId, rightGenerationId);
    }

    /** Shows these generations in this order, as {@link #shownReplies()} reads them back (set {@link #kind} first). */
    public void showReplies(List<Long> generationIds) {
        if (kind == TaskKind.PAIRWISE) {
            leftGenerationId = generationIds.get(0);
            rightGenerationId = generationIds.get(1);
            return;
        }
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
