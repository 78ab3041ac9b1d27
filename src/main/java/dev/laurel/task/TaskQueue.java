package dev.laurel.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.Prompt;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.campaign.kind.TextDiff;
import dev.laurel.campaign.kind.correction.CorrectionKind;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Channels;
import dev.laurel.platform.HotPath;
import dev.laurel.platform.Outbox;
import dev.laurel.platform.Problem;
import dev.laurel.platform.ShortLivedCache;
import dev.laurel.platform.StorableText;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The assignment queue. A labeler leases one task at a time; a task is leased to at most
 * {@code overlap - accepted} labelers at once and never to the same labeler twice; a lease that runs
 * out returns its slot to the pool.
 *
 * <p>Concurrency: leasing picks a task with {@code FOR UPDATE SKIP LOCKED}, so parallel labelers
 * take different rows instead of queueing on one; the free-slot test reads counters stored on that
 * same locked row, so PostgreSQL re-checks it against the latest committed version. Every path that
 * changes the counters (lease, answer, skip, expiry) locks the task row first, in that order.
 */
@ApplicationScoped
public class TaskQueue {
    private final EntityManager em;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final Outbox outbox;
    private final TaskQuality quality;
    private final ManualAssignments assignments;
    private final Counter expired;
    /**
     * What a task shows: its prompt and replies never change once stored, and the overlap's leases of
     * one task come seconds apart (tasks go out in order), so most leases need neither read.
     */
    private final ShortLivedCache<Long, Shown> shown = new ShortLivedCache<>(Duration.ofMinutes(5), 2_000);

    private record Shown(String prompt, List<ChatMessage> history, Map<Long, String> replies) {
    }

    TaskQueue(EntityManager em, Campaigns campaigns, Candidates candidates, Outbox outbox, TaskQuality quality,
              ManualAssignments assignments, MeterRegistry metrics) {
        this.expired = Counter.builder("laurel.leases.expired").description("Leases that ran out unanswered")
                .register(metrics);
        this.em = em;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.outbox = outbox;
        this.quality = quality;
        this.assignments = assignments;
    }

    /**
     * A task as a labeler sees it: no model names, no other labelers' answers, and a random
     * {@code taskId} (the task's public id) that says nothing about when or why the task was made.
     * Pairwise tasks show {@code replyA} and {@code replyB}; other kinds show {@code replies}, numbered
     * from 1 (none for a categorical task on the prompt item alone). {@code settings} are the campaign's: flags, k and
     * topK, dimensions and scale, labels and multi. A conversation prompt shows its earlier turns in {@code history}
     * (system, user and assistant messages, oldest first; absent for a one-turn prompt), and {@code prompt} is its
     * last user turn, the one the replies answer.
     */
    public record TaskView(long taskId, long campaignId, String campaignName, String instructions, TaskKind kind,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ChatMessage> history,
                           String prompt, @JsonInclude(JsonInclude.Include.NON_NULL) String replyA,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String replyB,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<Reply> replies, KindSettings settings,
                           Instant expiresAt) {
        /** Ranking: how many of the shown replies the labeler orders, the best topK or all of them. */
        @JsonIgnore
        public int rankedCount() {
            int shown = replies == null ? 0 : replies.size();
            return settings == null || settings.topK() == null ? shown : Math.min(settings.topK(), shown);
        }
    }

    /** A reply of a non-pairwise task; answers refer to it by {@code number}. */
    public record Reply(int number, String text) {
    }

    /** The labeler's current task in the campaign (resumed if still leased), a new one, or none left. */
    @HotPath
    @Transactional
    @Timed(value = "laurel.tasks.lease", description = "Leasing a task", percentiles = {0.5, 0.95, 0.99})
    public Optional<TaskView> lease(User labeler, long campaignId) {
        Campaigns.Terms campaign = openCampaign(labeler, campaignId);
        // quality: eligibility (403 with the reason) and whether this lease is a gold task
        TaskQuality.Admission admission = quality.admit(labeler.id, campaignId, campaign.overlap());
        Instant now = Instant.now();
        TaskAssignment active = TaskAssignment.find("labelerId = ?1 and status = ?2 and expiresAt > ?3"
                        + " and taskId in (select t.id from Task t where t.campaignId = ?4)",
                labeler.id, TaskAssignment.Status.LEASED, now, campaignId).firstResult();
        if (active != null) {
            return Optional.of(view(campaign, Task.findById(active.taskId), active));
        }
        Optional<Task> free = nextFreeTask(campaignId, labeler.id, admission);
        if (free.isEmpty() && expireLeases() > 0) {
            free = nextFreeTask(campaignId, labeler.id, admission);
        }
        if (free.isEmpty()) {
            return Optional.empty();
        }
        Task task = free.get(); // locked, and read whole, by nextFreeTask
        task.leasedCount++;
        TaskAssignment assignment = new TaskAssignment();
        assignment.taskId = task.id;
        assignment.labelerId = labeler.id;
        assignment.status = TaskAssignment.Status.LEASED;
        assignment.leasedAt = now;
        assignment.expiresAt = now.plusSeconds(campaign.leaseSeconds());
        try {
            assignment.persistAndFlush();
        } catch (PersistenceException e) {
            // only a second, simultaneous request of the same labeler can collide on (task, labeler)
            throw Problem.conflict("Another request of yours is already taking a task; try again.");
        }
        return Optional.of(view(campaign, task, assignment));
    }

