package dev.laurel.account;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits password guessing: per account ({@link LoginLockout}) and per client address (at most
 * {@code max-failures-per-address} failures per window, whatever the usernames). The failures live in
 * the database ({@code login_failure}), so the limits hold across pods and restarts; nothing is kept
 * in memory. Unknown usernames are counted like real ones, so a refusal says nothing about who exists.
 *
 * <p>The check and the record are separate statements: pods answering at the same instant may let a
 * few more attempts through than the limit, never many.
 */
@ApplicationScoped
public class LoginThrottle {
    /** Longest username key stored: usernames have at most 64 characters, guesses may be longer. */
    private static final int KEY_LENGTH = 128;
    private static final int ADDRESS_LENGTH = 64;

    private final LoginThrottleConfig config;
    private final LoginLockout lockout;
    private final EntityManager em;

    LoginThrottle(LoginThrottleConfig config, EntityManager em) {
        this.config = config;
        this.lockout = LoginLockout.of(config);
        this.em = em;
    }

    /** Why an attempt on this username from this address must wait, if it must; checks no password. */
    @Transactional
    public Optional<LoginThrottled> refusal(String username, String address) {
        Instant now = Instant.now();
        List<Instant> failures = em.createQuery("select f.attemptedAt from LoginFailure f"
                        + " where f.username = ?1 and f.clearedAt is null order by f.attemptedAt desc", Instant.class)
                .setParameter(1, key(username)).setMaxResults(lockout.failuresToRead()).getResultList();
        Optional<Instant> accountLockedUntil = lockout.lockedUntil(failures).filter(now::isBefore);
        if (accountLockedUntil.isPresent()) {
            return Optional.of(new LoginThrottled(LoginThrottled.Scope.ACCOUNT, Duration.between(now, accountLockedUntil.get())));
        }
        Object[] recent = em.createQuery("select count(f), min(f.attemptedAt) from LoginFailure f"
                        + " where f.clientAddress = ?1 and f.attemptedAt > ?2", Object[].class)
                .setParameter(1, address(address)).setParameter(2, now.minus(config.window())).getSingleResult();
        long count = ((Number) recent[0]).longValue();
        if (count >= config.maxFailuresPerAddress()) {
            // the address may try again once its oldest failure in the window has left it
            Instant oldest = (Instant) recent[1];
            return Optional.of(new LoginThrottled(LoginThrottled.Scope.ADDRESS, Duration.between(now, oldest.plus(config.window()))));
        }
        return Optional.empty();
    }

    @Transactional
    public void recordFailure(String username, String address) {
        LoginFailure failure = new LoginFailure();
        failure.username = key(username);
        failure.clientAddress = address(address);
        failure.attemptedAt = Instant.now();
        failure.persist();
    }

    /** The account's count starts over; its failures still count against the addresses they came from. */
    @Transactional
    public void recordSuccess(String username) {
        em.createQuery("update LoginFailure f set f.clearedAt = ?1 where f.username = ?2 and f.clearedAt is null")
                .setParameter(1, Instant.now()).setParameter(2, key(username)).executeUpdate();
    }

    /** Any pod may prune: deleting old rows twice deletes nothing the second time. */
    @Scheduled(every = "10m", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void prune() {
        em.createQuery("delete from LoginFailure f where f.attemptedAt < ?1")
                .setParameter(1, Instant.now().minus(config.keep())).executeUpdate();
    }

    /** Case-insensitive, so 'Admin' and 'admin' share one count. */
    static String key(String username) {
        String key = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return key.length() > KEY_LENGTH ? key.substring(0, KEY_LENGTH) : key;
    }

    private static String address(String address) {
        String value = address == null || address.isBlank() ? "unknown" : address;
        return value.length() > ADDRESS_LENGTH ? value.substring(0, ADDRESS_LENGTH) : value;
    }
}
