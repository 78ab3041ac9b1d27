package dev.laurel.campaign.kind.pairwise;

import dev.laurel.campaign.kind.Choice;
import dev.laurel.campaign.kind.KindAnswer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pairwise answer.
 *
 * @param choice                the choice as the labeler saw it
 * @param preferredGenerationId the reply chosen; null for TIE and BOTH_BAD, and on tasks that show no generations
 * @param flags                 "A" / "B" → the flags raised on that reply; empty when none
 * @param flagsByGenerationId   the same flags by reply; null when none or the task shows no generations
 */
public record PairwiseAnswer(Choice choice, Long preferredGenerationId, Map<String, List<String>> flags,
                             Map<Long, List<String>> flagsByGenerationId) implements KindAnswer {
    public PairwiseAnswer {
        flags = flags == null ? Map.of() : flags; // stored without 'flags' when none were raised
    }

    @Override
    public String summary() {
        return choice.name();
    }

    @Override
    public Map<String, Object> stored() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("choice", choice.name());
        if (preferredGenerationId != null) {
            stored.put("preferredGenerationId", preferredGenerationId);
        }
        if (!flags.isEmpty()) {
            stored.put("flags", flags);
            if (flagsByGenerationId != null) {
                stored.put("flagsByGenerationId", flagsByGenerationId);
            }
        }
        return stored;
    }
}
