package dev.laurel.campaign.kind.rubric;

import dev.laurel.campaign.kind.KindAnswer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A rubric answer.
 *
 * @param ratings      dimension → rating, in the campaign's dimension order
 * @param scale        the points of the scale the ratings are on (5 or 7)
 * @param generationId the reply rated
 */
public record RubricAnswer(Map<String, Integer> ratings, int scale, long generationId) implements KindAnswer {
    /** "helpfulness=4,honesty=5". */
    @Override
    public String summary() {
        return ratings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    @Override
    public Map<String, Object> stored() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("ratings", ratings);
        stored.put("scale", scale);
        stored.put("generationId", generationId);
        return stored;
    }
}
