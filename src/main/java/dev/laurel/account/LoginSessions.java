package dev.laurel.account;

import dev.laurel.platform.Invalidations;
import dev.laurel.platform.ShortLivedCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side login sessions. The cookie holds 256 random bits; {@code login_session} holds their SHA-256, the
 * user, when the session began and when it was last used. A session ends when it is revoked (logout, "log out
 * everywhere", a password change, the user disabled), after {@link SessionConfig#idleTimeout()} unused, or
 * {@link SessionConfig#absoluteLifetime()} after its login, whichever comes first.
 *
 * <p>Every page and API call with the cookie resolves it, so the row is kept in an {@link Invalidations} cache:
 * a revocation drops it at once in the process that made it and in every other process within about a second
 * (the cache's poll). {@code last_seen_at} is written at most once per {@link #touchInterval}.
 */
@ApplicationScoped
public class LoginSessions {
    /** Quarkus form login's name, kept so that scripts, tests and browsers' stored cookies need no change. */
    public static final String COOKIE = "quarkus-credential";
    private static final String CACHE = "login-sessions";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int USER_AGENT_LENGTH = 200;

    /** What a session's row says, as long as it is not revoked and its user not disabled. */
    record Active(long sessionId, long userId, String username, String role, Instant createdAt, Instant lastSeenAt) {
    }

    /** Whom a valid session authenticates. */
    public record Owner(long sessionId, long userId, String username, String role) {
    }

    /** A session as its owner sees it on the account page. */
    public record SessionView(long id, Instant createdAt, Instant lastSeenAt, String userAgent, boolean isCurrent) {
    }

    private final ShortLivedCache<String, Active> active;
    private final Invalidations invalidations;
    private final Duration idleTimeout;
    private final Duration absoluteLifetime;
    /** A tenth of the idle timeout, at most a minute: idle time is then measured to within a tenth. */
    private final Duration touchInterval;
    /** When this process last wrote a session's {@code last_seen_at}. */
    private final Map<Long, Instant> touchedAt = new ConcurrentHashMap<>();

    LoginSessions(Invalidations invalidations, SessionConfig config) {
        this.invalidations = invalidations;
        this.active = invalidations.cache(CACHE);
        this.idleTimeout = config.idleTimeout();
        this.absoluteLifetime = config.absoluteLifetime();
        Duration tenth = idleTimeout.dividedBy(10);
        this.touchInterval = tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }

    /** Begins a session for a user whose password was just checked; returns the cookie's secret. */
    @Transactional
    public String start(String username, String userAgent) {
        User user = Objects.requireNonNull(User.findByUsername(username), "the password check found " + username);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now();
        LoginSession session = new LoginSession();
        session.userId = user.id;
        session.tokenHash = Accounts.sha256(token);
        session.createdAt = now;
        session.lastSeenAt = now;
        session.userAgent = userAgent == null || userAgent.isBlank() ? null
                : userAgent.strip().substring(0, Math.min(USER_AGENT_LENGTH, userAgent.strip().length()));
        session.persist();
        return token;
    }

    /** The owner of a presented cookie, if its session is neither revoked, idle too long, nor too old. */
    public Optional<Owner> identify(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = Accounts.sha256(token);
        Instant now = Instant.now();
        Optional<Active> found = active.get(hash, this::load);
        if (found.isPresent() && isIdle(found.get(), now)) {
            // the cached copy may predate this session's use through another process: ask the row before refusing
            active.invalidate(hash);
            found = active.get(hash, this::load);
        }
        if (found.isEmpty() || isIdle(found.get(), now) || isTooOld(found.get(), now)) {
            return Optional.empty();
        }
        Active session = found.get();
        touch(session, now);
        return Optional.of(new Owner(session.sessionId(), session.userId(), session.username(), session.role()));
    }

    /** Logout: ends the session of this cookie, if it has one. */
    @Transactional
    public void end(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return;
        }
        LoginSession session = LoginSession.find("tokenHash", Accounts.sha256(token)).firstResult();
        if (session != null) {
            revoke(session, Instant.now());
        }
    }

    /**
     * Ends every session of the user but the one of {@code keepToken} (null: all of them); returns how many ended.
     * Runs in the caller's transaction, so that it commits with the change that requires it (a new password).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int endAll(long userId, String keepToken) {
        String keep = keepToken == null ? null : Accounts.sha256(keepToken);
        Instant now = Instant.now();
        List<LoginSession> open = LoginSession.list("userId = ?1 and revokedAt is null and createdAt > ?2",
                userId, now.minus(absoluteLifetime));
        int ended = 0;
        for (LoginSession session : open) {
            if (!session.tokenHash.equals(keep)) {
                revoke(session, now);
                ended++;
            }
        }
        return ended;
    }

    /** The user's sessions that may still be in use, newest first; {@code currentToken} marks this browser's. */
    public List<SessionView> open(long userId, String currentToken) {
        String current = currentToken == null ? null : Accounts.sha256(currentToken);
        Instant now = Instant.now();
        return LoginSession.<LoginSession>list("userId = ?1 and revokedAt is null and createdAt > ?2 and lastSeenAt > ?3"
                        + " order by createdAt desc", userId, now.minus(absoluteLifetime), now.minus(idleTimeout))
                .stream()
                .map(s -> new SessionView(s.id, s.createdAt, s.lastSeenAt, s.userAgent, s.tokenHash.equals(current)))
                .toList();
    }

    private void revoke(LoginSession session, Instant now) {
        if (session.revokedAt == null) {
            session.revokedAt = now;
        }
        invalidations.invalidate(CACHE, session.tokenHash);
    }

    private Optional<Active> load(String hash) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LoginSession session = LoginSession.find("tokenHash", hash).firstResult();
            if (session == null || session.revokedAt != null) {
                return Optional.empty();
            }
            User user = User.findById(session.userId);
            if (user == null || user.disabled) {
                return Optional.empty();
            }
            return Optional.of(new Active(session.id, user.id, user.username, user.role, session.createdAt,
                    session.lastSeenAt));
        });
    }

    private boolean isTooOld(Active session, Instant now) {
        return !now.isBefore(session.createdAt().plus(absoluteLifetime));
    }

    private boolean isIdle(Active session, Instant now) {
        Instant touched = touchedAt.get(session.sessionId());
        Instant lastSeen = touched != null && touched.isAfter(session.lastSeenAt()) ? touched : session.lastSeenAt();
        return !now.isBefore(lastSeen.plus(idleTimeout));
    }

    /** Records the use, at most once per {@link #touchInterval}: a busy page must not cost a commit per request. */
    private void touch(Active session, Instant now) {
        Instant touched = touchedAt.get(session.sessionId());
        Instant lastSeen = touched != null && touched.isAfter(session.lastSeenAt()) ? touched : session.lastSeenAt();
        if (now.isBefore(lastSeen.plus(touchInterval))) {
            return;
        }
        if (touchedAt.size() > 100_000) { // bounded: forgetting costs one write per session again
            touchedAt.clear();
        }
        touchedAt.put(session.sessionId(), now);
        QuarkusTransaction.requiringNew().run(() -> LoginSession.getEntityManager()
                .createNativeQuery("update login_session set last_seen_at = ?1 where id = ?2 and last_seen_at < ?1")
                .setParameter(1, now).setParameter(2, session.sessionId()).executeUpdate());
    }

    /** Sessions past their absolute lifetime can never be used again; any process may delete them. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        QuarkusTransaction.requiringNew().run(() -> LoginSession.delete("createdAt < ?1",
                Instant.now().minus(absoluteLifetime).minus(Duration.ofDays(1))));
        touchedAt.clear();
    }
}
