package dev.laurel.platform;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * HSTS on every response to an https request. A static {@code quarkus.http.header} cannot tell the scheme, and
 * behind the TLS-terminating ingress the scheme is known only from X-Forwarded-Proto (trusted when
 * LAUREL_BEHIND_PROXY is set), so the header is added per request. Plain-http responses never carry it: a
 * browser ignores HSTS over http, and local development must stay reachable without TLS.
 */
@ApplicationScoped
class StrictTransport {
    static final String HEADER = "Strict-Transport-Security";
    static final String ONE_YEAR = "max-age=31536000; includeSubDomains";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            if ("https".equalsIgnoreCase(rc.request().scheme())) {
                rc.response().putHeader(HEADER, ONE_YEAR);
            }
            rc.next();
        });
    }
}
