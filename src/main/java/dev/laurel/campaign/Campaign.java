package dev.laurel.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** A model team's labeling project: its prompts, how many answers each task needs, and its state. */
@Entity
public class Campaign extends PanacheEntity {
    public long teamId;
    public String name;
    public String description;
    public String instructions;
    /** Sent to chat models before every prompt that has no system turn of its own; null for none. */
    public String systemPrompt;
    @Enumerated(EnumType.STRING)
    public TaskKind kind;
    /** {@link KindSettings} as JSON, validated for {@link #kind} when the campaign was created. */
    public String settings;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Accepted answers each task needs. */
    public int overlap;
    /** How long a labeler may hold one of its tasks before it returns to the pool. */
    public int leaseSeconds;
    public Instant createdAt;
    public Instant openedAt;
    /** When an open campaign was paused (labelers get no task and cannot answer), or null while it runs. */
    public Instant pausedAt;
    public Instant closedAt;

    /** Open and not paused: labelers get its tasks. */
    public boolean isRunning() {
        return status == Status.OPEN && pausedAt == null;
    }

    public KindSettings kindSettings() {
        return KindSettings.fromJson(kind, settings);
    }

    public enum Status {
        /** Prompts and candidates can be added. */
        DRAFT,
        /** Tasks exist and are served to labelers (unless it is paused: {@link #pausedAt}). */
        OPEN,
        /** Finished for good: no more tasks, answers, prompts, candidates or gold. */
        CLOSED
    }
}
