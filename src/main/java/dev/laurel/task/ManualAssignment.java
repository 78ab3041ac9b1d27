package dev.laurel.task;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** One labeler assigned to one item (prompt) of a campaign by its model team; see {@link ManualAssignments}. */
@Entity
public class ManualAssignment extends PanacheEntity {
    public long campaignId;
    public long promptId;
    public long labelerId;
    public Instant createdAt;
}
