package dev.laurel.account;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Tag(name = "Accounts", description = "Users and API tokens")
public class AccountResource {
    private final Accounts accounts;
    private final AccountAdministration administration;
    private final Passwords passwords;
    private final SecurityIdentity identity;

    AccountResource(Accounts accounts, AccountAdministration administration, Passwords passwords, SecurityIdentity identity) {
        this.accounts = accounts;
        this.administration = administration;
        this.passwords = passwords;
        this.identity = identity;
    }

    public record UserView(long id, String username, String role, String team, boolean disabled) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    public record NewUser(@NotBlank String username, @NotBlank String password, @NotBlank String role, String team) {
    }

    public record TokenRequest(
            String name,
            @Schema(description = "Any of read (GET), write (other changes), label (lease, answer, skip tasks; labelers only);"
                    + " default: every scope your role allows") List<String> scopes,
            @Schema(description = "Days until the token expires: 1 to 365, default 90") Integer expiresInDays) {
    }

    public record TokenView(long id, String name, String prefix, List<String> scopes, Instant createdAt, Instant expiresAt,
                            @Schema(description = "Updated at most once a minute") Instant lastUsedAt, Instant revokedAt,
                            boolean expired) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, t.prefix, t.scopeList(), t.createdAt, t.expiresAt, t.lastUsedAt,
                    t.revokedAt, t.isExpired());
        }
    }

    @GET
    @Path("me")
    @Authenticated
    public UserView me() {
        return view(accounts.current(identity));
    }

    public record Settings(String timeZone) {
    }

    @GET
    @Path("me/settings")
    @Authenticated
    public Settings settings() {
        return new Settings(accounts.timeZone(accounts.current(identity).id).getId());
    }

    @PUT
    @Path("me/settings")
    @Authenticated
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Your settings: the time zone (IANA name, e.g. Europe/Paris) your streak days are counted in")
    public Settings updateSettings(Settings request) {
        if (request == null || request.timeZone() == null) {
            throw dev.laurel.platform.Problem.badRequest("Give 'timeZone', e.g. {\"timeZone\": \"Europe/Paris\"}.");
        }
        return new Settings(accounts.setTimeZone(accounts.current(identity), request.timeZone()).getId());
    }

    @POST
    @Path("me/password")
    @Authenticated
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Change your password: give 'currentPassword' and 'newPassword'. Every login session ends (the one sending this keeps going if it is a browser's); API tokens stay")
    public Response changePassword(PasswordChange request, @CookieParam(LoginSessions.COOKIE) String session,
                                   @Context RoutingContext http) {
        if (request == null || request.newPassword() == null) {
            throw dev.laurel.platform.Problem.badRequest("Give 'currentPassword' and 'newPassword'.");
        }
        passwords.change(accounts.current(identity), request.currentPassword(), request.newPassword(), session, http);
        return Response.noContent().build();
    }

    @POST
    @Path("users/{id}/disable")
    @RolesAllowed(Role.ADMIN)
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Disable a user: their sessions end and their API tokens stop working at once; they cannot log in until enabled")
    public UserView disable(@PathParam("id") long id) {
        return view(administration.setDisabled(accounts.current(identity), id, true));
    }

    @POST
    @Path("users/{id}/enable")
    @RolesAllowed(Role.ADMIN)
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Enable a disabled user again (they log in anew; their unrevoked API tokens work again)")
    public UserView enable(@PathParam("id") long id) {
        return view(administration.setDisabled(accounts.current(identity), id, false));
    }

    @GET
    @Path("users")
    @RolesAllowed(Role.ADMIN)
    public List<UserView> users() {
        return accounts.users().stream().map(this::view).toList();
    }

    @POST
    @Path("users")
    @RolesAllowed(Role.ADMIN)
    public Response createUser(@Valid NewUser request) {
        User user = administration.createUser(accounts.current(identity), request.username(), request.password(),
                request.role(), request.team());
        return Response.status(201).entity(view(user)).build();
    }

    @POST
    @Path("tokens")
    @Authenticated
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Create an API token; its secret is in this answer only")
    public Response createToken(TokenRequest request) {
        TokenRequest asked = request == null ? new TokenRequest(null, null, null) : request;
        Accounts.NewToken token = accounts.createToken(accounts.current(identity), asked.name(), asked.scopes(),
                asked.expiresInDays(), ApiTokenScopes.Grant.of(identity));
        return Response.status(201).entity(token).build();
    }

    @GET
    @Path("tokens")
    @Authenticated
    public List<TokenView> tokens() {
        return accounts.tokens(accounts.current(identity)).stream().map(TokenView::of).toList();
    }

    @DELETE
    @Path("tokens/{id}")
    @Authenticated
    public Response revokeToken(@PathParam("id") long id) {
        accounts.revokeToken(accounts.current(identity), id);
        return Response.noContent().build();
    }

    private static UserView view(AccountAdministration.UserRow row) {
        return new UserView(row.id(), row.username(), row.role(), row.team(), row.disabled());
    }

    private UserView view(User user) {
        return new UserView(user.id, user.username, user.role, accounts.teamName(user.teamId).orElse(null), user.disabled);
    }
}
