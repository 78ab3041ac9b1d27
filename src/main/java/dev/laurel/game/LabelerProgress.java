package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** A labeler's running counters: the current combo, answers by sort, gold record and streaks. */
@Entity
public class LabelerProgress extends PanacheEntityBase {
    @Id
    public long labelerId;
    public int combo;
    public Instant lastAnswerAt;
    /** The labeler's local day of {@link #lastAnswerAt}, whose {@code labeler_day} row exists. */
    public java.time.LocalDate lastAnswerDay;
    public long answers;
    public long comparisons;
    public long goldSeen;
    public long goldPassed;
    public int streakDays;
    public int bestStreak;
    /**
     * The UTC day whose ledger sum (quest rows aside) {@link #earnedOnDay} holds, kept by scoring; null when unknown
     * (a drop, a reinstatement or a probation reversal wrote rows that scoring did not count).
     */
    public java.time.LocalDate earnedDay;
    public long earnedOnDay;
    /** When probation ended (pending points released); null while the labeler is on probation. */
    public Instant releasedAt;
}
