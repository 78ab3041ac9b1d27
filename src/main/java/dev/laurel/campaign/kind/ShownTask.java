package dev.laurel.campaign.kind;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a task showed, as its kind needs it to check an answer.
 *
 * @param replies   the generation ids in display order (pairwise: left then right); empty when the task
 *                  shows texts that are not generations (gold tasks, honeypots)
 * @param replyText the first reply's text, read only by kinds that need it (correction)
 */
public record ShownTask(TaskKind kind, KindSettings settings, List<Long> replies, Supplier<String> replyText) {
    /** The generation shown at this position (0-based), or null when the task shows no generations. */
    public Long reply(int position) {
        return position < replies.size() ? replies.get(position) : null;
    }
}
