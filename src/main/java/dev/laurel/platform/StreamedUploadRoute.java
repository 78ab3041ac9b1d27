package dev.laurel.platform;

import java.util.regex.Pattern;

/**
 * A route whose request body a feature streams to disk (never whole in memory) under a limit of its own, larger
 * than every other request may be ({@link RequestBodyLimits}). Features declare theirs as CDI beans; platform
 * depends on none of them.
 *
 * @param method   the HTTP method
 * @param path     the whole path, e.g. {@code /api/candidates/[0-9]+/artifact}
 * @param maxBytes the feature's own limit, which it also counts while streaming
 */
public record StreamedUploadRoute(String method, Pattern path, long maxBytes) {
    public boolean matches(String requestMethod, String requestPath) {
        return method.equalsIgnoreCase(requestMethod) && path.matcher(requestPath).matches();
    }
}
