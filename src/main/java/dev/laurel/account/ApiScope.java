package dev.laurel.account;

import dev.laurel.platform.Problem;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API token may do, checked per request by {@link ApiTokenScopes}: {@code read} is GET and HEAD,
 * {@code label} the labeling hot path (endpoints marked {@link RequiresScope} LABEL: lease, answer, skip),
 * {@code write} every other change. The token's role still decides which endpoints it reaches at all; a
 * scope can only narrow it.
 */
public enum ApiScope {
    READ, WRITE, LABEL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The scopes a role can give its tokens, and the default of a token created without scopes: everything
     * the role can use (labeling is for labelers only), so a token keeps working like the role's login.
     */
    public static Set<ApiScope> allowedFor(String role) {
        return Role.LABELER.equals(role) ? EnumSet.allOf(ApiScope.class) : EnumSet.of(READ, WRITE);
    }

    /** The scopes a person asked for: null or empty means {@link #allowedFor} the role; an unknown or disallowed one is refused. */
    public static Set<ApiScope> requested(Collection<String> names, String role) {
        Set<ApiScope> allowed = allowedFor(role);
        if (names == null || names.stream().allMatch(n -> n == null || n.isBlank())) {
            return allowed;
        }
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String name : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            ApiScope scope = Arrays.stream(values()).filter(s -> s.id().equals(name.strip().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> Problem.badRequest("'" + name.strip() + "' is not a token scope: use read, write or label."));
            if (!allowed.contains(scope)) {
                throw Problem.badRequest("A " + role + "'s token can have the scopes " + String.join(", ", ids(allowed))
                        + ", not '" + scope.id() + "'.");
            }
            scopes.add(scope);
        }
        return scopes;
    }

    /** {@code "read,write"}: the stored form. */
    public static String format(Set<ApiScope> scopes) {
        return String.join(",", ids(scopes));
    }

    /** {@code [read, write]}: in a fixed order, for people and JSON. */
    public static java.util.List<String> ids(Set<ApiScope> scopes) {
        return scopes.stream().sorted().map(ApiScope::id).toList();
    }

    public static Set<ApiScope> parse(String stored) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String name : stored == null ? new String[0] : stored.split(",")) {
            Arrays.stream(values()).filter(s -> s.id().equals(name.strip())).findFirst().ifPresent(scopes::add);
        }
        return scopes;
    }
}
