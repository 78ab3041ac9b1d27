package dev.laurel.campaign.kind;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.campaign.TaskKind;
import java.util.Map;

/**
 * An answer that passed its kind's checks, typed per kind (one record in each kind's folder). It is written
 * in two forms that other processes and stored rows read, and whose spelling therefore must not change:
 * the stored JSON ({@code submission.answer}) and the summary (the accepted-answer event, quality's labels,
 * dynamic overlap, gold checks).
 */
public interface KindAnswer {
    /** Written without nulls; read tolerating fields this version does not know (stored rows outlive versions). */
    ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * A stored answer ({@link #json}) read back as its kind's typed answer: each record's components are the
     * stored fields, so the one record both writes and reads the stored form.
     */
    static KindAnswer read(TaskKind kind, String json) {
        try {
            return JSON.readValue(json, kind.spec().answerType());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + kind + " answer is not readable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The answer in one short line, the form quality compares and encodes ({@link AnswerSpace#encode}):
     * "A", "r3>r1>r2", "helpfulness=4,honesty=5", "polite,concise", "edited +3 -1 words".
     */
    String summary();

    /** The fields of the stored JSON, in their stored order. */
    Map<String, Object> stored();

    /** Pairwise only: the choice as the labeler saw it (the submission's own column); null for other kinds. */
    default Choice choice() {
        return null;
    }

    /** Pairwise only: the reply chosen (the submission's own column); null otherwise and for TIE and BOTH_BAD. */
    default Long preferredGenerationId() {
        return null;
    }

    /** The stored form, {@code submission.answer}. */
    default String json() {
        try {
            return JSON.writeValueAsString(stored());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer cannot be written as JSON", e);
        }
    }
}
