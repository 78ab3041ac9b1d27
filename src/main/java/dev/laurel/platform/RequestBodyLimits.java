package dev.laurel.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/**
 * How large a request body may be, per route. Uploads a feature streams to disk ({@link StreamedUploadRoute}: model
 * zips, scorer parameters) may be as large as that feature's limit (hundreds of MB); every other request at most
 * {@code laurel.upload.max-bytes} + 1 MiB (prompt sets and output files are read in memory; forms and JSON are
 * small). A declared {@code Content-Length} over the limit is answered 413 problem+json before any of the body is
 * read; a chunked body is cut off once it passes the limit. Quarkus' own {@code quarkus.http.limits.max-body-size}
 * is set above every route's limit, so it never decides first (application.properties).
 */
@ApplicationScoped
public class RequestBodyLimits {
    /** What a streamed body may overrun its feature's limit by before the server cuts it (the feature refuses at its limit, with its own sentence). */
    static final long STREAMING_SLACK = 1024 * 1024;
    /** Up to this much, a refused body is read and dropped (as servlet containers swallow a refused upload), not cut off. */
    static final long SWALLOW_BYTES = 4L * 1024 * 1024;

    private final long defaultLimit;
    private final List<StreamedUploadRoute> streamed;
    private final ObjectMapper json;

    RequestBodyLimits(UploadConfig uploads, Instance<StreamedUploadRoute> streamed, ObjectMapper json) {
        this.defaultLimit = uploads.maxBytes() + STREAMING_SLACK;
        this.streamed = streamed.stream().toList();
        this.json = json;
    }

    void install(@Observes Router router) {
        // after Quarkus' own limit (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2), so that the limit a chunked body is
        // read with is this route's; before compression and every resource
        router.route().order(-1).handler(this::check);
    }

    /** The largest body a request to this route may send. */
    public long limit(String method, String path) {
        return route(method, path).map(StreamedUploadRoute::maxBytes).orElse(defaultLimit);
    }

    private java.util.Optional<StreamedUploadRoute> route(String method, String path) {
        return streamed.stream().filter(r -> r.matches(method, path)).findFirst();
    }

    private void check(RoutingContext rc) {
        String method = rc.request().method().name();
        String path = rc.request().path();
        java.util.Optional<StreamedUploadRoute> route = route(method, path);
        long limit = route.map(StreamedUploadRoute::maxBytes).orElse(defaultLimit);
        boolean isStreamed = route.isPresent();
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > limit) {
                refuse(rc, limit, path, isStreamed, declared);
                return;
            }
        } else {
            // read as it arrives: Quarkus cuts it off past this many bytes (a streamed upload's feature refuses it
            // first, at its own limit, with its own sentence)
            rc.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, isStreamed ? limit + STREAMING_SLACK : limit);
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, long limit, String path, boolean isStreamed, long declared) {
        String detail = "The request body is larger than the limit of " + limit + " bytes"
                + (isStreamed ? " for this upload; send a smaller file." : "; split the upload into smaller files.");
        String body;
        try {
            body = json.writeValueAsString(new ProblemMapper.Body("about:blank", "Payload Too Large", 413, detail, path, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
        if (declared >= 0 && declared <= SWALLOW_BYTES) {
            // a small body is read and dropped, keeping the connection: most clients send the whole body before
            // they read the answer, and a connection closed under them reads as "broken pipe", not as this 413
            rc.request().handler(chunk -> {
            });
            rc.request().resume();
            rc.response().end(body);
            return;
        }
        // a large one is not read: close the connection after answering, rather than drain hundreds of MB
        rc.response().putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> rc.request().connection().close())
                .end(body);
    }
}
