package dev.laurel.account;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EIP-4361 (Sign-In With Ethereum) message: formatting and strict parsing of the fields we use.
 * Pure; the checks against the server's expectations live in {@link Wallets}.
 */
public record SiweMessage(String domain, String address, String statement, String uri, String version, long chainId,
                          String nonce, Instant issuedAt, Instant expirationTime) {
    private static final Pattern HEADER = Pattern.compile("^(\\S+) wants you to sign in with your Ethereum account:$");
    private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");

    public String format() {
        return domain + " wants you to sign in with your Ethereum account:\n"
                + address + "\n\n"
                + statement + "\n\n"
                + "URI: " + uri + "\n"
                + "Version: " + version + "\n"
                + "Chain ID: " + chainId + "\n"
                + "Nonce: " + nonce + "\n"
                + "Issued At: " + issuedAt + "\n"
                + "Expiration Time: " + expirationTime;
    }

    /** Parses the message layout {@link #format()} writes (the EIP-4361 ABNF with a statement and an expiry). */
    public static SiweMessage parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("The message is missing.");
        }
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        if (lines.length < 11) {
            throw new IllegalArgumentException("This is not a Sign-In With Ethereum message.");
        }
        Matcher header = HEADER.matcher(lines[0]);
        if (!header.matches()) {
            throw new IllegalArgumentException("The first line must be '<domain> wants you to sign in with your Ethereum account:'.");
        }
        if (!ADDRESS.matcher(lines[1]).matches()) {
            throw new IllegalArgumentException("The second line must be the wallet address.");
        }
        if (!lines[2].isEmpty() || !lines[4].isEmpty()) {
            throw new IllegalArgumentException("The statement must stand between two blank lines.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 5; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException("Line " + (i + 1) + " is not a 'Field: value' line.");
            }
            if (fields.put(lines[i].substring(0, colon), lines[i].substring(colon + 2)) != null) {
                throw new IllegalArgumentException("Field '" + lines[i].substring(0, colon) + "' appears twice.");
            }
        }
        try {
            return new SiweMessage(header.group(1), lines[1], lines[3], required(fields, "URI"), required(fields, "Version"),
                    Long.parseLong(required(fields, "Chain ID")), required(fields, "Nonce"),
                    Instant.parse(required(fields, "Issued At")), Instant.parse(required(fields, "Expiration Time")));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("A field of the message has the wrong format: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The message has no '" + name + "' field.");
        }
        return value;
    }
}
