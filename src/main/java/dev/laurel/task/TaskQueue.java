package dev.laurel.task;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import dev.laurel.platform.Problem;
import dev.laurel.platform.SubmissionAccepted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    static final int MAX_REASON = 2000;

    private final EntityManager em;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final Outbox outbox;

    TaskQueue(EntityManager em, Campaigns campaigns, Candidates candidates, Outbox outbox) {
        this.em = em;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.outbox = outbox;
    }

    /** A task as a labeler sees it: no model names, no other labelers' answers. */
    public record TaskView(long taskId, long campaignId, String campaignName, String instructions, String prompt,
                           String replyA, String replyB, Instant expiresAt) {
    }

    public record Answer(Choice choice, String reason) {
    }

    /** The labeler's current task in the campaign (resumed if still leased), a new one, or none left. */
    @Transactional
    public Optional<TaskView> lease(User labeler, long campaignId) {
        Campaign campaign = openCampaign(labeler, campaignId);
        Instant now = Instant.now();
        TaskAssignment active = TaskAssignment.find("labelerId = ?1 and status = ?2 and expiresAt > ?3"
                        + " and taskId in (select t.id from Task t where t.campaignId = ?4)",
                labeler.id, TaskAssignment.Status.LEASED, now, campaignId).firstResult();
        if (active != null) {
            return Optional.of(view(campaign, Task.findById(active.taskId), active));
        }
        Optional<Long> free = nextFreeTask(campaignId, labeler.id);
        if (free.isEmpty() && expireLeases() > 0) {
            free = nextFreeTask(campaignId, labeler.id);
        }
        if (free.isEmpty()) {
            return Optional.empty();
        }
        Task task = em.find(Task.class, free.get()); // already locked by nextFreeTask
        task.leasedCount++;
        TaskAssignment assignment = new TaskAssignment();
        assignment.taskId = task.id;
        assignment.labelerId = labeler.id;
        assignment.status = TaskAssignment.Status.LEASED;
        assignment.leasedAt = now;
        assignment.expiresAt = now.plusSeconds(campaign.leaseSeconds);
        try {
            assignment.persistAndFlush();
        } catch (PersistenceException e) {
            // only a second, simultaneous request of the same labeler can collide on (task, labeler)
            throw Problem.conflict("Another request of yours is already taking a task; try again.");
        }
        return Optional.of(view(campaign, task, assignment));
    }

    /** Accepts an answer to a task leased to this labeler, with its outbox event, in one transaction. */
    @Transactional
    public Submission answer(User labeler, long campaignId, long taskId, Answer answer) {
        if (answer == null || answer.choice() == null) {
            throw Problem.badRequest("'choice' is required: one of A, B, TIE, BOTH_BAD.");
        }
        String reason = answer.reason() == null || answer.reason().isBlank() ? null : answer.reason().strip();
        if (reason != null && reason.length() > MAX_REASON) {
            throw Problem.badRequest("'reason' is longer than " + MAX_REASON + " characters.");
        }
        Task task = lockTask(campaignId, taskId);
        TaskAssignment assignment = assignmentOf(labeler, task);
        openCampaign(labeler, campaignId);
        Instant now = Instant.now();
        switch (assignment.status) {
            case SUBMITTED -> throw Problem.conflict("You have already answered task " + taskId + ".");
            case SKIPPED -> throw Problem.conflict("You skipped task " + taskId + "; it cannot be answered now.");
            case LEASED -> task.leasedCount--;
            case EXPIRED -> {
                if (task.acceptedCount + task.leasedCount >= task.overlap) {
                    throw Problem.conflict("Your time on task " + taskId + " ran out and others have taken it; "
                            + "ask for the next task.");
                }
            }
        }
        task.acceptedCount++;
        assignment.status = TaskAssignment.Status.SUBMITTED;
        assignment.finishedAt = now;

        Submission submission = new Submission();
        submission.taskId = taskId;
        submission.labelerId = labeler.id;
        submission.choice = answer.choice();
        submission.preferredGenerationId = switch (answer.choice()) {
            case A -> task.leftGenerationId;
            case B -> task.rightGenerationId;
            case TIE, BOTH_BAD -> null;
        };
        submission.reason = reason;
        submission.durationMs = Duration.between(assignment.leasedAt, now).toMillis();
        submission.createdAt = now;
        submission.persist();
        outbox.append(Channels.SUBMISSIONS_OUT, new SubmissionAccepted(Outbox.newEventId(), submission.id, taskId,
                task.campaignId, labeler.id, answer.choice().name(), submission.durationMs, task.isComplete(), now));
        return submission;
    }

    /** Gives a leased task back without answering; the labeler will not get it again. */
    @Transactional
    public void skip(User labeler, long campaignId, long taskId) {
        Task task = lockTask(campaignId, taskId);
        TaskAssignment assignment = assignmentOf(labeler, task);
        if (assignment.status != TaskAssignment.Status.LEASED) {
            throw Problem.conflict("Task " + taskId + " is not currently yours to skip.");
        }
        task.leasedCount--;
        assignment.status = TaskAssignment.Status.SKIPPED;
        assignment.finishedAt = Instant.now();
    }

    /** Returns expired leases to the pool, one short transaction each; returns how many it reclaimed. */
    public int expireLeases() {
        Instant now = Instant.now();
        List<TaskAssignment> expired = QuarkusTransaction.requiringNew().call(() -> TaskAssignment.<TaskAssignment>find(
                "status = ?1 and expiresAt <= ?2", TaskAssignment.Status.LEASED, now).page(0, 500).list());
        int reclaimed = 0;
        for (TaskAssignment lease : expired) {
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
        return reclaimed;
    }

    /** How many answers this labeler has given in the campaign. */
    public long answeredBy(User labeler, long campaignId) {
        return Submission.count("labelerId = ?1 and taskId in (select t.id from Task t where t.campaignId = ?2)",
                labeler.id, campaignId);
    }

    private Optional<Long> nextFreeTask(long campaignId, long labelerId) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("""
                        select t.id from task t
                        where t.campaign_id = ?1
                          and t.accepted_count + t.leased_count < t.overlap
                          and not exists (select 1 from task_assignment a where a.task_id = t.id and a.labeler_id = ?2)
                        order by t.priority desc, t.id
                        limit 1
                        for update skip locked""")
                .setParameter(1, campaignId).setParameter(2, labelerId).getResultList();
        return ids.stream().findFirst().map(Number::longValue);
    }

    private Campaign openCampaign(User labeler, long campaignId) {
        Campaign campaign = campaigns.visible(labeler, campaignId);
        if (campaign.status != Campaign.Status.OPEN) {
            throw Problem.conflict("Campaign " + campaignId + " is not open for labeling.");
        }
        return campaign;
    }

    private Task lockTask(long campaignId, long taskId) {
        Task task = em.find(Task.class, taskId, LockModeType.PESSIMISTIC_WRITE);
        if (task == null || task.campaignId != campaignId) {
            throw Problem.notFound("Task " + taskId + " does not exist or is not assigned to you.");
        }
        return task;
    }

    private static TaskAssignment assignmentOf(User labeler, Task task) {
        TaskAssignment assignment = TaskAssignment.find("taskId = ?1 and labelerId = ?2", task.id, labeler.id).firstResult();
        if (assignment == null) {
            throw Problem.notFound("Task " + task.id + " does not exist or is not assigned to you.");
        }
        return assignment;
    }

    private TaskView view(Campaign campaign, Task task, TaskAssignment assignment) {
        return new TaskView(task.id, campaign.id, campaign.name, campaign.instructions,
                campaigns.prompt(task.promptId).text,
                candidates.generation(task.leftGenerationId).text,
                candidates.generation(task.rightGenerationId).text,
                assignment.expiresAt);
    }
}
