package dev.laurel.task;

import dev.laurel.campaign.CampaignOpened;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.TaskKind;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Turns an opened campaign's replies into tasks: for each prompt, every pair of candidates that answered it. */
@ApplicationScoped
public class TaskFactory {
    private final Candidates candidates;
    private final Campaigns campaigns;
    private final Random random;

    TaskFactory(Candidates candidates, Campaigns campaigns) {
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.random = new SecureRandom();
    }

    /** Runs inside the opening transaction: a failure here leaves the campaign a draft. */
    void onOpened(@Observes CampaignOpened opened) {
        if (opened.kind() != TaskKind.PAIRWISE) {
            throw Problem.badRequest("Tasks of kind " + opened.kind() + " are not supported yet.");
        }
        Map<Long, List<Candidates.Reply>> replies = candidates.repliesByPrompt(opened.campaignId());
        List<Task> tasks = new ArrayList<>();
        Instant now = Instant.now();
        replies.forEach((promptId, forPrompt) -> {
            for (int i = 0; i < forPrompt.size(); i++) {
                for (int j = i + 1; j < forPrompt.size(); j++) {
                    tasks.add(pair(opened, promptId, forPrompt.get(i), forPrompt.get(j), now));
                }
            }
        });
        if (tasks.isEmpty()) {
            throw Problem.conflict("Nothing to compare yet: campaign " + opened.campaignId()
                    + " needs at least two candidates with outputs for the same prompt.");
        }
        // serve prompts in no particular order, so early answers are not all about the first prompts
        Collections.shuffle(tasks, random);
        Task.persist(tasks);
        campaigns.startProgress(opened.campaignId(), tasks.size(), (long) tasks.size() * opened.overlap());
    }

    private Task pair(CampaignOpened opened, long promptId, Candidates.Reply first, Candidates.Reply second, Instant now) {
        boolean swap = random.nextBoolean(); // labelers must not learn which side a model is on
        Task task = new Task();
        task.campaignId = opened.campaignId();
        task.promptId = promptId;
        task.leftGenerationId = swap ? second.generationId() : first.generationId();
        task.rightGenerationId = swap ? first.generationId() : second.generationId();
        task.overlap = opened.overlap();
        task.createdAt = now;
        return task;
    }
}
