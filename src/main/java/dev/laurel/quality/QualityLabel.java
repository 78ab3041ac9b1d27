package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import dev.laurel.campaign.TaskKind;
import jakarta.persistence.Entity;
import java.time.Instant;

/** An accepted answer as quality received it; {@code dropped} once its labeler's answers leave consensus. */
@Entity
public class QualityLabel extends PanacheEntity {
    public long submissionId;
    public long taskId;
    public long campaignId;
    public long labelerId;
    public String kind;
    public String answer;
    public Boolean goldCorrect;
    public long durationMs;
    public Instant acceptedAt;
    public boolean dropped;

    /** A new, unsaved label of an answer: what every label has, from an accepted or an imported answer alike. */
    static QualityLabel of(long submissionId, long taskId, long campaignId, long labelerId, TaskKind kind, String answer,
                           Instant acceptedAt) {
        QualityLabel label = new QualityLabel();
        label.submissionId = submissionId;
        label.taskId = taskId;
        label.campaignId = campaignId;
        label.labelerId = labelerId;
        label.kind = kind.name();
        label.answer = answer;
        label.acceptedAt = acceptedAt;
        return label;
    }
}
