package dev.laurel.campaign.kind.correction;

import dev.laurel.campaign.kind.KindAnswer;
import dev.laurel.campaign.kind.TextDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A correction: the reply as the labeler says it should read, with what changed.
 *
 * @param generationId the reply corrected
 * @param diff         the word diff from the reply to {@code text}
 */
public record CorrectionAnswer(String text, long generationId, int wordsAdded, int wordsRemoved,
                               List<TextDiff.Part> diff) implements KindAnswer {
    /** "unchanged", or "edited +3 -1 words". */
    @Override
    public String summary() {
        return diff.stream().allMatch(TextDiff.Part::isKept) ? "unchanged"
                : "edited +" + wordsAdded + " -" + wordsRemoved + " words";
    }

    @Override
    public Map<String, Object> stored() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("text", text);
        stored.put("generationId", generationId);
        stored.put("wordsAdded", wordsAdded);
        stored.put("wordsRemoved", wordsRemoved);
        stored.put("diff", diff);
        return stored;
    }
}
