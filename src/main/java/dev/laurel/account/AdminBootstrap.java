package dev.laurel.account;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A fresh deployment has no one who could create the first admin: take one from configuration
 * (LAUREL_ADMIN_USERNAME / LAUREL_ADMIN_PASSWORD) when no admin exists yet.
 */
@ApplicationScoped
public class AdminBootstrap {
    private final Accounts accounts;
    private final Optional<String> username;
    private final Optional<String> password;

    AdminBootstrap(Accounts accounts,
                   @ConfigProperty(name = "laurel.bootstrap.admin-username") Optional<String> username,
                   @ConfigProperty(name = "laurel.bootstrap.admin-password") Optional<String> password) {
        this.accounts = accounts;
        this.username = username.filter(s -> !s.isBlank());
        this.password = password.filter(s -> !s.isBlank());
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (username.isEmpty() || password.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (User.count("role", Role.ADMIN) == 0) {
                accounts.register(username.get(), password.get(), Role.ADMIN, null);
                Log.infof("Created the first admin '%s' from configuration", username.get());
            }
        });
    }
}
