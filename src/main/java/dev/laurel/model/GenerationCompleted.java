package dev.laurel.model;

import dev.laurel.platform.Outbox;
import java.util.List;

/** A candidate's replies to these prompts (or their failures) are stored; the task factory may pair them. */
public record GenerationCompleted(String eventId, long campaignId, long candidateId, List<Long> promptIds)
        implements Outbox.Event {
}
