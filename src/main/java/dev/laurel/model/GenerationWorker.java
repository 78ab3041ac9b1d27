package dev.laurel.model;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.platform.Channels;
import dev.laurel.platform.EventConsumers;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The worker side of generation: answers one requested batch at a time. Prompts already answered are
 * skipped, so a batch redelivered after a crash only generates what is missing; the message is
 * acknowledged after the replies are committed.
 */
@ApplicationScoped
public class GenerationWorker {
    private final GenerationJobs jobs;
    private final Generators generators;
    private final EventConsumers consumers;
    private final EventConsumers.Subscription<GenerationRequested> requested;

    GenerationWorker(GenerationJobs jobs, Generators generators, EventConsumers consumers) {
        this.jobs = jobs;
        this.generators = generators;
        this.consumers = consumers;
        this.requested = new EventConsumers.Subscription<>("generation-worker", Channels.GENERATION_REQUESTED_OUT,
                GenerationRequested.class, GenerationRequested::candidateId, this::handle);
    }

    @Incoming(Channels.GENERATION_WORK)
    public CompletionStage<Void> onRequested(Message<?> message) {
        return consumers.deliver(requested, message);
    }

    /** Generates and stores what the batch still lacks; returns how many prompts it stored. */
    public int handle(GenerationRequested request) {
        List<Long> pending = jobs.pending(request.candidateId(), request.promptIds());
        if (pending.isEmpty()) {
            return jobs.record(request, List.of(), List.of(), 0); // still announce: the first announcement may be lost
        }
        Candidate candidate = jobs.candidate(request.candidateId());
        Map<Long, List<ChatMessage>> conversations = jobs.conversations(request.campaignId(), pending);
        if (candidate == null || conversations.size() != pending.size()) {
            // the campaign or candidate is gone (a database reset): retrying would never succeed
            Log.warnf("Dropping generation batch %s: its candidate or prompts no longer exist", request.eventId());
            return 0;
        }
        List<List<ChatMessage>> inputs = pending.stream().map(conversations::get).toList();
        long start = System.nanoTime();
        List<TextGenerator.Reply> replies;
        try {
            replies = generators.of(candidate).respond(inputs, generators.sampling(candidate));
        } catch (RuntimeException e) {
            // e.g. the model cannot load on this worker: retrying the batch forever would hide it; the
            // failures show on the progress bar and the prompts go on with the other candidates' replies
            Log.warnf(e, "Candidate %d cannot generate", request.candidateId());
            replies = Collections.nCopies(pending.size(), TextGenerator.Reply.failed("The model could not run: " + DjlModel.reason(e)));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return jobs.record(request, pending, replies, millis);
    }
}
