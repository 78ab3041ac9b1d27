package dev.laurel.campaign.kind.ranking;

import dev.laurel.campaign.kind.KindAnswer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A ranking answer.
 *
 * @param ranking       the reply numbers (1-based, as shown) from best to worst
 * @param generationIds the same replies as generation ids
 * @param of            for a top-k answer, how many replies the task showed; null when every reply is ranked
 */
public record RankingAnswer(List<Integer> ranking, List<Long> generationIds, Integer of) implements KindAnswer {
    /** "r3>r1>r2". */
    @Override
    public String summary() {
        return ranking.stream().map(n -> "r" + n).collect(Collectors.joining(">"));
    }

    @Override
    public Map<String, Object> stored() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("ranking", ranking);
        stored.put("generationIds", generationIds);
        if (of != null) {
            stored.put("of", of);
        }
        return stored;
    }
}
