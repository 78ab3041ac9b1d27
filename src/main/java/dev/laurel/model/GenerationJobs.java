package dev.laurel.model;

import dev.laurel.campaign.CampaignOpened;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.Prompt;
import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generation jobs: one per (campaign, generating candidate). Starting a job writes its batches to the
 * outbox in the same transaction; workers store replies batch by batch with {@link #record}, which is
 * idempotent, so a batch delivered twice (a worker died before acknowledging it) changes nothing.
 */
@ApplicationScoped
public class GenerationJobs {
    private final Campaigns campaigns;
    private final Outbox outbox;
    private final ModelConfig config;

    GenerationJobs(Campaigns campaigns, Outbox outbox, ModelConfig config) {
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.config = config;
    }

    /** Inside the opening transaction: every generating candidate entered in the campaign starts. */
    void onOpened(@Observes CampaignOpened opened) {
        for (CampaignCandidate entry : CampaignCandidate.<CampaignCandidate>list("campaignId", Sort.by("id"), opened.campaignId())) {
            start(opened.campaignId(), entry.candidateId);
        }
    }

    /** Creates the job (once) and requests its batches. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void start(long campaignId, long candidateId) {
        if (GenerationJob.count("campaignId = ?1 and candidateId = ?2", campaignId, candidateId) > 0) {
            return;
        }
        List<Long> promptIds = campaigns.prompts(campaignId).stream().map(p -> p.id).toList();
        Instant now = Instant.now();
        GenerationJob job = new GenerationJob();
        job.campaignId = campaignId;
        job.candidateId = candidateId;
        job.promptsTotal = promptIds.size();
        job.createdAt = now;
        job.updatedAt = now;
        if (promptIds.isEmpty()) {
            job.finishedAt = now;
        }
        job.persist();
        int size = Math.max(1, config.batchSize());
        for (int start = 0; start < promptIds.size(); start += size) {
            List<Long> batch = List.copyOf(promptIds.subList(start, Math.min(promptIds.size(), start + size)));
            outbox.append(Channels.GENERATION_REQUESTED_OUT,
                    new GenerationRequested(Outbox.newEventId(), job.id, campaignId, candidateId, batch));
        }
    }

    /** Which of these prompts the candidate still has to answer (no reply and no recorded failure). */
    @Transactional
    public List<Long> pending(long candidateId, List<Long> promptIds) {
        Set<Long> done = answered(candidateId, promptIds);
        return promptIds.stream().filter(id -> !done.contains(id)).toList();
    }

    private static Set<Long> answered(long candidateId, List<Long> promptIds) {
        Set<Long> done = new HashSet<>();
        Generation.<Generation>stream("candidateId = ?1 and promptId in ?2", candidateId, promptIds).forEach(g -> done.add(g.promptId));
        GenerationFailure.<GenerationFailure>stream("candidateId = ?1 and promptId in ?2", candidateId, promptIds).forEach(f -> done.add(f.promptId));
        return done;
    }

    @Transactional
    public Candidate candidate(long id) {
        return Candidate.findById(id);
    }

    /**
     * Each prompt as the conversation a model continues: the campaign's system prompt (unless the prompt brings its
     * own system turn), then the prompt's turns. Empty when the campaign is gone.
     */
    @Transactional
    public Map<Long, List<ChatMessage>> conversations(long campaignId, List<Long> promptIds) {
        if (!campaigns.exists(campaignId)) {
            return Map.of();
        }
        String systemPrompt = campaigns.campaign(campaignId).systemPrompt;
        Map<Long, List<ChatMessage>> conversations = new java.util.HashMap<>();
        campaigns.prompts(promptIds).forEach((id, prompt) ->
                conversations.put(id, ChatMessage.withSystemPrompt(systemPrompt, prompt.conversation())));
        return conversations;
    }

    /**
     * Stores a batch's replies (or failures) that are not stored yet, moves the job's counters by what
     * was new, and announces the batch to the task factory; all in one transaction.
     */
    @Transactional
    public int record(GenerationRequested request, List<Long> promptIds, List<TextGenerator.Reply> replies, long millis) {
        Set<Long> done = answered(request.candidateId(), promptIds);
        Instant now = Instant.now();
        int added = 0;
        int failed = 0;
        long tokens = 0;
        String lastError = null;
        for (int i = 0; i < promptIds.size(); i++) {
            long promptId = promptIds.get(i);
            if (done.contains(promptId)) {
                continue; // stored by an earlier delivery of this batch
            }
            TextGenerator.Reply reply = replies.get(i);
            if (reply.isFailed()) {
                GenerationFailure failure = new GenerationFailure();
                failure.candidateId = request.candidateId();
                failure.promptId = promptId;
                failure.error = limit(reply.error());
                failure.createdAt = now;
                failure.persist();
                failed++;
                lastError = failure.error;
            } else {
                Generation generation = new Generation();
                generation.candidateId = request.candidateId();
                generation.promptId = promptId;
                generation.text = reply.text().length() > Candidates.MAX_TEXT ? reply.text().substring(0, Candidates.MAX_TEXT) : reply.text();
                generation.tokens = reply.tokens();
                generation.createdAt = now;
                generation.persist();
                added++;
                tokens += reply.tokens();
            }
        }
        GenerationJob job = GenerationJob.findById(request.jobId());
        if (job != null && added + failed > 0) {
            job.generated += added;
            job.failed += failed;
            job.tokens += tokens;
            job.busyMillis += millis;
            job.updatedAt = now;
            if (lastError != null) {
                job.lastError = lastError;
            }
            if (job.generated + job.failed >= job.promptsTotal) {
                job.finishedAt = now;
            }
        }
        outbox.append(Channels.GENERATION_COMPLETED_OUT,
                new GenerationCompleted(Outbox.newEventId(), request.campaignId(), request.candidateId(), request.promptIds()));
        return added + failed;
    }

    public record JobView(long jobId, long candidateId, String candidate, int promptsTotal, int generated, int failed, int percent,
                          Double tokensPerSecond, Long etaSeconds, String lastError, boolean finished) {
    }

    /** Progress of a campaign's generation jobs, with throughput and a time estimate. */
    @Transactional
    public List<JobView> progress(long campaignId) {
        List<GenerationJob> jobs = GenerationJob.list("campaignId", Sort.by("id"), campaignId);
        List<Long> candidateIds = jobs.stream().map(j -> j.candidateId).distinct().toList();
        Map<Long, String> names = candidateIds.isEmpty() ? Map.of() : Candidate.<Candidate>list("id in ?1", candidateIds).stream()
                .collect(java.util.stream.Collectors.toMap(c -> c.id, c -> c.name));
        Instant now = Instant.now();
        return jobs.stream().map(job -> {
            int done = job.generated + job.failed;
            int percent = job.promptsTotal == 0 ? 100 : 100 * done / job.promptsTotal;
            Double rate = job.busyMillis == 0 ? null : Math.round(job.tokens * 10_000.0 / job.busyMillis) / 10.0;
            Long eta = null;
            if (job.finishedAt == null && done > 0) {
                double seconds = Math.max(1, Duration.between(job.createdAt, now).toMillis()) / 1000.0;
                eta = Math.round((job.promptsTotal - done) * seconds / done);
            }
            return new JobView(job.id, job.candidateId, names.getOrDefault(job.candidateId, "?"), job.promptsTotal, job.generated,
                    job.failed, percent, rate, eta, job.lastError, job.finishedAt != null);
        }).toList();
    }

    private static String limit(String error) {
        return error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
    }
}
