package dev.laurel.account;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * The login cookie: its secret names a server-side session ({@link LoginSessions}). A cookie whose session has
 * ended makes the request anonymous (and is deleted in the browser), so pages send the person to the login page
 * and the API answers 401, as for a request without a cookie.
 */
@ApplicationScoped
public class SessionAuthentication implements HttpAuthenticationMechanism {
    /** The identity's attribute holding the session's id. */
    public static final String SESSION_ID = "laurel.session-id";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(LoginSessions.COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new SessionRequest(cookie.getValue()), context))
                .onFailure(AuthenticationFailedException.class).recoverWithItem(() -> {
                    if (!context.response().headWritten()) {
                        context.response().addCookie(Cookie.cookie(LoginSessions.COOKIE, "").setPath("/").setMaxAge(0));
                    }
                    return null;
                });
    }

    /** None of its own: a page without a session redirects to the login page, the API answers 401 (ProblemMapper). */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, LoginSessions.COOKIE));
    }

    /** A cookie's secret, to be resolved to its session. */
    public static final class SessionRequest extends BaseAuthenticationRequest {
        private final String token;

        SessionRequest(String token) {
            this.token = token;
        }

        String token() {
            return token;
        }
    }

    /** Resolves a cookie to its user's identity; the lookup may read the database, so it runs off the event loop. */
    @ApplicationScoped
    public static class SessionIdentityProvider implements IdentityProvider<SessionRequest> {
        private final LoginSessions sessions;

        SessionIdentityProvider(LoginSessions sessions) {
            this.sessions = sessions;
        }

        @Override
        public Class<SessionRequest> getRequestType() {
            return SessionRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> sessions.identify(request.token())
                    .map(owner -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(owner.username()))
                            .addRole(owner.role())
                            .addAttribute(SESSION_ID, owner.sessionId())
                            .build())
                    .orElseThrow(() -> new AuthenticationFailedException("Unknown or ended login session")));
        }
    }
}
