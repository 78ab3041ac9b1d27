package dev.laurel.platform;

import java.time.Duration;
import java.util.List;

/** A request over its budget (see {@link RateLimits}): 429 with {@code Retry-After}, answered by {@link ProblemMapper}. */
public class RateLimited extends Problem {
    private final Duration retryAfter;

    public RateLimited(String detail, Duration retryAfter) {
        super(429, "Too many requests", detail, List.of());
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, at least one: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0));
    }
}
