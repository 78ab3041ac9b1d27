package dev.laurel.account;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.jpa.runtime.JpaIdentityProvider;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every password check goes through here: form login ({@code /j_security_check}) and anything else
 * that asks Quarkus to verify a username and password. It runs before security-jpa's provider (the one
 * generated from {@link User}'s {@code @UserDefinition}), refuses throttled attempts without checking
 * the password, and records the outcome of the others. A disabled user's right password fails like a wrong one:
 * the answer names no reason, so the form tells no one which accounts are disabled.
 *
 * <p>The client address is the connection's, or the proxy's {@code X-Forwarded-For} only when
 * {@code LAUREL_BEHIND_PROXY} makes Quarkus trust it (Quarkus then rewrites the remote address itself).
 */
@ApplicationScoped
public class ThrottledPasswordLogin implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private final LoginThrottle throttle;
    private final JpaIdentityProvider passwords;
    private final Accounts accounts;

    ThrottledPasswordLogin(LoginThrottle throttle, JpaIdentityProvider passwords, Accounts accounts) {
        this.throttle = throttle;
        this.passwords = passwords;
        this.accounts = accounts;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    /** Before security-jpa's provider (the default priority), which it calls itself. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 1000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String username = request.getUsername();
        String address = clientAddress(request);
        return context.runBlocking(() -> {
                    throttle.refusal(username, address).ifPresent(refusal -> {
                        throw refusal;
                    });
                    return null;
                })
                .chain(ignored -> passwords.authenticate(request, context))
                .call(identity -> context.runBlocking(() -> {
                    if (identity == null) { // no identity is a failure too: the manager ends with one
                        throttle.recordFailure(username, address);
                    } else if (accounts.isDisabled(username)) {
                        throw new AuthenticationFailedException("User " + username + " is disabled");
                    } else {
                        throttle.recordSuccess(username);
                    }
                    return null;
                }))
                .onFailure(ThrottledPasswordLogin::isWrongCredentials).call(failure -> context.runBlocking(() -> {
                    throttle.recordFailure(username, address);
                    return null;
                }));
    }

    /** A wrong password or unknown username; not a refusal, nor the database being down. */
    private static boolean isWrongCredentials(Throwable failure) {
        return failure instanceof AuthenticationFailedException;
    }

    private static String clientAddress(UsernamePasswordAuthenticationRequest request) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        SocketAddress remote = http == null ? null : http.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
