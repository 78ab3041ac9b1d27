package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the database must say about one campaign after a fault: every acknowledged answer stored once,
 * task counters in step with assignments and submissions, the outbox drained, and every event applied
 * once (one scored row and one AWARD ledger row per submission, progress counting each answer and
 * each completed task once).
 */
final class CampaignAudit {
    private final ScratchDatabase database;
    private final long campaign;

    CampaignAudit(ScratchDatabase database, long campaign) {
        this.database = database;
        this.campaign = campaign;
    }

    long stored() {
        return database.count("select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = ?",
                campaign);
    }

    Set<Long> storedIds() {
        return database.rows("select s.id from submission s join task t on t.id = s.task_id where t.campaign_id = ?", campaign)
                .stream().map(row -> ((Number) row.get(0)).longValue()).collect(Collectors.toSet());
    }

    /**
     * Every 201 is a stored submission, no labeler's answer to a task is stored twice, and the only
     * stored answers nobody was told about are among those whose reply was lost (or was a 503).
     */
    String assertAcknowledgedAnswersStoredOnce(Map<Long, Instant> acknowledged, long undecided) {
        Set<Long> stored = storedIds();
        Set<Long> missing = new HashSet<>(acknowledged.keySet());
        missing.removeAll(stored);
        long distinct = database.count("select count(*) from (select distinct s.task_id, s.labeler_id from submission s"
                + " join task t on t.id = s.task_id where t.campaign_id = ?) x", campaign);
        Set<Long> unannounced = new HashSet<>(stored);
        unannounced.removeAll(acknowledged.keySet());
        String summary = acknowledged.size() + " answers acknowledged (201), " + stored.size() + " stored, "
                + missing.size() + " acknowledged but missing, " + (stored.size() - distinct) + " stored twice, "
                + unannounced.size() + " stored without a 201 (of " + undecided + " sent without a definite reply)";
        assertTrue(missing.isEmpty(), () -> summary + "; missing e.g. " + missing.stream().limit(10).toList());
        assertEquals(stored.size(), distinct, summary);
        assertTrue(unannounced.size() <= undecided, summary);
        return summary;
    }

    /** Waits until no lease is held, then checks each task's counters against its assignments and submissions. */
    Duration awaitLeasesReturnedAndCountersInStep(Duration timeout) {
        Duration took = Faults.await("every lease of the campaign to be returned", timeout, () -> leased() == 0);
        List<List<Object>> outOfStep = database.rows("""
                select t.id, t.overlap, t.accepted_count, t.leased_count,
                       (select count(*) from task_assignment a where a.task_id = t.id and a.status = 'SUBMITTED') as submitted,
                       (select count(*) from submission s where s.task_id = t.id) as submissions
                from task t where t.campaign_id = ?
                  and (t.accepted_count > t.overlap
                       or t.accepted_count <> (select count(*) from task_assignment a where a.task_id = t.id and a.status = 'SUBMITTED')
                       or t.accepted_count <> (select count(*) from submission s where s.task_id = t.id)
                       or t.leased_count <> 0)
                order by t.id""", campaign);
        assertTrue(outOfStep.isEmpty(), () -> outOfStep.size() + " tasks with counters out of step [id, overlap,"
                + " accepted_count, leased_count, SUBMITTED, submissions], e.g. " + outOfStep.stream().limit(10).toList());
        return took;
    }

    long leased() {
        return database.count("select count(*) from task_assignment a join task t on t.id = a.task_id"
                + " where t.campaign_id = ? and a.status = 'LEASED'", campaign);
    }

    /** Ids of the leases held right now. */
    Set<Long> leaseIds() {
        return database.rows("select a.id from task_assignment a join task t on t.id = a.task_id"
                        + " where t.campaign_id = ? and a.status = 'LEASED'", campaign)
                .stream().map(row -> ((Number) row.get(0)).longValue()).collect(Collectors.toSet());
    }

