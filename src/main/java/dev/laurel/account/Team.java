package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A model team: its modelers share campaigns and candidates. */
@Entity
public class Team extends PanacheEntity {
    public String name;
    public Instant createdAt;
}
