package dev.laurel.account;

import dev.laurel.platform.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one place API-token scopes are enforced. A request authenticated by a token needs the scope its
 * endpoint names with {@link RequiresScope}, else {@code read} for GET/HEAD/OPTIONS and {@code write} for any
 * other method; without it the answer is 403 naming the scope. Form-login sessions carry no scopes and are
 * not checked: their role alone decides.
 */
public class ApiTokenScopes {
    /** The identity attribute {@link ApiTokenAuthentication} sets: the token's {@code Set<ApiScope>}. */
    public static final String SCOPES = "laurel.api-token.scopes";
    /** Its {@code Instant} of expiry. */
    public static final String EXPIRES_AT = "laurel.api-token.expires-at";

    /** What the token behind a request may do and until when; empty for a login session (its role decides). */
    public record Grant(Set<ApiScope> scopes, java.time.Instant expiresAt) {
        public static java.util.Optional<Grant> of(SecurityIdentity identity) {
            Set<ApiScope> scopes = scopesOf(identity);
            return scopes == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new Grant(scopes, identity.getAttribute(EXPIRES_AT)));
        }
    }

    private final CurrentIdentityAssociation identities;

    ApiTokenScopes(CurrentIdentityAssociation identities) {
        this.identities = identities;
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
