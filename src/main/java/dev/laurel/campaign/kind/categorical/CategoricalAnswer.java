package dev.laurel.campaign.kind.categorical;

import dev.laurel.campaign.kind.KindAnswer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A categorical answer.
 *
 * @param labels       the labels picked, in the campaign's order
 * @param generationId the reply labelled; null when the task labels the prompt item alone
 */
public record CategoricalAnswer(List<String> labels, Long generationId) implements KindAnswer {
    /** The labels joined by commas (labels cannot contain commas). */
    @Override
    public String summary() {
        return String.join(",", labels);
    }

    @Override
    public Map<String, Object> stored() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("labels", labels);
        if (generationId != null) {
            stored.put("generationId", generationId);
        }
        return stored;
    }
}
