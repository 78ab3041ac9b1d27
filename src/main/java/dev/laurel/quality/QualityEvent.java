package dev.laurel.quality;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.laurel.platform.Outbox;

/**
 * What quality tells game, in the order quality decided it, on one channel
 * ({@link dev.laurel.platform.Channels#ASSESSMENTS_OUT}): an answer is assessed before it can be
 * dropped, and game hears both in that order (its consumer keeps one labeler's events in order).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = AnswerAssessed.class, name = "AnswerAssessed"),
        @JsonSubTypes.Type(value = SubmissionDropped.class, name = "SubmissionDropped")})
public sealed interface QualityEvent extends Outbox.Event permits AnswerAssessed, SubmissionDropped {
    long submissionId();

    long labelerId();

    long campaignId();
}
