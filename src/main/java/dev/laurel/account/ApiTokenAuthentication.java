package dev.laurel.account;

import dev.laurel.platform.CredentialRefused;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * API tokens: {@code Authorization: Bearer lrl_...}. Sits beside form login; a request with neither
 * is anonymous and the endpoint's role check decides.
 */
@ApplicationScoped
public class ApiTokenAuthentication implements HttpAuthenticationMechanism {
    private static final String SCHEME = "Bearer";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        String token = header.substring(SCHEME.length() + 1).strip();
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "laurel-api-token")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME + " realm=\"laurel\""));
    }

    /** After form login, so that the browser's login flow (and its error page) keeps the form mechanism's challenge. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY - 100;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }

    /** Resolves a token to its user's identity; the lookup is blocking JDBC, so it runs off the event loop. */
    @ApplicationScoped
    public static class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
        private final Accounts accounts;

        TokenIdentityProvider(Accounts accounts) {
            this.accounts = accounts;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> {
                try {
                    return accounts.authenticateToken(request.getToken().getToken())
                            .map(user -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                                    .setPrincipal(new QuarkusPrincipal(user.username()))
                                    .addRole(user.role())
                                    .addCredential(request.getToken())
                                    // read by ApiTokenScopes on every request this identity makes
                                    .addAttribute(ApiTokenScopes.SCOPES, user.scopes())
                                    .addAttribute(ApiTokenScopes.EXPIRES_AT, user.expiresAt())
                                    .addAttribute(ApiTokenScopes.TOKEN_ID, user.tokenId())
                                    .build())
                            .orElseThrow(() -> new AuthenticationFailedException("Unknown or revoked API token"));
                } catch (Accounts.ExpiredToken e) {
                    throw CredentialRefused.because("This API token expired at " + e.expiredAt()
                            + "; create a new one at /account/tokens.");
                }
            });
        }
    }
}
