package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A user's own settings: the time zone their days (streaks) are counted in. */
@Entity
public class UserSetting extends PanacheEntityBase {
    @Id
    public long userId;
    public String timeZone;
}
