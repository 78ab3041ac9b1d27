package dev.laurel.platform;

import io.quarkus.security.AuthenticationFailedException;
import java.util.Map;

/**
 * A credential that was recognised but refused (an expired API token): answered 401 by {@link ProblemMapper}
 * with its sentence instead of the generic one, so its owner knows what to renew. Quarkus' exception is
 * final, so the sentence travels as one of its attributes.
 */
public final class CredentialRefused {
    static final String DETAIL = "laurel.problem-detail";

    public static AuthenticationFailedException because(String detail) {
        return new AuthenticationFailedException(detail, Map.of(DETAIL, detail));
    }

    /** The sentence given to {@link #because}, or null for any other authentication failure. */
    static String detail(AuthenticationFailedException e) {
        Object detail = e.getAttributes() == null ? null : e.getAttributes().get(DETAIL);
        return detail instanceof String sentence ? sentence : null;
    }

    private CredentialRefused() {
    }
}
