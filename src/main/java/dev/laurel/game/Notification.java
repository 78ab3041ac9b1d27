package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** Something the labeler's browser shows once as a toast: points, a level, a badge, a quest. */
@Entity
public class Notification extends PanacheEntity {
    public long labelerId;
    public String kind;
    public String text;
    public Instant createdAt;
    public boolean shown;
}