    /**
     * Accepts an answer to a task leased to this labeler, with its outbox event, in one transaction.
     * {@code publicTaskId} is the id the labeler was shown ({@link TaskView#taskId}).
     */
    @HotPath
    @Transactional
    @Timed(value = "laurel.tasks.answer", description = "Accepting an answer", percentiles = {0.5, 0.95, 0.99})
    public Submission answer(User labeler, long campaignId, long publicTaskId, AnswerRequest answer) {
        if (answer != null) { // the free texts; everything else must match the campaign's own choices
            StorableText.require("reason", answer.reason());
            StorableText.require("text", answer.text());
        }
        Campaigns.Terms campaign = openCampaign(labeler, campaignId); // cached: before the lock, not inside it
        Task task = lockTask(campaignId, publicTaskId);
        long taskId = task.id;
        TaskAssignment assignment = assignmentOf(labeler, task);
        AnswerSchemas.Valid valid = validate(campaign, task, answer);
        Instant now = Instant.now();
        switch (assignment.status) {
            case SUBMITTED -> throw Problem.conflict("You have already answered task " + publicTaskId + ".");
            case SKIPPED -> throw Problem.conflict("You skipped task " + publicTaskId + "; it cannot be answered now.");
            case LEASED -> task.leasedCount--;
            case EXPIRED -> {
                if (task.acceptedCount + task.leasedCount >= task.overlap) {
                    throw Problem.conflict("Your time on task " + publicTaskId + " ran out and others have taken it; "
                            + "ask for the next task.");
                }
            }
        }
        task.acceptedCount++;
        assignment.status = TaskAssignment.Status.SUBMITTED;
        Boolean goldCorrect = task.goldKind == null ? null : quality.goldOutcome(taskId, valid.summary());
        assignment.finishedAt = now;

        Submission submission = Submission.of(taskId, valid, Duration.between(assignment.leasedAt, now).toMillis(), now);
        submission.labelerId = labeler.id;
        submission.persist();
        if (task.goldKind == null && (task.kind == TaskKind.PAIRWISE || task.kind == TaskKind.CATEGORICAL)) {
            // quality: dynamic overlap — a settled task takes nobody new, a contested one asks for more. The
            // answers so far are on the locked row itself: no re-read of the task's submissions.
            task.overlap = quality.overlapAfterAnswer(task.campaignId, task.overlap, task.acceptedCount,
                    task.leasedCount, task.addVote(labeler.id, valid.summary()));
        }
        outbox.append(Channels.SUBMISSIONS_OUT, accepted(submission, task, valid, goldCorrect));
        return submission;
    }

    /** The one place an answer is checked against its task's kind and the campaign's settings. */
    private AnswerSchemas.Valid validate(Campaigns.Terms campaign, Task task, AnswerRequest answer) {
        List<Long> replies = task.shownReplies();
        ShownTask shown = new ShownTask(task.kind, campaign.settings(), replies,
                () -> candidates.generation(replies.get(0)).text);
        return AnswerSchemas.validate(shown, answer);
    }

    /** The one place the accepted-answer event is built. */
    private static SubmissionAccepted accepted(Submission submission, Task task, AnswerSchemas.Valid valid,
                                               Boolean goldCorrect) {
        return new SubmissionAccepted(Outbox.newEventId(), submission.id, task.id, task.campaignId, submission.labelerId,
                valid.summary(), submission.durationMs, task.isComplete(), submission.createdAt, task.kind,
                goldCorrect);
    }

