package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** Who changed the reward rules, when, from what to what. */
@Entity
public class RuleAudit extends PanacheEntity {
    public String actor;
    public Instant at;
    public String beforeRule;
    public String afterRule;
}
