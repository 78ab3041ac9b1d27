package dev.laurel.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this process does, decided by {@code laurel.roles} ({@code LAUREL_ROLES}) alone: {@code web} (pages, API,
 * the answer path and its cluster jobs: quality recompute, lease reaping, leaderboard caches), {@code worker}
 * (generation, reward-model training), {@code chain} (epoch cadence, publishing, claim watching). Every role-bound
 * part of the application asks here instead of keeping a switch of its own.
 */
@ApplicationScoped
public class Roles {
    public enum Role { WEB, WORKER, CHAIN }

    private final Set<Role> roles;

    public Roles(@ConfigProperty(name = "laurel.roles", defaultValue = "web,worker,chain") String roles) {
        this.roles = parse(roles);
    }

    static Set<Role> parse(String text) {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String name : text.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                parsed.add(Role.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                // a typo would silently leave a job unrun on every pod: refuse to start instead
                throw new IllegalArgumentException("laurel.roles: unknown role '" + name.strip() + "'; use "
                        + Arrays.toString(Role.values()).toLowerCase(Locale.ROOT) + ".");
            }
        }
        return parsed;
    }

    public boolean isWeb() {
        return roles.contains(Role.WEB);
    }

    public boolean isWorker() {
        return roles.contains(Role.WORKER);
    }

    public boolean isChain() {
        return roles.contains(Role.CHAIN);
    }
}