    /**
     * What a correction would change, for the player's preview: only for the labeler who holds the
     * task, so nobody reads replies of tasks they were not given.
     */
    @Transactional
    public List<TextDiff.Part> previewCorrection(User labeler, long campaignId, long publicTaskId, String text) {
        Task task = Task.find("publicId", publicTaskId).firstResult();
        if (task == null || task.campaignId != campaignId || task.kind != TaskKind.CORRECTION) {
            throw Problem.notFound("Correction task " + publicTaskId + " does not exist or is not assigned to you.");
        }
        if (assignmentOf(labeler, task).status != TaskAssignment.Status.LEASED) {
            throw Problem.conflict("Task " + task.publicId + " is no longer yours to correct.");
        }
        String edited = text == null ? "" : text;
        if (edited.length() > CorrectionKind.MAX_TEXT) {
            throw Problem.badRequest("The text is longer than " + CorrectionKind.MAX_TEXT + " characters.");
        }
        return TextDiff.diff(candidates.generation(task.replies().get(0)).text, edited);
    }

    /**
     * Gives a leased task back without answering; the labeler will not get it again. The optional
     * reason is stored and counted by quality.
     */
    @HotPath
    @Transactional
    public void skip(User labeler, long campaignId, long publicTaskId, String reason) {
        StorableText.require("reason", reason);
        Task task = lockTask(campaignId, publicTaskId);
        long taskId = task.id;
        TaskAssignment assignment = assignmentOf(labeler, task);
        if (assignment.status != TaskAssignment.Status.LEASED) {
            throw Problem.conflict("Task " + task.publicId + " is not currently yours to skip.");
        }
        task.leasedCount--;
        assignment.status = TaskAssignment.Status.SKIPPED;
        assignment.finishedAt = Instant.now();
        quality.recordSkip(labeler.id, campaignId, taskId, reason); // quality: the reason, and the skip signal
    }

    /** Returns expired leases to the pool, one short transaction each; returns how many it reclaimed. */
    public int expireLeases() {
        Instant now = Instant.now();
        List<TaskAssignment> leases = QuarkusTransaction.requiringNew().call(() -> TaskAssignment.<TaskAssignment>find(
                "status = ?1 and expiresAt <= ?2", TaskAssignment.Status.LEASED, now).page(0, 500).list());
        int reclaimed = 0;
        for (TaskAssignment lease : leases) {
            boolean done = QuarkusTransaction.requiringNew().call(() -> {
                Task task = em.find(Task.class, lease.taskId, LockModeType.PESSIMISTIC_WRITE);
                int changed = TaskAssignment.update("status = ?1, finishedAt = ?2 where id = ?3 and status = ?4",
                        TaskAssignment.Status.EXPIRED, now, lease.id, TaskAssignment.Status.LEASED);
                if (changed == 1) {
                    task.leasedCount--;
                }
                return changed == 1;
            });
            reclaimed += done ? 1 : 0;
        }
        expired.increment(reclaimed);
        return reclaimed;
    }

    /** How many answers this labeler has given in the campaign. */
    public long answeredBy(User labeler, long campaignId) {
        return Submission.count("labelerId = ?1 and taskId in (select t.id from Task t where t.campaignId = ?2)",
                labeler.id, campaignId);
    }

    /** Quality: a gold lease takes a gold task the labeler has not seen, else (unless qualifying) an ordinary one. */
    private Optional<Task> nextFreeTask(long campaignId, long labelerId, TaskQuality.Admission admission) {
        boolean manual = assignments.isManual(campaignId);
        Optional<Task> task = nextFreeTask(campaignId, labelerId, admission.servesGold(), manual);
        if (task.isEmpty() && admission.servesGold() && !admission.goldOnly()) {
            task = nextFreeTask(campaignId, labelerId, false, manual);
        }
        return task;
    }

    /**
     * Manual assignment: in a campaign with assignments, an item's tasks go only to the labelers
     * assigned to it (gold tasks and honeypots, which have no item, still go to anyone).
     */
    private Optional<Task> nextFreeTask(long campaignId, long labelerId, boolean gold, boolean manual) {
        Optional<Task> task = nextFreeTask(leaseStatement(gold, manual, true), campaignId, labelerId);
        if (task.isEmpty()) {
            // Skipping locked rows can miss the labeler's last free tasks while others briefly lock them
            // (an answer, a lease): before saying "none left", wait for those locks, which PostgreSQL
            // then re-checks. Only reached when the campaign is nearly done for this labeler.
            task = nextFreeTask(leaseStatement(gold, manual, false), campaignId, labelerId);
        }
        return task;
    }

    private Optional<Task> nextFreeTask(String statement, long campaignId, long labelerId) {
        @SuppressWarnings("unchecked")
        List<Task> tasks = em.createNativeQuery(statement, Task.class).setParameter(1, campaignId).setParameter(2, labelerId)
                .getResultList();
        return tasks.stream().findFirst();
    }

