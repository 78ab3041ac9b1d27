package dev.laurel.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may create a labeler account at /register ({@code laurel.registration.*}, see application.properties). */
@ConfigMapping(prefix = "laurel.registration")
public interface RegistrationConfig {
    enum Mode {
        /** Anyone. */
        OPEN,
        /** Whoever has an unused, unexpired invite code an admin created. */
        INVITE,
        /** Anyone may ask; the account exists (and can log in) once an admin approves it. */
        APPROVAL
    }

    @WithDefault("open")
    Mode mode();

    /** How long a new invite code stays usable when its admin names no lifetime. */
    @WithDefault("7")
    int inviteDays();
}
