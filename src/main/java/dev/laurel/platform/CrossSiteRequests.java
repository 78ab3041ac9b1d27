package dev.laurel.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses changes a browser was made to send from another site (cross-site request forgery), OWASP's
 * "verify origin with standard headers": an unsafe request (not GET/HEAD/OPTIONS) authenticated by the
 * session cookie must name, in {@code Origin} or else {@code Referer}, the request's own origin (scheme, host
 * and port as the client sees them: behind the proxy, from X-Forwarded-* when LAUREL_BEHIND_PROXY is set) or
 * one of {@code laurel.http.allowed-origins}. Naming neither is refused too: every browser sends one of them
 * from Laurel's own pages ({@code Referrer-Policy: same-origin} keeps Referer for them).
 * <p>
 * The cookie's {@code SameSite=Strict} already stops most of this; this check also covers same-site
 * subdomains and browsers that ignore SameSite. The login form ({@code /j_security_check}) is checked with or
 * without a cookie, so another site cannot sign a browser into an account of its choosing (login CSRF).
 * Requests with an {@code Authorization: Bearer} header (API tokens) pass: another site's page cannot add that
 * header without a CORS preflight, which Laurel does not grant. A route handler rather than a JAX-RS filter, because
 * it must refuse before authentication reads the cookie.
 */
@ApplicationScoped
class CrossSiteRequests {
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** Long enough for any real origin, short enough that a header cannot fill the page. */
    private static final int MAX_SHOWN = 100;

    private final String sessionCookie;
    private final String loginPath;
    private final List<SiteOrigin> allowed;
    private final Template errorPage;
    private final PageViewers viewers;
    private final ObjectMapper json;

    CrossSiteRequests(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                      String sessionCookie,
                      @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
                      String loginPath,
                      AllowedOriginsConfig config, @Location("error.html") Template errorPage, PageViewers viewers,
                      ObjectMapper json) {
        this.sessionCookie = sessionCookie;
        this.loginPath = loginPath;
        this.allowed = config.allowedOrigins().orElse(List.of()).stream()
                .filter(entry -> !entry.isBlank())
                .map(entry -> SiteOrigin.parse(entry).orElseThrow(() -> new IllegalArgumentException(
                        "laurel.http.allowed-origins: '" + entry + "' is not an origin such as https://laurel.example.com")))
                .toList();
        this.errorPage = errorPage;
        this.viewers = viewers;
        this.json = json;
    }

    void install(@Observes Router router) {
        // right after Quarkus' first handlers (response headers such as the CSP, the body reader), before
        // authentication and form login
        router.route().order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (SAFE.contains(request.method()) || isBearer(request.getHeader(HttpHeaders.AUTHORIZATION))
                || (request.getCookie(sessionCookie) == null && !loginPath.equals(request.path()))) {
            rc.next();
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String claimed = origin != null ? origin : request.getHeader(HttpHeaders.REFERER);
        Optional<SiteOrigin> from = SiteOrigin.parse(claimed);
        if (from.isPresent() && (from.equals(own(request)) || allowed.contains(from.get()))) {
            rc.next();
            return;
        }
        refuse(rc, origin != null ? "Origin " + shown(origin)
                : claimed != null ? "Referer " + from.map(SiteOrigin::toString).orElse(shown(claimed))
                : "it named none");
    }

    /**
     * An API client's token. Only Bearer: a browser attaches Basic credentials (say, a staging proxy's password)
     * to cross-site requests by itself, but never a Bearer token.
     */
    static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length());
    }

    /** Scheme and authority as the client addressed us; Quarkus' forwarded-header parser has already applied X-Forwarded-*. */
    private static Optional<SiteOrigin> own(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null || request.scheme() == null) {
            return Optional.empty();
        }
        return Optional.of(new SiteOrigin(request.scheme(), authority.host(), authority.port()));
    }

    private static String shown(String header) {
        return header.length() <= MAX_SHOWN ? header : header.substring(0, MAX_SHOWN) + "…";
    }

    private void refuse(RoutingContext rc, String which) {
        String path = rc.request().path();
        String detail = "This request came from another site (" + which + "); Laurel accepts changes only from its own pages.";
        Log.debugf("Refused a cross-site %s %s (%s)", rc.request().method(), path, which);
        String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
        // the same choice as ProblemMapper: a page for a person's browser, problem+json for everything else
        boolean page = !path.startsWith("/api/") && !path.startsWith("/q/") && accept != null && accept.contains("text/html");
        String body;
        if (page) {
            body = errorPage.data("me", viewers.of(QuarkusSecurityIdentity.builder().setAnonymous(true).build()))
                    .data("status", 403).data("title", "Forbidden").data("detail", detail).data("errors", List.of())
                    .render();
        } else {
            try {
                body = json.writeValueAsString(new ProblemMapper.Body("about:blank", "Forbidden", 403, detail, path, List.of()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        rc.response().setStatusCode(403)
                .putHeader(HttpHeaders.CONTENT_TYPE, page ? "text/html;charset=UTF-8" : ProblemMapper.PROBLEM_JSON)
                .end(body);
    }
}
