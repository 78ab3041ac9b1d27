package dev.laurel.campaign.kind;

import dev.laurel.campaign.ChatMessage;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * An accepted answer as a dataset shows it, the same for every kind: the prompt, the replies the task showed, the
 * typed answer and who gave it (a pseudonym, never an account). Its kind's {@link DatasetRows} make rows of it.
 *
 * @param promptKey the prompt's stored id (rows are ordered and grouped by it)
 * @param promptId  the prompt's id as the prompt set named it
 * @param shown     the replies the task showed, in display order (pairwise: left, then right)
 */
public record Answered(long promptKey, String promptId, String prompt, List<ChatMessage> promptMessages,
                       List<Reply> shown, KindAnswer answer, String labeler, double reliability, Instant createdAt) {
    /** A shown reply: its generation, the candidate (model) that wrote it, and its text. */
    public record Reply(long generationId, long candidateId, String model, String text) {
    }

    /** The shown reply of this generation. */
    public Reply reply(long generationId) {
        return shown.stream().filter(r -> r.generationId() == generationId).findFirst()
                .orElseThrow(() -> new IllegalStateException("generation " + generationId + " was not shown"));
    }

    /** The shown replies in candidate order, the order the files list them in. */
    public List<Reply> byCandidate() {
        return shown.stream().sorted(Comparator.comparingLong(Reply::candidateId)).toList();
    }
}