    /**
     * The statement that picks a task to lease. Its filter on gold and free slots is spelled exactly
     * as the partial indexes {@code task_lease} and {@code task_lease_gold} are (db/postgresql/V18), so
     * the planner walks one of them in the order asked for; literal, not a parameter, so that every plan
     * can use the index. It returns the whole row it locks (locking visits it anyway), so the lease needs
     * no second read of the task. Package-visible for the test that reads its plan.
     */
    static String leaseStatement(boolean gold, boolean manual, boolean skipLocked) {
        String assigned = !manual || gold ? "" : """
                  and t.prompt_id in (select m.prompt_id from manual_assignment m
                                      where m.campaign_id = ?1 and m.labeler_id = ?2)
                """;
        return """
                select t.* from task t
                where t.campaign_id = ?1
                  and t.gold_kind is %s and t.accepted_count + t.leased_count < t.overlap
                  and not exists (select 1 from task_assignment a where a.task_id = t.id and a.labeler_id = ?2)
                """.formatted(gold ? "not null" : "null") + assigned + """
                order by t.priority desc, t.id
                limit 1
                for update""" + (skipLocked ? " skip locked" : "");
    }

    private Campaigns.Terms openCampaign(User labeler, long campaignId) {
        Campaigns.Terms campaign = campaigns.terms(labeler, campaignId);
        if (!campaign.isOpen()) {
            throw Problem.conflict("Campaign " + campaignId + " is not open for labeling.");
        }
        return campaign;
    }

    /** The task with this public id, locked; 404 if it is not in the campaign. */
    private Task lockTask(long campaignId, long publicTaskId) {
        List<Task> tasks = em.createQuery("from Task t where t.publicId = ?1 and t.campaignId = ?2", Task.class)
                .setParameter(1, publicTaskId).setParameter(2, campaignId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList(); // one statement: select … for update
        if (tasks.isEmpty()) {
            throw Problem.notFound("Task " + publicTaskId + " does not exist or is not assigned to you.");
        }
        return tasks.get(0);
    }

    private static TaskAssignment assignmentOf(User labeler, Task task) {
        TaskAssignment assignment = TaskAssignment.find("taskId = ?1 and labelerId = ?2", task.id, labeler.id).firstResult();
        if (assignment == null) {
            throw Problem.notFound("Task " + task.publicId + " does not exist or is not assigned to you.");
        }
        return assignment;
    }

    private TaskView view(Campaigns.Terms campaign, Task task, TaskAssignment assignment) {
        if (task.goldKind != null) { // quality: a gold task looks exactly like any other pairwise task
            var gold = quality.goldView(task.id);
            if (task.kind != TaskKind.PAIRWISE) { // categorical: the prompt item alone, or one reply to label
                List<Reply> replies = gold.left() == null ? List.of() : List.of(new Reply(1, gold.left()));
                return new TaskView(task.publicId, campaign.id(), campaign.name(), campaign.instructions(), task.kind,
                        List.of(), gold.prompt(), null, null, replies, campaign.settings(), assignment.expiresAt);
            }
            return new TaskView(task.publicId, campaign.id(), campaign.name(), campaign.instructions(), task.kind, List.of(), gold.prompt(),
                    gold.left(), gold.right(), null, campaign.settings(), assignment.expiresAt);
        }
        Shown texts = shown.get(task.id, id -> {
            Prompt prompt = campaigns.prompt(task.promptId);
            return Optional.of(new Shown(prompt.text, prompt.earlierTurns(), candidates.texts(task.kind == TaskKind.PAIRWISE
                    ? List.of(task.leftGenerationId, task.rightGenerationId) : task.replies())));
        }).orElseThrow();
        String prompt = texts.prompt();
        if (task.kind == TaskKind.PAIRWISE) {
            return new TaskView(task.publicId, campaign.id(), campaign.name(), campaign.instructions(), task.kind, texts.history(), prompt,
                    texts.replies().get(task.leftGenerationId), texts.replies().get(task.rightGenerationId),
                    null, campaign.settings(), assignment.expiresAt);
        }
        List<Long> ids = task.replies();
        List<Reply> replies = IntStream.range(0, ids.size()).mapToObj(i -> new Reply(i + 1, texts.replies().get(ids.get(i))))
                .toList();
        return new TaskView(task.publicId, campaign.id(), campaign.name(), campaign.instructions(), task.kind, texts.history(), prompt, null, null,
                replies, campaign.settings(), assignment.expiresAt);
    }
}
