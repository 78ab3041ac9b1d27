package dev.laurel.account;

import dev.laurel.platform.Invalidations;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Rows;
import dev.laurel.platform.ShortLivedCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Users, teams and API tokens. */
@ApplicationScoped
public class Accounts {
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9_.-]{3,64}");
    private static final String TOKEN_PREFIX = "lrl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String TOKEN_OWNERS = "api-token-owners";
    private static final String TIME_ZONES = "user-time-zones";
    private static final String USERS_BY_NAME = "users-by-name";
    private static final String TEAMS = "user-teams";
    /** {@link #teams}' value for a user without a team (an absent value would not be kept). */
    private static final long NO_TEAM = -1;
    private static final Duration TOKEN_TOUCH_INTERVAL = Duration.ofSeconds(60);

    /**
     * Every API request resolves its token and then its user: both are kept (see {@link Invalidations}),
     * so a busy client costs no transaction per request. Revoking a token drops it here at once and in
     * other processes within about a second.
     */
    private final ShortLivedCache<String, TokenOwner> tokenOwners;
    private final ShortLivedCache<String, User> usersByName;
    private final ShortLivedCache<String, java.time.ZoneId> timeZones;
    /** Each user's team, or {@link #NO_TEAM}: quality reads it for every answer. A team is set when the user is made;
     * an admin changing it later goes through {@link #forget}, which drops this entry in every process. */
    private final ShortLivedCache<String, Long> teams;
    /** When this process last wrote a token's {@code lastUsedAt}: at most once a minute per token. */
    private final Map<Long, Long> tokenTouchedAt = new ConcurrentHashMap<>();
    /** Users found by {@link #exists}: users are never deleted, so one found once exists for good. */
    private final Set<Long> existing = ConcurrentHashMap.newKeySet();

    private final Invalidations invalidations;
    private final LoginSessions sessions;

    Accounts(Invalidations invalidations, LoginSessions sessions) {
        this.invalidations = invalidations;
        this.sessions = sessions;
        this.tokenOwners = invalidations.cache(TOKEN_OWNERS);
        this.usersByName = invalidations.cache(USERS_BY_NAME);
        this.timeZones = invalidations.cache(TIME_ZONES);
        this.teams = invalidations.cache(TEAMS);
    }

    /** A token's lifetime when its creator names none, and the longest allowed: a leaked token dies on its own. */
    public static final int DEFAULT_TOKEN_DAYS = 90;
    public static final int MAX_TOKEN_DAYS = 365;

    /** Whom a token authenticates, what it may do, and until when. */
    public record TokenOwner(long tokenId, String username, String role, Set<ApiScope> scopes, Instant expiresAt) {
        public boolean isExpired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    /** What a freshly created token looks like to its owner: the only time the secret is visible. */
    public record NewToken(long id, String name, String token, List<String> scopes, Instant createdAt, Instant expiresAt) {
    }

    /** A presented token that exists but has expired: its owner is told so, to renew it. */
    public static final class ExpiredToken extends RuntimeException {
        private final Instant expiredAt;

        ExpiredToken(Instant expiredAt) {
            super("API token expired at " + expiredAt);
            this.expiredAt = expiredAt;
        }

        public Instant expiredAt() {
            return expiredAt;
        }
    }

    /** An admin creates an account (POST /api/users): a taken name is a 409 here, the caller may know who exists. */
    @Transactional
    public User register(String username, String password, String role, String teamName) {
        checkUsernameAndPassword(username, password);
        if (!Role.isValid(role)) {
            throw Problem.badRequest("Role must be one of labeler, modeler, admin.");
        }
        // hash before looking the name up, so a taken name answers no faster than a free one (no timing oracle)
        String passwordHash = BcryptUtil.bcryptHash(password);
        if (isTaken(username)) {
            throw Problem.conflict("The username '" + username + "' is taken.");
        }
        User user = new User();
        user.username = username;
        user.passwordHash = passwordHash;
        user.role = role;
        user.createdAt = Instant.now();
        if (Role.MODELER.equals(role)) {
            if (teamName == null || teamName.isBlank()) {
                throw Problem.badRequest("A modeler belongs to a team: give 'team'.");
            }
            user.teamId = teamNamed(teamName.strip()).id;
        }
        user.persist();
        return user;
    }

    /** Refuses a malformed username or password with a sentence that says the rule (it names no one). */
    static void checkUsernameAndPassword(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw Problem.badRequest("A username has 3 to 64 letters, digits, '.', '_' or '-'.");
        }
        checkPassword(password);
    }

    /** A user's name, or one a registration waiting for approval holds. */
    static boolean isTaken(String username) {
        return User.findByUsername(username) != null || PendingRegistration.count("username", username) > 0;
    }

    @Transactional
    public Team teamNamed(String name) {
        Team team = Team.find("name", name).firstResult();
        if (team == null) {
            team = new Team();
            team.name = name;
            team.createdAt = Instant.now();
            team.persist();
        }
        return team;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 8 || password.length() > 72) {
            throw Problem.badRequest("A password has 8 to 72 characters.");
        }
    }

    /** The logged-in user behind a security identity (login session or API token). */
    public User current(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        User user = cachedUser(identity.getPrincipal().getName()).orElse(null);
        if (user == null || user.disabled) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return user;
    }

    /** A read-only copy that may be shared between requests: services read its id, role, team and state only. */
    private Optional<User> cachedUser(String username) {
        return usersByName.get(username,
                name -> QuarkusTransaction.joiningExisting().call(() -> Optional.ofNullable(User.findByUsername(name))));
    }

    /** Whether an admin has disabled this user; login asks after the password matched. */
    public boolean isDisabled(String username) {
        return cachedUser(username).map(user -> user.disabled).orElse(false);
    }

    /**
     * Sets a new password and ends every login session of the user but {@code keepSessionToken}'s (the browser
     * that changed it; null ends all). API tokens stay: they are separate credentials, revoked one by one.
     * The caller has checked the current password.
     */
    @Transactional
    public void changePassword(User user, String newPassword, String keepSessionToken) {
        checkPassword(newPassword);
        User managed = User.findById(user.id);
        managed.passwordHash = BcryptUtil.bcryptHash(newPassword);
        invalidations.invalidate(USERS_BY_NAME, managed.username);
        sessions.endAll(managed.id, keepSessionToken);
    }

    /** Logs the user out everywhere: every login session ends (API tokens stay). */
    @Transactional
    public int endAllSessions(User user) {
        return sessions.endAll(user.id, null);
    }

    /**
     * Disables or enables a user. Disabling ends their login sessions and stops their API tokens at once (in
     * other processes within about a second); an admin cannot disable themself, so one admin always remains.
     */
    @Transactional
    public User setDisabled(User admin, long userId, boolean disabled) {
        User user = User.findById(userId);
        if (user == null) {
            throw Problem.notFound("There is no user " + userId + ".");
        }
        if (disabled && user.id.equals(admin.id)) {
            throw Problem.conflict("You cannot disable your own account: ask another admin to do it.");
        }
        user.disabled = disabled;
        invalidations.invalidate(USERS_BY_NAME, user.username);
        if (disabled) {
            for (ApiToken token : ApiToken.<ApiToken>list("userId = ?1 and revokedAt is null", user.id)) {
                invalidations.invalidate(TOKEN_OWNERS, token.tokenHash);
            }
            sessions.endAll(user.id, null);
        }
        return user;
    }

    /**
     * After an admin changed the user's role or team: cached copies of the user and of their API tokens' owner are
     * dropped (tokens follow the new role at once) and every login session ends, since a session carries the role it
     * was opened with. Returns how many sessions ended.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    int forget(User user) {
        invalidations.invalidate(USERS_BY_NAME, user.username);
        invalidations.invalidate(TEAMS, Long.toString(user.id));
        for (ApiToken token : ApiToken.<ApiToken>list("userId = ?1 and revokedAt is null", user.id)) {
            invalidations.invalidate(TOKEN_OWNERS, token.tokenHash);
        }
        return sessions.endAll(user.id, null);
    }

    /** A user's name, for pages that show who did something. */
    public Optional<String> usernameOf(long userId) {
        return Optional.ofNullable(User.<User>findById(userId)).map(u -> u.username);
    }

    /** The user's time zone (UTC until they choose one); scoring reads it for every answer. */
    public java.time.ZoneId timeZone(long userId) {
        return timeZones.get(Long.toString(userId), id -> {
            UserSetting setting = UserSetting.findById(userId);
            return Optional.of(setting == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(setting.timeZone));
        }).orElseThrow();
    }

    /** Sets the user's time zone, an IANA name such as Europe/Paris; a name Java does not know is refused. */
    @Transactional
    public java.time.ZoneId setTimeZone(User user, String zone) {
        java.time.ZoneId id;
        try {
            id = java.time.ZoneId.of(zone == null ? "" : zone.strip());
        } catch (java.time.DateTimeException e) {
            throw Problem.badRequest("'" + zone + "' is not a time zone: use a name such as Europe/Paris or America/New_York.");
        }
        invalidations.invalidate(TIME_ZONES, Long.toString(user.id));
        UserSetting setting = UserSetting.findById(user.id);
        if (setting == null) {
            setting = new UserSetting();
            setting.userId = user.id;
            setting.timeZone = id.getId();
            setting.persist();
        } else {
            setting.timeZone = id.getId();
        }
        return id;
    }

    public Optional<String> teamName(Long teamId) {
        return teamId == null ? Optional.empty() : Optional.ofNullable(Team.<Team>findById(teamId)).map(t -> t.name);
    }

    /**
     * The team a user belongs to, if any. Quality asks it for every answer: a team's own accounts earn
     * nothing on its campaigns and are left out of their consensus.
     */
    public Optional<Long> teamOf(long userId) {
        long team = teams.get(Long.toString(userId), id -> User.getEntityManager()
                .createQuery("select coalesce(u.teamId, -1) from User u where u.id = ?1", Long.class)
                .setParameter(1, userId).getResultStream().findFirst()).orElse(NO_TEAM);
        return team == NO_TEAM ? Optional.empty() : Optional.of(team);
    }

    /** The accounts of a team (modelers and any labeler account tied to it): a team's own labels are left out of its data. */
    public Set<Long> teamMembers(long teamId) {
        return Set.copyOf(User.getEntityManager()
                .createQuery("select u.id from User u where u.teamId = ?1", Long.class).setParameter(1, teamId).getResultList());
    }

    /** Whether a user exists; every event a consumer applies asks, so a found user is remembered. */
    public boolean exists(long userId) {
        if (existing.contains(userId)) {
            return true;
        }
        boolean found = Rows.exists(User.class, "id = ?1", userId);
        if (found) {
            if (existing.size() >= 1_000_000) { // bounded: forgetting costs one query per user again
                existing.clear();
            }
            existing.add(userId);
        }
        return found;
    }

    public List<User> users() {
        return User.listAll(io.quarkus.panache.common.Sort.by("username"));
    }

    /**
     * A new token: {@code scopes} null or empty gives every scope the owner's role allows ({@link ApiScope#allowedFor});
     * {@code days} null gives {@value #DEFAULT_TOKEN_DAYS} days, at most {@value #MAX_TOKEN_DAYS}. Asked for with a
     * token ({@code by} present), the new one gets no scope that token lacks and does not outlive it, so a narrow
     * or leaked token cannot mint itself a wider or longer one.
     */
    @Transactional
    public NewToken createToken(User owner, String name, Collection<String> scopes, Integer days,
                                Optional<ApiTokenScopes.Grant> by) {
        String label = name == null || name.isBlank() ? "token" : name.strip();
        if (label.length() > 120) {
            throw Problem.badRequest("A token name has at most 120 characters.");
        }
        int lifetime = days == null ? DEFAULT_TOKEN_DAYS : days;
        if (lifetime < 1 || lifetime > MAX_TOKEN_DAYS) {
            throw Problem.badRequest("A token lives 1 to " + MAX_TOKEN_DAYS + " days: give 'expiresInDays' in that range"
                    + " (default " + DEFAULT_TOKEN_DAYS + ").");
        }
        Set<ApiScope> granted = ApiScope.requested(scopes, owner.role);
        if (by.isPresent()) {
            boolean defaulted = scopes == null || scopes.stream().allMatch(n -> n == null || n.isBlank());
            if (defaulted) {
                granted.retainAll(by.get().scopes());
            } else if (!by.get().scopes().containsAll(granted)) {
                throw Problem.forbidden("A token can only create tokens with its own scopes (" + String.join(", ",
                        ApiScope.ids(by.get().scopes())) + "); create wider ones at /account/tokens.");
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiToken row = new ApiToken();
        row.userId = owner.id;
        row.name = label;
        row.tokenHash = sha256(token);
        row.prefix = token.substring(0, 10);
        row.scopes = ApiScope.format(granted);
        row.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored: the answer shows what the list will
        row.expiresAt = row.createdAt.plus(Duration.ofDays(lifetime));
        if (by.isPresent() && by.get().expiresAt() != null && by.get().expiresAt().isBefore(row.expiresAt)) {
            row.expiresAt = by.get().expiresAt();
        }
        row.persist();
        return new NewToken(row.id, row.name, token, ApiScope.ids(granted),
                row.createdAt, row.expiresAt);
    }

    public List<ApiToken> tokens(User owner) {
        return ApiToken.list("userId = ?1 order by createdAt desc", owner.id);
    }

    @Transactional
    public void revokeToken(User owner, long tokenId) {
        ApiToken token = ApiToken.findById(tokenId);
        if (token == null || token.userId != owner.id) {
            throw Problem.notFound("You have no API token " + tokenId + ".");
        }
        if (!token.isRevoked()) {
            token.revokedAt = Instant.now();
        }
        invalidations.invalidate(TOKEN_OWNERS, token.tokenHash);
    }

    /**
     * The owner of a presented token, if the token exists and is not revoked (cached: see {@link #tokenOwners});
     * an expired one throws {@link ExpiredToken}, checked on every request since the cache outlives expiries.
     */
    public Optional<TokenOwner> authenticateToken(String presented) {
        if (presented == null || !presented.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Optional<TokenOwner> owner = tokenOwners.get(sha256(presented),
                hash -> QuarkusTransaction.requiringNew().call(() -> loadToken(hash)));
        if (owner.isPresent() && owner.get().isExpired(Instant.now())) {
            throw new ExpiredToken(owner.get().expiresAt());
        }
        owner.ifPresent(this::touch);
        return owner;
    }

    private static Optional<TokenOwner> loadToken(String hash) {
        ApiToken token = ApiToken.find("tokenHash", hash).firstResult();
        if (token == null || token.isRevoked()) {
            return Optional.empty();
        }
        return Optional.ofNullable(User.<User>findById(token.userId)).filter(u -> !u.disabled)
                .map(u -> new TokenOwner(token.id, u.username, u.role, ApiScope.parse(token.scopes), token.expiresAt));
    }

    /** Records the token's last use, at most once a minute: a busy API client must not cost a commit per request. */
    private void touch(TokenOwner owner) {
        long now = System.currentTimeMillis();
        Long touched = tokenTouchedAt.get(owner.tokenId());
        if (touched != null && now - touched < TOKEN_TOUCH_INTERVAL.toMillis()) {
            return;
        }
        tokenTouchedAt.put(owner.tokenId(), now);
        if (tokenTouchedAt.size() > 100_000) {
            tokenTouchedAt.clear();
        }
        QuarkusTransaction.requiringNew().run(() -> ApiToken.getEntityManager()
                .createNativeQuery("update api_token set last_used_at = ?1 where id = ?2")
                .setParameter(1, Instant.ofEpochMilli(now)).setParameter(2, owner.tokenId()).executeUpdate());
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
