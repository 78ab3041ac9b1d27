package dev.laurel.dataset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Labeler pseudonyms for exports: "l_" + the first 128 bits of HMAC-SHA256(secret, labeler id),
 * in hex. The same labeler always gets the same pseudonym (so agreement can be studied), nobody
 * without the secret can tell who it is, and pseudonyms of different deployments don't collide.
 */
public final class Pseudonyms {
    private final SecretKeySpec key;

    public Pseudonyms(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("The pseudonym secret must have at least 16 characters.");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(long labelerId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(Long.toString(labelerId).getBytes(StandardCharsets.UTF_8));
            return "l_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
