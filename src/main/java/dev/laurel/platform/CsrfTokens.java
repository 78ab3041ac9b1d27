package dev.laurel.platform;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * The one place cross-site request forgery tokens are made and checked (OWASP's synchronizer token pattern). An
 * unsafe request (not GET/HEAD/OPTIONS) authenticated by the session cookie must carry its session's token, in the
 * {@value #HEADER} header (htmx and the pages' scripts: {@code frontend/src/csrf.js}) or in the {@value #FORM_FIELD}
 * form field (plain HTML forms: {@code templates/csrf.html}); else 403 with a sentence saying to reload the page.
 * Pages read the token as {@code {inject:csrf.token}} ({@code layout.html}'s {@code <meta name="csrf-token">}).
 * Requests with {@code Authorization: Bearer} (API tokens) and the login form (no session yet; its Origin is
 * checked by {@link CrossSiteRequests}, which also refuses other sites' cookie requests before this) pass.
 * <p>
 * The token is HMAC-SHA256 keyed with the cookie's secret (256 random bits of the server-side login session,
 * account/LoginSessions), rather than the quarkus-rest-csrf extension's double-submit cookie: it belongs to the
 * login (a new login, a new token; once logout ends the session, its token opens nothing), needs no column, no
 * lookup and no key shared by the pods, and gives the page's scripts (or a saved page) nothing of the HttpOnly
 * cookie. A second, random cookie would not be tied to the login, and a sibling subdomain could overwrite it.
 * <p>
 * A JAX-RS filter reading the form ({@link WithFormRead}, as the extension does), because the field is in the body:
 * Quarkus REST parses an url-encoded or multipart form once, before this filter, and the resource reads the same
 * parsed form. Every state change Laurel serves is a JAX-RS method, so this sees them all.
 */
@Named("csrf")
@Singleton
public class CsrfTokens {
    public static final String HEADER = "X-CSRF-Token";
    public static final String FORM_FIELD = "csrf-token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    /** What the HMAC signs: names the purpose, so that the same secret could key other values without collision. */
    private static final byte[] PURPOSE = "laurel csrf token v1".getBytes(StandardCharsets.UTF_8);
    private static final String RELOAD = "reload the page and try again.";

    private final String sessionCookie;
    private final String loginPath;
    private final CurrentVertxRequest current;

    CsrfTokens(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
               String sessionCookie,
               @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
               String loginPath,
               CurrentVertxRequest current) {
        this.sessionCookie = sessionCookie;
        this.loginPath = loginPath;
        this.current = current;
    }

    /** This request's session token, for the pages; empty without a session cookie (or outside a request). */
    public String token() {
        if (!Arc.container().requestContext().isActive()) {
            return ""; // a page rendered by a route handler (CrossSiteRequests' refusal) has no form to protect
        }
        RoutingContext rc = current.getCurrent();
        String secret = rc == null ? null : secretOf(rc.request());
        return secret == null ? "" : tokenOf(secret);
    }

    @ServerRequestFilter
    @WithFormRead
    public void check(ResteasyReactiveContainerRequestContext request, HttpServerRequest http) {
        if (SAFE.contains(request.getMethod()) || CrossSiteRequests.isBearer(http.getHeader(HttpHeaders.AUTHORIZATION))
                || loginPath.equals(http.path())) {
            return;
        }
        String secret = secretOf(http);
        if (secret == null) {
            return; // not authenticated by the cookie: the endpoint's own login check answers
        }
        String presented = http.getHeader(HEADER);
        if (presented == null
                && ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormParameter(FORM_FIELD, true, false)
                instanceof String field) {
            presented = field;
        }
        if (presented == null || presented.isEmpty()) {
            throw Problem.forbidden("This change came without your login's security token (header " + HEADER
                    + " or form field " + FORM_FIELD + "), so Laurel cannot tell it came from its own pages: " + RELOAD);
        }
        if (!MessageDigest.isEqual(tokenOf(secret).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII))) {
            throw Problem.forbidden("This change carried the security token of another login (a page from before you"
                    + " last logged in?): " + RELOAD);
        }
    }

    private String secretOf(HttpServerRequest http) {
        Cookie cookie = http.getCookie(sessionCookie);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    /** The token of the session whose cookie holds {@code secret}. */
    static String tokenOf(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
