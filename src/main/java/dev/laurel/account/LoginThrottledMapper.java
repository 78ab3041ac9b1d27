package dev.laurel.account;

import dev.laurel.platform.ProblemMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A throttled sign-in: 429 with {@code Retry-After}; the login page with the sentence for a browser,
 * problem+json for an API client. The sentence is the same whether the username exists or not.
 * ({@code /j_security_check} is {@link AccountPages#login}, so its failures reach these mappers; the closest type
 * wins over {@link ProblemMapper}'s mapper for every failed authentication.)
 */
public class LoginThrottledMapper {
    static final int TOO_MANY_REQUESTS = 429;

    @ServerExceptionMapper
    public Response throttled(LoginThrottled e, HttpHeaders headers, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        if (wantsJson(headers)) {
            return response.type(ProblemMapper.PROBLEM_JSON)
                    .entity(new ProblemMapper.Body("about:blank", "Too many sign-in attempts", TOO_MANY_REQUESTS,
                            e.sentence(), uri.getPath(), List.of()))
                    .build();
        }
        return response.type(MediaType.TEXT_HTML_TYPE)
                .entity(AccountPages.Templates.login(Viewer.ANONYMOUS, false, false, e.sentence()).render())
                .build();
    }

    private static boolean wantsJson(HttpHeaders headers) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        return accept != null && (accept.contains("application/json") || accept.contains("application/problem+json"));
    }
}
