package dev.laurel.account;

import dev.laurel.platform.PageViewers;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;

/** The viewer of platform's pages (the error page) from the identity alone: no database read on a failure path. */
@Singleton
class IdentityViewers implements PageViewers {

    @Override
    public Viewer of(SecurityIdentity identity) {
        return identity.isAnonymous() ? Viewer.ANONYMOUS
                : new Viewer(identity.getPrincipal().getName(), identity.getRoles().stream().findFirst().orElse(null));
    }
}
