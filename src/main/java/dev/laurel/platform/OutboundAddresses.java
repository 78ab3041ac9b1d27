package dev.laurel.platform;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one check before Laurel calls a URL a user chose (a model team's OpenAI-compatible endpoint): only
 * http(s), no user name or password in it, and every address its host resolves to (all A and AAAA records) must
 * be a public internet address — not this server (loopback, 0.0.0.0/8, ::), not the cloud metadata service
 * (link-local 169.254/16, fe80::/10), not our own network (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10,
 * 100.64/10), not multicast, broadcast or reserved, and not any of these wrapped in IPv6 (::ffff:a.b.c.d,
 * ::a.b.c.d, 64:ff9b::a.b.c.d). Otherwise a team could make our servers call our own services (SSRF).
 * <p>
 * The operator may allow exceptions ({@code laurel.outbound.allow}): host names, matched exactly as the URL
 * writes them, and IP addresses or CIDR blocks, matched when the URL is written with an IP address. A name that
 * merely resolves into an allowed block stays refused: what is allowed is what the operator named.
 * <p>
 * Check at registration (a clear 400) and again right before every call: DNS answers may change after
 * registration (DNS rebinding).
 */
@Singleton
public class OutboundAddresses {
    /** Every address of a host name (A and AAAA records); tests stand in for DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL Laurel will not call, with the sentence that says why and what to do. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The host has no address right now: perhaps a passing DNS failure, so a caller may try again later. */
    public static final class Unresolved extends Refused {
        Unresolved(String message) {
            super(message);
        }
    }

    /** A URL that passed: its addresses as checked (empty when the operator allowed the host by name). */
    public record Target(URI uri, List<InetAddress> addresses) {
    }

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // what inet_aton reads as an IPv4 address (2130706433, 127.1, 0x7f.1, 0177.0.0.1): resolvers disagree on
    // these forms, so instead of guessing which address a library will connect to, only dotted decimal is accepted
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:]*:[0-9a-f:.]*(%[0-9a-z_.-]+)?");
    private static final String ALLOW_SETTING = "LAUREL_OUTBOUND_ALLOW";

    private final Set<String> allowedNames = new TreeSet<>();
    private final List<Block> allowedBlocks = new ArrayList<>();
    private final Resolver resolver;

    @Inject
    OutboundAddresses(OutboundConfig config) {
        this(config.allow().orElse(List.of()), InetAddress::getAllByName);
    }

    public OutboundAddresses(List<String> allow) {
        this(allow, InetAddress::getAllByName);
    }

    public OutboundAddresses(List<String> allow, Resolver resolver) {
        this.resolver = resolver;
        for (String raw : allow) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            Optional<Block> block = Block.parse(entry);
            if (block.isPresent()) {
                allowedBlocks.add(block.get());
            } else if (HOST_NAME.matcher(entry).matches() && !NUMERIC_HOST.matcher(entry).matches()) {
                allowedNames.add(withoutTrailingDot(entry));
            } else {
                throw new IllegalArgumentException("laurel.outbound.allow: '" + raw + "' is neither a host name nor an IP"
                        + " address or CIDR block such as 10.1.0.0/16.");
            }
        }
    }

    /**
     * Where {@code url} may be called, or {@link Refused} with the reason. Resolves the host (blocking, up to the
     * system resolver's timeout).
     */
    public Target check(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new Refused("The URL is not valid: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("The URL must start with http:// or https://.");
        }
        if (uri.getRawUserInfo() != null) {
            // besides leaking into logs, 'https://trusted@10.0.0.1/' is a classic way to make a URL look like another host
            throw new Refused("The URL must not carry a user name or password before '@'; send credentials as the API key.");
        }
        if (uri.getHost() == null) {
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT);
            String written = authority.replaceFirst(":\\d*$", "");
            if (NUMERIC_HOST.matcher(written).matches()) {
                throw unusualNumber(written);
            }
            throw new Refused("The URL has no host Laurel can read; write a host name such as api.example.com or an IP"
                    + " address such as 203.0.113.7 (no trailing dot).");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowedNames.contains(withoutTrailingDot(bare))) {
            return new Target(uri, List.of());
        }
        Optional<InetAddress> literal = literal(bare);
        if (literal.isPresent()) {
            InetAddress address = literal.get();
            if (allowedBlocks.stream().anyMatch(block -> block.contains(address))) {
                return new Target(uri, List.of(address));
            }
            whyNotPublic(address).ifPresent(why -> {
                throw new Refused("The URL names " + address.getHostAddress() + ", " + why + ". " + remedy(host));
            });
            return new Target(uri, List.of(address));
        }
        if (NUMERIC_HOST.matcher(bare).matches()) {
            throw unusualNumber(bare);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new Unresolved("The host '" + bare + "' has no address in DNS, so Laurel cannot check where it"
                    + " points; check the name.");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Unresolved("The host '" + bare + "' has no address in DNS, so Laurel cannot check where it"
                    + " points; check the name.");
        }
        // one internal address is enough to refuse: a client may pick any of them, and rebinding setups
        // answer with a public and a private address at once
        for (InetAddress address : addresses) {
            whyNotPublic(address).ifPresent(why -> {
                throw new Refused("The host '" + bare + "' resolves to " + address.getHostAddress() + ", " + why + ". "
                        + remedy(host));
            });
        }
        return new Target(uri, List.of(addresses));
    }

    private static Refused unusualNumber(String written) {
        return new Refused("The URL writes an IP address in an unusual form ('" + written + "'); write it as four"
                + " decimal numbers, such as 203.0.113.7.");
    }

    private static String remedy(String host) {
        return "Laurel calls only public internet addresses: use the endpoint's public address, or ask the operator"
                + " to add '" + host + "' to " + ALLOW_SETTING + ".";
    }

    /** Why Laurel must not call this address on a user's behalf, or empty for a public internet address. */
    public static Optional<String> whyNotPublic(InetAddress address) {
        return whyNotPublic(address.getAddress());
    }

    static Optional<String> whyNotPublic(byte[] a) {
        if (a.length == 4) {
            return whyNotPublicV4(a);
        }
        if (zero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return embedded("an IPv4-mapped IPv6 address of ", a);
        }
        if (zero(a, 0, 16)) {
            return Optional.of("the unspecified address (::, which reaches this server itself)");
        }
        if (zero(a, 0, 15) && a[15] == 1) {
            return Optional.of("a loopback address (this server itself)");
        }
        if (zero(a, 0, 12)) {
            return embedded("an IPv4-compatible IPv6 address of ", a);
        }
        if (a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && zero(a, 4, 12)) {
            return embedded("a NAT64 address of ", a); // 64:ff9b::/96 is translated to the IPv4 address inside
        }
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("a link-local address (fe80::/10, the local network segment)");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("a site-local address (fec0::/10, a private network)");
        }
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a unique local address (fc00::/7, a private network such as our cluster's)");
        }
        if (first == 0xff) {
            return Optional.of("a multicast address");
        }
        return Optional.empty();
    }

    private static Optional<String> whyNotPublicV4(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if (first == 0) {
            return Optional.of("an address in 0.0.0.0/8 ('this network', which reaches this server itself)");
        }
        if (first == 127) {
            return Optional.of("a loopback address (this server itself)");
        }
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)) {
            return Optional.of("a private network address (10/8, 172.16/12 or 192.168/16, services inside our network)");
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address (100.64.0.0/10, a shared internal network)");
        }
        if (first == 169 && second == 254) {
            return Optional.of("a link-local address (169.254/16, where cloud metadata services answer)");
        }
        if (first >= 224 && first < 240) {
            return Optional.of("a multicast address");
        }
        if (first >= 240) {
            return Optional.of("a reserved or broadcast address (240.0.0.0/4, 255.255.255.255)");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(String what, byte[] a) {
        byte[] v4 = {a[12], a[13], a[14], a[15]};
        String dotted = (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
        return whyNotPublicV4(v4).map(why -> what + dotted + ", " + why);
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** An IP address written as one (dotted decimal IPv4 or IPv6 with ':'), parsed without any DNS lookup. */
    static Optional<InetAddress> literal(String text) {
        // InetAddress looks up in DNS what does not start like an IPv6 literal: only these two forms reach it
        if (!CANONICAL_IPV4.matcher(text).matches() && !IPV6_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // text with ':' or in dotted decimal is only parsed, never looked up
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            throw new Refused("The URL's IP address '" + text + "' is not valid.");
        }
    }

    /** An IP address or CIDR block the operator allows. */
    private record Block(byte[] network, int prefix) {
        static Optional<Block> parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            Optional<InetAddress> parsed;
            try {
                parsed = literal(address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address);
            } catch (Refused e) {
                return Optional.empty();
            }
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = parsed.get().getAddress();
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new Block(bytes, prefix));
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
