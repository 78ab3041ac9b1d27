package dev.laurel.account;

import dev.laurel.platform.AuditLog;
import dev.laurel.platform.Problem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an admin does to accounts: find users, create users and teams, change a role, disable or enable,
 * reset a password. Every change is written to the {@link AuditLog} in the transaction that makes it.
 */
@ApplicationScoped
public class AccountAdministration {
    /** The most users a search shows; narrow it to see others. */
    public static final int SEARCH_LIMIT = 200;
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    AccountAdministration(Accounts accounts, LoginThrottle throttle, AuditLog audit) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
    }

    /** A user as the admin's list shows them. */
    public record UserRow(long id, String username, String role, String team, boolean disabled, Instant createdAt) {
    }

    /** A team with how many accounts belong to it. */
    public record TeamRow(long id, String name, long members, Instant createdAt) {
    }

    /** A password an admin set or had made for a user: shown to the admin once, to pass on. */
    public record TemporaryPassword(String username, String password, boolean generated) {
    }

    /**
     * Users whose name contains {@code query} (any case; blank: all) with {@code role} (blank: any), by name,
     * at most {@link #SEARCH_LIMIT}.
     */
    public List<UserRow> search(String query, String role) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (query != null && !query.isBlank()) {
            where.append(" and lower(username) like :name");
            parameters.put("name", "%" + query.strip().toLowerCase(Locale.ROOT).replace("\\", "").replace("%", "")
                    .replace("_", "\\_") + "%");
        }
        if (role != null && !role.isBlank()) {
            if (!Role.isValid(role)) {
                throw Problem.badRequest("Role must be one of labeler, modeler, admin.");
            }
            where.append(" and role = :role");
            parameters.put("role", role);
        }
        Map<Long, String> teams = teamNames();
        return User.<User>find(where.toString(), Sort.by("username"), parameters).page(0, SEARCH_LIMIT).list().stream()
                .map(u -> row(u, teams)).toList();
    }

    public UserRow user(long userId) {
        return row(existing(userId), teamNames());
    }

    public List<TeamRow> teams() {
        Map<Long, Long> members = new HashMap<>();
        for (Object[] count : User.getEntityManager().createQuery(
                "select u.teamId, count(u) from User u where u.teamId is not null group by u.teamId", Object[].class)
                .getResultList()) {
            members.put((Long) count[0], (Long) count[1]);
        }
        return Team.<Team>listAll(Sort.by("name")).stream()
                .map(t -> new TeamRow(t.id, t.name, members.getOrDefault(t.id, 0L), t.createdAt)).toList();
    }

    /** A new team; a name already taken is refused (409). */
    @Transactional
    public Team createTeam(User admin, String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 120) {
            throw Problem.badRequest("A team name has 1 to 120 characters.");
        }
        if (Team.count("lower(name) = ?1", clean.toLowerCase(Locale.ROOT)) > 0) {
            throw Problem.conflict("There is already a team named '" + clean + "'.");
        }
        Team team = accounts.teamNamed(clean);
        audit.record(admin.username, "team.created", "team " + clean, "Team '" + clean + "' created.");
        return team;
    }

    /** A new user, as {@link Accounts#register} (a modeler needs a team; a team not there yet is created). */
    @Transactional
    public User createUser(User admin, String username, String password, String role, String team) {
        User user = accounts.register(username == null ? null : username.strip(), password, role,
                blank(team) ? null : team.strip());
        audit.record(admin.username, "user.created", subject(user), "Created as " + user.role
                + accounts.teamName(user.teamId).map(t -> " of team '" + t + "'").orElse("") + ".");
        return user;
    }

    /**
     * Gives a user another role (a modeler needs a team; a labeler or admin may keep one or none). Their login
     * sessions end, since a session carries the role it was opened with; their API tokens follow the new role at
     * once. An admin cannot change their own role, so one admin always remains.
     */
    @Transactional
    public UserRow changeRole(User admin, long userId, String role, String team) {
        User user = existing(userId);
        if (!Role.isValid(role)) {
            throw Problem.badRequest("Role must be one of labeler, modeler, admin.");
        }
        if (user.id.equals(admin.id)) {
            throw Problem.conflict("You cannot change your own role: ask another admin to do it.");
        }
        Long teamId;
        if (blank(team)) {
            if (Role.MODELER.equals(role)) {
                throw Problem.badRequest("A modeler belongs to a team: choose one (create it first if it is new).");
            }
            teamId = null;
        } else {
            Team found = Team.find("name", team.strip()).firstResult();
            if (found == null) {
                throw Problem.badRequest("There is no team named '" + team.strip() + "': create it first.");
            }
            teamId = found.id;
        }
        String before = user.role + accounts.teamName(user.teamId).map(t -> " of team '" + t + "'").orElse("");
        user.role = role;
        user.teamId = teamId;
        String after = user.role + accounts.teamName(user.teamId).map(t -> " of team '" + t + "'").orElse("");
        int ended = accounts.forget(user);
        audit.record(admin.username, "user.role-changed", subject(user), "From " + before + " to " + after + "; "
                + ended + " login session(s) ended.");
        return row(user, teamNames());
    }

    /** Disables or enables a user ({@link Accounts#setDisabled}: disabling ends their sessions and stops their tokens). */
    @Transactional
    public UserRow setDisabled(User admin, long userId, boolean disabled) {
        User user = accounts.setDisabled(admin, userId, disabled);
        audit.record(admin.username, disabled ? "user.disabled" : "user.enabled", subject(user), disabled
                ? "Disabled: login sessions ended, API tokens stopped." : "Enabled: can log in again.");
        return row(user, teamNames());
    }

    /**
     * Sets a temporary password ({@code password} blank: one is made up) and ends every login session of the user;
     * failed logins no longer lock the account. The admin passes the password on; the user changes it on their
     * account page.
     */
    @Transactional
    public TemporaryPassword resetPassword(User admin, long userId, String password) {
        User user = existing(userId);
        boolean generated = blank(password);
        String secret = generated ? generatePassword() : password;
        accounts.changePassword(user, secret, null);
        throttle.recordSuccess(user.username);
        audit.record(admin.username, "user.password-reset", subject(user), generated
                ? "Password reset to a generated temporary one; login sessions ended."
                : "Password reset to one the admin chose; login sessions ended.");
        return new TemporaryPassword(user.username, secret, generated);
    }

    /** How the audit log names a user. */
    public static String subject(User user) {
        return "user " + user.username;
    }

    private static User existing(long userId) {
        return Optional.ofNullable(User.<User>findById(userId))
                .orElseThrow(() -> Problem.notFound("There is no user " + userId + "."));
    }

    private static Map<Long, String> teamNames() {
        Map<Long, String> names = new HashMap<>();
        Team.<Team>listAll().forEach(t -> names.put(t.id, t.name));
        return names;
    }

    private static UserRow row(User u, Map<Long, String> teams) {
        return new UserRow(u.id, u.username, u.role, u.teamId == null ? null : teams.get(u.teamId), u.disabled, u.createdAt);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** 16 letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I): about 93 bits. */
    public static String generatePassword() {
        StringBuilder password = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
