package dev.laurel.account;

import io.quarkus.security.AuthenticationException;
import java.time.Duration;

/**
 * A sign-in refused before its password was checked (see {@link LoginThrottle}); answered 429 with
 * {@code Retry-After} by {@link LoginThrottledMapper}. Quarkus hands an {@link AuthenticationException}
 * from its HTTP security layer to the REST exception mappers ({@code AuthenticationFailedException}, the
 * one for wrong passwords, is final).
 */
public class LoginThrottled extends SecurityException implements AuthenticationException {
    /** What is throttled; neither says whether the username exists. */
    public enum Scope {
        ACCOUNT("Too many failed sign-ins for this account"),
        ADDRESS("Too many failed sign-ins from your network address");

        private final String sentence;

        Scope(String sentence) {
            this.sentence = sentence;
        }
    }

    private final Scope scope;
    private final Duration retryAfter;

    public LoginThrottled(Scope scope, Duration retryAfter) {
        super(scope.sentence);
        this.scope = scope;
        this.retryAfter = retryAfter;
    }

    public Scope scope() {
        return scope;
    }

    /** Whole seconds, rounded up: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** "Too many failed sign-ins for this account; try again in 2 minutes." */
    public String sentence() {
        long minutes = (retryAfterSeconds() + 59) / 60;
        return scope.sentence + "; try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    @Override
    public String getMessage() {
        return sentence();
    }

    /** Refusals are expected and frequent under attack: no stack to capture. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
