package dev.laurel.platform;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is looking at a page, in the shape the shared layout reads as {@code me}. The account feature knows
 * users and roles and provides it; platform only asks, so that platform depends on no feature.
 */
public interface PageViewers {

    /** What {@code layout.html} reads as {@code me} for this identity, the anonymous one included. */
    Object of(SecurityIdentity identity);
}
