package dev.laurel.account;

import dev.laurel.platform.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Password changes. The current password is checked the way login checks it ({@link ThrottledPasswordLogin}), so
 * a stolen session cannot guess it faster than the login form could.
 */
@ApplicationScoped
public class Passwords {
    private final IdentityProviderManager identities;
    private final Accounts accounts;

    Passwords(IdentityProviderManager identities, Accounts accounts) {
        this.identities = identities;
        this.accounts = accounts;
    }

    /**
     * Replaces the user's password after checking the current one, and ends their other login sessions (all of
     * them when {@code keepSessionToken} is null). Blocking: call it from a worker thread.
     */
    public void change(User user, String currentPassword, String newPassword, String keepSessionToken, RoutingContext http) {
        if (currentPassword == null || currentPassword.isEmpty()) {
            throw Problem.badRequest("Give your current password, then the new one.");
        }
        if (currentPassword.equals(newPassword)) {
            throw Problem.badRequest("The new password is the same as the current one: choose another.");
        }
        try {
            identities.authenticateBlocking(HttpSecurityUtils.setRoutingContextAttribute(new UsernamePasswordAuthenticationRequest(
                    user.username, new PasswordCredential(currentPassword.toCharArray())), http));
        } catch (AuthenticationFailedException e) {
            throw Problem.badRequest("Your current password is not right: type it again.");
        } catch (LoginThrottled e) {
            throw new Problem(LoginThrottledMapper.TOO_MANY_REQUESTS, "Too many sign-in attempts", e.sentence(), List.of());
        }
        accounts.changePassword(user, newPassword, keepSessionToken);
    }
}
