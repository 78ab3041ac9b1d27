package dev.laurel.task;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.CampaignOpened;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.campaign.TaskKind;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Turns a campaign's prompts and replies into tasks, by kind: pairwise, the pairs of candidates
 * that answered a prompt chosen by {@link PairSelection} (every pair unless the campaign limits them); ranking, all
 * of a prompt's replies in one task (from 2 up to the campaign's largest group, so sizes differ per prompt); rubric and correction, one
 * task per reply; categorical, one per prompt item or one per reply. Display order (left/right,
 * reply numbers) is drawn at random per task so that position says nothing about the model.
 */
@ApplicationScoped
public class TaskFactory {
    private final Candidates candidates;
    private final Campaigns campaigns;
    private final PairSelection pairSelection;
    private final Random random;

    TaskFactory(Candidates candidates, Campaigns campaigns, PairSelection pairSelection) {
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.pairSelection = pairSelection;
        this.random = new SecureRandom();
    }

    /** Runs inside the opening transaction: a failure here leaves the campaign a draft. */
    void onOpened(@Observes CampaignOpened opened) {
        Campaign campaign = campaigns.campaign(opened.campaignId());
        if (candidates.generatesReplies(opened.campaignId())) {
            // replies are still to be generated: tasks come prompt by prompt (addTasksForPrompt)
            campaigns.startProgress(opened.campaignId(), 0, 0);
            return;
        }
        Map<Long, List<Candidates.Reply>> replies = candidates.repliesByPrompt(opened.campaignId());
        // a draft's only tasks are those of imported answers (ImportedAnswers): their prompts are answered already
        Set<Long> imported = new HashSet<>(Task.getEntityManager().createQuery(
                "select distinct t.promptId from Task t where t.campaignId = ?1", Long.class)
                .setParameter(1, opened.campaignId()).getResultList());
        List<Task> tasks = new ArrayList<>();
        for (Prompt prompt : campaigns.prompts(opened.campaignId())) {
            if (imported.contains(prompt.id)) {
                continue;
            }
            tasks.addAll(tasksForPrompt(campaign, prompt.id, replies.getOrDefault(prompt.id, List.of())));
        }
        if (tasks.isEmpty() && imported.isEmpty()) {
            throw Problem.conflict(nothingYet(campaign));
        }
        // serve prompts in no particular order, so early answers are not all about the first prompts
        Collections.shuffle(tasks, random);
        Task.persist(tasks);
        campaigns.startProgress(opened.campaignId(), tasks.size(), (long) tasks.size() * campaign.overlap);
    }

    /**
     * Adds the tasks one prompt of an open campaign still lacks, from all its replies so far: called
     * when generated replies arrive after opening (and by candidates entered later). Pairwise adds the
     * pairs not yet made; other kinds make tasks only for replies no task shows yet (a categorical
     * task on the prompt item alone, once). Calling it again adds nothing. Returns the tasks made.
     */
    @Transactional
    public List<Task> addTasksForPrompt(long campaignId, long promptId) {
        Campaign campaign = campaigns.campaign(campaignId);
        if (campaign.status != Campaign.Status.OPEN) {
            return List.of(); // a draft gets its tasks when it opens; a closed campaign gets none
        }
        // two pods adding tasks for the same prompt at once would both see none: take turns on the prompt row
        Task.getEntityManager().find(Prompt.class, promptId, LockModeType.PESSIMISTIC_WRITE);
        List<Task> existing = Task.list("promptId = ?1 and campaignId = ?2", promptId, campaignId);
        List<Candidates.Reply> replies = candidates.replies(promptId);
        List<Task> tasks;
        if (campaign.kind == TaskKind.PAIRWISE) {
            Set<Set<Long>> paired = new HashSet<>();
            existing.forEach(t -> paired.add(Set.of(t.leftGenerationId, t.rightGenerationId)));
            tasks = pairs(campaign, promptId, replies, paired);
        } else {
            Set<Long> shown = new HashSet<>();
            existing.forEach(t -> shown.addAll(t.replies()));
            List<Candidates.Reply> unseen = replies.stream().filter(r -> !shown.contains(r.generationId())).toList();
            tasks = tasks(campaign, promptId, unseen, existing.isEmpty());
        }
        Task.persist(tasks);
        campaigns.addToProgress(campaignId, tasks.size(), (long) tasks.size() * campaign.overlap);
        return tasks;
    }

    /** The tasks for one prompt that has none yet, not yet stored. */
    List<Task> tasksForPrompt(Campaign campaign, long promptId, List<Candidates.Reply> replies) {
        return tasks(campaign, promptId, replies, true);
    }

    /** New tasks for a prompt, not yet stored: pairs by {@link PairSelection}, other kinds' groups as the kind makes them. */
    private List<Task> tasks(Campaign campaign, long promptId, List<Candidates.Reply> unseen, boolean isFirst) {
        if (campaign.kind == TaskKind.PAIRWISE) {
            return pairs(campaign, promptId, unseen, Set.of());
        }
        Instant now = Instant.now();
        List<Long> ids = unseen.stream().map(Candidates.Reply::generationId).toList();
        return campaign.kind.spec().taskGroups(campaign.kindSettings(), ids, isFirst, random).stream()
                .map(group -> showing(task(campaign, promptId, now), group)).toList();
    }

    /** Pairwise tasks for the pairs {@link PairSelection} picks among those not yet {@code paired}. */
    private List<Task> pairs(Campaign campaign, long promptId, List<Candidates.Reply> replies, Set<Set<Long>> paired) {
        Instant now = Instant.now();
        List<Task> tasks = new ArrayList<>();
        for (PairUncertainty.ReplyPair pair : pairSelection.choose(campaign, promptId, replies, paired)) {
            boolean swap = random.nextBoolean(); // labelers must not learn which side a model is on
            Task task = task(campaign, promptId, now);
            task.showReplies(swap ? List.of(pair.b().generationId(), pair.a().generationId())
                    : List.of(pair.a().generationId(), pair.b().generationId()));
            tasks.add(task);
        }
        return tasks;
    }

    /**
     * Quality: adds a gold task or honeypot (pairwise or categorical) to the campaign's queue. Its texts and known
     * answer live in the quality feature; the row only makes it leasable like any other task.
     * {@code overlap} is how many labelers may answer it (every labeler, for gold).
     */
    public long addQualityTask(long campaignId, TaskKind kind, String goldKind, int overlap) {
        Task task = new Task();
        task.campaignId = campaignId;
        task.kind = kind;
        task.goldKind = goldKind;
        task.overlap = overlap;
        task.createdAt = Instant.now();
        task.persist();
        return task.id;
    }

    private static Task task(Campaign campaign, long promptId, Instant now) {
        Task task = new Task();
        task.campaignId = campaign.id;
        task.promptId = promptId;
        task.kind = campaign.kind;
        task.overlap = campaign.overlap;
        task.createdAt = now;
        return task;
    }

    private static Task showing(Task task, List<Long> generationIds) {
        task.showReplies(generationIds);
        return task;
    }

    private static String nothingYet(Campaign campaign) {
        return campaign.kind.spec().nothingYet(campaign.id);
    }
}
