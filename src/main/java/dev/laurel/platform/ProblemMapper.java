package dev.laurel.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become responses: {@code application/problem+json} for the API, a
 * redirect to the login page for a browser that is not logged in. Never a stack trace.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";

    private final Template errorPage;
    private final SecurityIdentity identity;
    private final PageViewers viewers;

    ProblemMapper(@Location("error.html") Template errorPage, SecurityIdentity identity, PageViewers viewers) {
        this.errorPage = errorPage;
        this.identity = identity;
        this.viewers = viewers;
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Body(String type, String title, int status, String detail, String instance, List<String> errors) {
    }

    @ServerExceptionMapper
    public Response problem(Problem e, UriInfo uri, HttpHeaders headers) {
        Response response = respond(headers, e.status(), e.title(), e.getMessage(), uri, e.errors());
        if (e instanceof RateLimited limited) {
            return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(ProblemMapper::describe).sorted().collect(Collectors.toList());
        return respond(headers, 400, "Invalid request", "Some fields are missing or invalid.", uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        return respond(headers, 400, "Invalid JSON", jsonMessage(e), uri, List.of());
    }

    /** Named explicitly so it takes precedence over Quarkus' built-in mapper for this type. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return unreadable(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return loginOr401(uri, headers);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        return loginOr401(uri, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return respond(headers, 403, "Forbidden", "Your role does not allow this.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, HttpHeaders headers) {
        return respond(headers, 404, "Not found", "There is nothing at " + uri.getPath() + ".", uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri, headers);
        }
        int status = e.getResponse().getStatus();
        String reason = Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 405 -> "This address does not accept that method.";
            case 406 -> "The requested response type is not available here.";
            case 415 -> "This content type is not accepted here; see the API documentation at /q/swagger-ui.";
            default -> e.getMessage() == null ? reason : e.getMessage();
        };
        return respond(headers, status, reason, detail, uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri, HttpHeaders headers) {
        if (Overload.isTransient(e)) {
            Log.warnf("Answered 503 on %s: %s", uri.getPath(), Overload.describe(e));
            Response page = respond(headers, 503, "Service unavailable", "Laurel is busy or cannot reach its database "
                    + "right now; nothing was saved. Try again in a few seconds.", uri, List.of());
            return Response.fromResponse(page).header(HttpHeaders.RETRY_AFTER, Overload.RETRY_AFTER_SECONDS).build();
        }
        if (clientWentAway(e)) { // nobody reads this answer: not a server error
            Log.debugf("The client closed its connection during %s", uri.getPath());
            return Response.status(499).build();
        }
        String reference = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected failure %s on %s", reference, uri.getPath());
        return respond(headers, 500, "Internal error",
                "Something went wrong on our side. Please retry; if it persists, report reference " + reference + ".",
                uri, List.of());
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException
                    || t.getClass().getSimpleName().equals("HttpClosedException")) {
                return true;
            }
        }
        return false;
    }

    private Response loginOr401(UriInfo uri, HttpHeaders headers) {
        if (uri.getPath().equals("/j_security_check")) {
            return Response.seeOther(URI.create("/login?error=true")).build();
        }
        if (isBrowserPage(uri, headers)) {
            return Response.seeOther(URI.create("/login")).build();
        }
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"laurel\"")
                .type(PROBLEM_JSON)
                .entity(new Body("about:blank", "Unauthorized",
                        401, "Log in, or send an API token as 'Authorization: Bearer <token>'.", uri.getPath(), List.of()))
                .build();
    }

    private Response respond(HttpHeaders headers, int status, String title, String detail, UriInfo uri, List<String> errors) {
        if (isBrowserPage(uri, headers)) {
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                    .entity(errorPage.data("me", viewers.of(identity)).data("status", status).data("title", title)
                            .data("detail", detail).data("errors", errors).render())
                    .build();
        }
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Body("about:blank", title, status, detail, uri.getPath(), errors)).build();
    }

    /** A person's browser asking for a page (not the API): answer with a page, not JSON. */
    private static boolean isBrowserPage(UriInfo uri, HttpHeaders headers) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        return !uri.getPath().startsWith("/api/") && !uri.getPath().startsWith("/q/")
                && accept != null && accept.contains("text/html");
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return "'" + field + "' " + violation.getMessage();
    }

    private static String jsonMessage(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof StorableJson.UnstorableText u) {
            return "Field '" + field(u) + "' " + u.getOriginalMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "Unknown field '" + u.getPropertyName() + "'" + where + ".";
        }
        if (e instanceof InvalidFormatException f && f.getTargetType().isEnum()) {
            String allowed = java.util.Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return "Field '" + field(f) + "' must be one of " + allowed + ", not '" + f.getValue() + "'" + where + ".";
        }
        if (e instanceof InvalidFormatException f) {
            return "Field '" + field(f) + "' has the wrong type: '" + f.getValue() + "' is not a "
                    + f.getTargetType().getSimpleName() + where + ".";
        }
        if (e instanceof MismatchedInputException m) {
            return "Field '" + field(m) + "' has the wrong type; expected " + m.getTargetType().getSimpleName() + where + ".";
        }
        return "The request body is not valid JSON" + where + ".";
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

}
