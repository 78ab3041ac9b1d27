package dev.laurel.account;

import dev.laurel.platform.Problem;
import dev.laurel.platform.RateLimits;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one place API-token scopes are enforced. A request authenticated by a token needs the scope its
 * endpoint names with {@link RequiresScope}, else {@code read} for GET/HEAD/OPTIONS and {@code write} for any
 * other method; without it the answer is 403 naming the scope. Form-login sessions carry no scopes and are
 * not checked: their role alone decides. A token's requests also count against its budget per minute
 * ({@code laurel.rate-limits.api-requests-per-minute}, shared by every process): beyond it, 429 with
 * {@code Retry-After}.
 */
public class ApiTokenScopes {
    /** The identity attribute {@link ApiTokenAuthentication} sets: the token's {@code Set<ApiScope>}. */
    public static final String SCOPES = "laurel.api-token.scopes";
    /** Its {@code Instant} of expiry. */
    public static final String EXPIRES_AT = "laurel.api-token.expires-at";
    /** Its id: what its request budget is counted by. */
    public static final String TOKEN_ID = "laurel.api-token.id";

    /** What the token behind a request may do and until when; empty for a login session (its role decides). */
    public record Grant(Set<ApiScope> scopes, java.time.Instant expiresAt) {
        public static java.util.Optional<Grant> of(SecurityIdentity identity) {
            Set<ApiScope> scopes = scopesOf(identity);
            return scopes == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new Grant(scopes, identity.getAttribute(EXPIRES_AT)));
        }
    }

    private final CurrentIdentityAssociation identities;
    private final RateLimits limits;
    private final RateLimits.Limit perToken;

    ApiTokenScopes(CurrentIdentityAssociation identities, RateLimits limits,
                   @ConfigProperty(name = "laurel.rate-limits.api-requests-per-minute") long perMinute) {
        this.identities = identities;
        this.limits = limits;
        this.perToken = new RateLimits.Limit("api-token", perMinute, Duration.ofMinutes(1), "requests with this API token");
    }

    @ServerRequestFilter
    public Uni<Void> check(ContainerRequestContext request, ResourceInfo resource) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().voidItem(); // no token: nothing to resolve here, the session's role decides
        }
        ApiScope needed = needed(request.getMethod(), resource);
        return identities.getDeferredIdentity().invoke(identity -> {
            Set<ApiScope> scopes = scopesOf(identity);
            if (scopes != null && !scopes.contains(needed)) {
                throw Problem.forbidden("This API token lacks the '" + needed.id() + "' scope that this request needs;"
                        + " create a token with it at /account/tokens.");
            }
            Long token = identity == null ? null : identity.getAttribute(TOKEN_ID);
            if (token != null) {
                limits.shared(perToken, token.toString()); // in memory: no statement per request
            }
        }).replaceWithVoid();
    }

    static ApiScope needed(String method, ResourceInfo resource) {
        RequiresScope declared = resource == null || resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(RequiresScope.class);
        if (declared == null && resource != null && resource.getResourceClass() != null) {
            declared = resource.getResourceClass().getAnnotation(RequiresScope.class);
        }
        if (declared != null) {
            return declared.value();
        }
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> ApiScope.READ;
            default -> ApiScope.WRITE;
        };
    }

    @SuppressWarnings("unchecked")
    private static Set<ApiScope> scopesOf(SecurityIdentity identity) {
        return identity == null ? null : (Set<ApiScope>) identity.getAttributes().get(SCOPES);
    }
}
