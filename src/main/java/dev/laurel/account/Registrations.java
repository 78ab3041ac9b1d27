package dev.laurel.account;

import dev.laurel.platform.Problem;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Self-service registration at /register, by {@link RegistrationConfig.Mode}: open, by invite code, or
 * awaiting an admin's approval; and the admin's side of invites and approvals.
 *
 * <p>The public form must not tell whether a username exists: a taken name gets exactly the answer a free
 * one gets (no account is made, an invite is not spent). Malformed input and a bad invite code are
 * refused with their reason, which names no one.
 */
@ApplicationScoped
public class Registrations {
    public static final int MAX_INVITE_DAYS = 90;
    private static final String INVITE_PREFIX = "inv_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RegistrationConfig config;

    Registrations(RegistrationConfig config) {
        this.config = config;
    }

    /** What /register says afterwards; the same whether or not the name was free. */
    public enum Outcome {
        /** Open and invite: log in now (if the name was free). */
        MAY_LOG_IN,
        /** Approval: wait for an admin. */
        AWAITS_APPROVAL
    }

    public RegistrationConfig.Mode mode() {
        return config.mode();
    }

    /** A labeler registers; {@code inviteCode} is read in mode invite only. */
    @Transactional
    public Outcome register(String username, String password, String inviteCode) {
        Accounts.checkUsernameAndPassword(username, password);
        Invite invite = config.mode() == RegistrationConfig.Mode.INVITE ? usableInvite(inviteCode) : null;
        // hash before looking the name up, so a taken name answers no faster than a free one
        String passwordHash = BcryptUtil.bcryptHash(password);
        boolean taken = Accounts.isTaken(username);
        if (config.mode() == RegistrationConfig.Mode.APPROVAL) {
            if (!taken) {
                PendingRegistration pending = new PendingRegistration();
                pending.username = username;
                pending.passwordHash = passwordHash;
                pending.requestedAt = Instant.now();
                pending.persist();
            }
            return Outcome.AWAITS_APPROVAL;
        }
        if (!taken) {
            User user = labeler(username, passwordHash);
            if (invite != null) {
                spend(invite, user);
            }
        }
        return Outcome.MAY_LOG_IN;
    }

    private static User labeler(String username, String passwordHash) {
        User user = new User();
        user.username = username;
        user.passwordHash = passwordHash;
        user.role = Role.LABELER;
        user.createdAt = Instant.now();
        user.persistAndFlush(); // before spending an invite: that update names this user's id
        return user;
    }

    private static Invite usableInvite(String code) {
        Invite invite = code == null || code.isBlank() ? null
                : Invite.find("codeHash", Accounts.sha256(code.strip())).firstResult();
        if (invite == null || !"unused".equals(invite.state())) {
            throw Problem.badRequest("This invite code cannot be used: it is unknown, used, revoked or expired."
                    + " Ask an admin for a new one.");
        }
        return invite;
    }

    /** Marks the invite used, once: a second registration racing on the same code finds no row to update and fails. */
    private static void spend(Invite invite, User user) {
        int updated = Invite.update("usedAt = ?1, usedBy = ?2 where id = ?3 and usedAt is null and revokedAt is null",
                Instant.now(), user.id, invite.id);
        if (updated != 1) {
            throw Problem.badRequest("This invite code cannot be used: it is unknown, used, revoked or expired."
                    + " Ask an admin for a new one.");
        }
    }

    /** A new invite: its code is in this answer only. */
    public record NewInvite(long id, String code, String note, Instant createdAt, Instant expiresAt) {
    }

    @Transactional
    public NewInvite createInvite(User admin, String note, Integer days) {
        int lifetime = days == null ? config.inviteDays() : days;
        if (lifetime < 1 || lifetime > MAX_INVITE_DAYS) {
            throw Problem.badRequest("An invite lives 1 to " + MAX_INVITE_DAYS + " days: give 'expiresInDays' in that range.");
        }
        if (note != null && note.length() > 200) {
            throw Problem.badRequest("An invite's note has at most 200 characters.");
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String code = INVITE_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Invite invite = new Invite();
        invite.codeHash = Accounts.sha256(code);
        invite.prefix = code.substring(0, 10);
        invite.note = note == null || note.isBlank() ? null : note.strip();
        invite.createdBy = admin.id;
        invite.createdAt = Instant.now();
        invite.expiresAt = invite.createdAt.plus(Duration.ofDays(lifetime));
        invite.persist();
        return new NewInvite(invite.id, code, invite.note, invite.createdAt, invite.expiresAt);
    }

    public List<Invite> invites() {
        return Invite.listAll(Sort.by("createdAt").descending().and("id").descending());
    }

    @Transactional
    public void revokeInvite(long id) {
        Invite invite = Invite.findById(id);
        if (invite == null) {
            throw Problem.notFound("There is no invite " + id + ".");
        }
        if (invite.usedAt != null) {
            throw Problem.conflict("Invite " + id + " was used already; revoking it changes nothing.");
        }
        if (invite.revokedAt == null) {
            invite.revokedAt = Instant.now();
        }
    }

    public List<PendingRegistration> pending() {
        return PendingRegistration.listAll(Sort.by("requestedAt").and("id"));
    }

    /** Creates the waiting labeler's account; they can log in from now on. */
    @Transactional
    public User approve(long id) {
        PendingRegistration pending = pendingOrThrow(id);
        if (User.findByUsername(pending.username) != null) {
            throw Problem.conflict("An account named '" + pending.username + "' was created since this request;"
                    + " reject the request.");
        }
        User user = labeler(pending.username, pending.passwordHash);
        pending.delete();
        return user;
    }

    @Transactional
    public void reject(long id) {
        pendingOrThrow(id).delete();
    }

    private static PendingRegistration pendingOrThrow(long id) {
        PendingRegistration pending = PendingRegistration.findById(id);
        if (pending == null) {
            throw Problem.notFound("There is no registration " + id + " waiting for approval.");
        }
        return pending;
    }
}
