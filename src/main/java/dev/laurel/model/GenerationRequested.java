package dev.laurel.model;

import dev.laurel.platform.Outbox;
import java.util.List;

/** A batch of prompts a candidate should answer; workers consume it. */
public record GenerationRequested(String eventId, long jobId, long campaignId, long candidateId, List<Long> promptIds)
        implements Outbox.Event {
}
