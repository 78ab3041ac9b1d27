package dev.laurel.platform;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this process does, from {@code laurel.roles} ({@code LAUREL_ROLES}) alone: {@code web} (pages, REST),
 * {@code worker} (generation, reward-model training — the only role that loads model code), {@code chain}
 * (epoch publishing, claim watching); any combination, all three by default (the embedded default), or
 * {@code migrate} alone (migrate the schema and exit: a rollout's Job). A name
 * that is not a role stops the process at startup rather than leaving it silently doing nothing.
 */
@ApplicationScoped
public class Roles {
    public enum Role { WEB, WORKER, CHAIN, MIGRATE }

    private final Set<Role> roles;

    public Roles(@ConfigProperty(name = "laurel.roles", defaultValue = "web,worker,chain") String roles) {
        this.roles = parse(roles);
    }

    /** {@code "web,worker"} → {WEB, WORKER}; throws with a readable sentence on an unknown or empty list. */
    public static Set<Role> parse(String text) {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String name : text == null ? new String[0] : text.split(",")) {
            String role = name.strip().toLowerCase(Locale.ROOT);
            if (role.isEmpty()) {
                continue;
            }
            parsed.add(Arrays.stream(Role.values()).filter(r -> r.name().equalsIgnoreCase(role)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("laurel.roles (LAUREL_ROLES): '" + role
                            + "' is not a role; the roles are web, worker and chain, or migrate alone.")));
        }
        if (parsed.contains(Role.MIGRATE) && parsed.size() > 1) {
            throw new IllegalArgumentException("laurel.roles (LAUREL_ROLES): 'migrate' runs alone (it migrates the schema, then exits).");
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("laurel.roles (LAUREL_ROLES) is empty; give one or more of web, worker, chain.");
        }
        return parsed;
    }

    /**
     * {@code migrate}: the schema migration Job of a rollout (k8s/base/migrate-job.yaml). Flyway has
     * migrated before startup completes; the process then exits 0 instead of serving.
     */
    void exitAfterMigrating(@Observes StartupEvent event) {
        if (roles.contains(Role.MIGRATE)) {
            Log.info("Role migrate: the schema is migrated; exiting");
            Quarkus.asyncExit(0);
        }
    }

    /**
     * {@code prod}: a web process needs the secret only web pods are given (the pseudonym key of
     * exports); other roles start without it, so that a worker pod, which runs uploaded model code,
     * is never handed it (k8s/base/worker-deployment.yaml reads Secret laurel-worker-secrets).
     */
    void requireWebSecrets(@Observes StartupEvent event) {
        if (!roles.contains(Role.WEB) || !ConfigUtils.isProfileActive("prod")) {
            return;
        }
        var config = ConfigProvider.getConfig();
        // the embedded default is public: never the key of a production web process
        if (config.getOptionalValue("laurel.datasets.pseudonym-secret", String.class)
                .filter(secret -> !secret.equals("embedded-default-pseudonym-secret")).isEmpty()) {
            throw new IllegalStateException("The web role needs LAUREL_PSEUDONYM_SECRET: it keys the labeler pseudonyms of "
                    + "dataset exports; keep it stable (openssl rand -base64 32).");
        }
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

    @Override
    public String toString() {
        return roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }
}
