package dev.laurel.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin (RFC 6454): scheme, host and port, compared with the default port filled in, so that
 * {@code https://laurel.example} and {@code https://laurel.example:443} are the same site.
 */
public record SiteOrigin(String scheme, String host, int port) {

    public SiteOrigin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
        if (port < 0) {
            port = defaultPort(scheme);
        }
    }

    /**
     * The origin of an {@code Origin} header or of a URL ({@code Referer}, an allow-list entry); empty for
     * {@code null} (the browser hides the origin), an opaque or relative URL, or anything else unparsable.
     */
    public static Optional<SiteOrigin> parse(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null || defaultPort(uri.getScheme()) < 0) {
                return Optional.empty();
            }
            return Optional.of(new SiteOrigin(uri.getScheme(), uri.getHost(), uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    /** As a browser writes it in {@code Origin}: the port only when it is not the scheme's default. */
    @Override
    public String toString() {
        return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
    }
}