    /** Status → how many of these assignments have it. */
    Map<String, Long> statusesOf(Set<Long> assignments) {
        if (assignments.isEmpty()) {
            return Map.of();
        }
        String ids = assignments.stream().map(String::valueOf).collect(Collectors.joining(","));
        return database.rows("select status, count(*) from task_assignment where id in (" + ids + ") group by status")
                .stream().collect(Collectors.toMap(row -> (String) row.get(0), row -> ((Number) row.get(1)).longValue(),
                        Long::sum, java.util.TreeMap::new));
    }

    long unpublished() {
        return database.count("select count(*) from outbox_event where published_at is null");
    }

    /** Events written before {@code instant} and not yet published: the backlog an outage left. */
    long unpublishedBefore(Instant instant) {
        return database.count("select count(*) from outbox_event where published_at is null and created_at < ?",
                java.sql.Timestamp.from(instant));
    }

    /** Answers stored before {@code instant} that game has not scored yet (scoring is the last step). */
    long unappliedBefore(Instant instant) {
        return database.count("select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = ?"
                + " and s.created_at < ? and not exists (select 1 from scored_submission ss where ss.submission_id = s.id)",
                campaign, java.sql.Timestamp.from(instant));
    }

    Duration awaitOutboxDrained(Duration timeout) {
        return Faults.await("the outbox to drain", timeout, () -> unpublished() == 0);
    }

    boolean isEverythingApplied() {
        long stored = stored();
        return scored() >= stored && awards() >= stored && answersInProgress() >= stored;
    }

    /** Waits until every stored answer is applied, then checks that each was applied exactly once. */
    String awaitEveryEventAppliedOnce(Duration timeout) {
        Duration took = Faults.await("every event to be applied", timeout, this::isEverythingApplied);
        long stored = stored();
        long events = database.count("select count(*) from outbox_event where channel = 'submissions-out'");
        long assessed = database.count("select count(*) from outbox_event where channel = 'assessments-out'");
        long scored = scored();
        long scoredDistinct = database.count("select count(distinct submission_id) from scored_submission where campaign_id = ?",
                campaign);
        long awards = awards();
        long awardsDistinct = database.count("select count(distinct submission_id) from ledger_entry"
                + " where campaign_id = ? and kind = 'AWARD'", campaign);
        long foreign = database.count("select count(*) from ledger_entry e where e.campaign_id = ?"
                + " and not exists (select 1 from submission s where s.id = e.submission_id)", campaign);
        long progress = answersInProgress();
        long completedInProgress = database.count("select coalesce(sum(tasks_completed), 0) from campaign_progress"
                + " where campaign_id = ?", campaign);
        long completed = database.count("select count(*) from task where campaign_id = ? and accepted_count >= overlap", campaign);
        String summary = stored + " stored answers; events written: " + events + " submitted, " + assessed
                + " assessed; scored_submission " + scored + " rows (" + scoredDistinct + " submissions); AWARD ledger rows "
                + awards + " (" + awardsDistinct + " submissions, " + foreign + " rows of unknown submissions);"
                + " progress answers " + progress + ", tasks completed " + completedInProgress + " of " + completed
                + " (all applied " + Faults.seconds(took) + " s after the check began)";
        assertEquals(stored, events, summary);
        assertTrue(assessed >= stored, summary); // answers assessed (+ any dropped by quality review)
        assertEquals(stored, scored, summary);
        assertEquals(stored, scoredDistinct, summary);
        assertEquals(stored, awards, summary);
        assertEquals(stored, awardsDistinct, summary);
        assertEquals(0, foreign, summary);
        assertEquals(stored, progress, summary);
        assertEquals(completed, completedInProgress, summary);
        return summary;
    }

    private long scored() {
        return database.count("select count(*) from scored_submission where campaign_id = ?", campaign);
    }

    private long awards() {
        return database.count("select count(*) from ledger_entry where campaign_id = ? and kind = 'AWARD'", campaign);
    }

    private long answersInProgress() {
        return database.count("select coalesce(sum(answers_accepted), 0) from campaign_progress where campaign_id = ?",
                campaign);
    }

    /** Events consumers set aside ({@code GET /api/admin/events/parked}): must be none. */
    static String parked(LaurelApi api, String adminToken) {
        return api.get(adminToken, "/api/admin/events/parked").expect(200).body().strip();
    }
}
