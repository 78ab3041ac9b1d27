package dev.laurel.account;

import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Login, registration, logout and the API-token page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {
    private final Accounts accounts;
    private final Registrations registrations;
    private final SecurityIdentity identity;

    AccountPages(Accounts accounts, Registrations registrations, SecurityIdentity identity) {
        this.accounts = accounts;
        this.registrations = registrations;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Viewer me);

        /** {@code throttled}: why this sign-in was refused before its password was checked (else null). */
        static native TemplateInstance login(Viewer me, boolean failed, boolean registered, String throttled);

        static native TemplateInstance register(Viewer me, RegisterForm form);

        static native TemplateInstance tokens(Viewer me, List<ApiToken> tokens, Accounts.NewToken created, TokenForm form);
    }

    /**
     * The registration form: {@code mode} (open, invite, approval) decides whether it asks for an invite code;
     * {@code received}: a request was taken and awaits an admin (mode approval).
     */
    public record RegisterForm(String mode, String error, String username, boolean received) {
        static RegisterForm of(RegistrationConfig.Mode mode, String error, String username, boolean received) {
            return new RegisterForm(mode.name().toLowerCase(java.util.Locale.ROOT), error, username, received);
        }
    }

    /** The token form: the scopes the viewer's role can give, the lifetime bounds, and why a creation was refused. */
    public record TokenForm(List<String> scopes, int defaultDays, int maxDays, String error) {
        static TokenForm of(User me, String error) {
            return new TokenForm(ApiScope.ids(ApiScope.allowedFor(me.role)),
                    Accounts.DEFAULT_TOKEN_DAYS, Accounts.MAX_TOKEN_DAYS, error);
        }
    }

    @GET
    public Object home() {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create("/campaigns")).build();
        }
        return Templates.home(Viewer.ANONYMOUS);
    }

    @GET
    @Path("login")
    public TemplateInstance login(@QueryParam("error") boolean failed, @QueryParam("registered") boolean registered) {
        return Templates.login(Viewer.ANONYMOUS, failed, registered, null);
    }

    @GET
    @Path("register")
    public TemplateInstance registerForm() {
        return Templates.register(Viewer.ANONYMOUS, RegisterForm.of(registrations.mode(), null, "", false));
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object register(@FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("invite") String invite) {
        Registrations.Outcome outcome;
        try {
            // a taken username is no refusal: it is answered like a free one (see Registrations), so this form
            // cannot tell anyone which accounts exist; what is refused here is malformed input or a bad invite code
            outcome = registrations.register(username, password, invite);
        } catch (Problem e) {
            return Response.status(e.status())
                    .entity(Templates.register(Viewer.ANONYMOUS, RegisterForm.of(registrations.mode(), e.getMessage(), username, false)))
                    .build();
        }
        if (outcome == Registrations.Outcome.AWAITS_APPROVAL) {
            return Templates.register(Viewer.ANONYMOUS, RegisterForm.of(registrations.mode(), null, username, true));
        }
        return Response.seeOther(URI.create("/login?registered=true")).build();
    }

    @POST
    @Path("logout")
    public Response logout() {
        NewCookie expired = new NewCookie.Builder("quarkus-credential").path("/").maxAge(0).value("").build();
        return Response.seeOther(URI.create("/login")).cookie(expired).build();
    }

    @GET
    @Path("account/tokens")
    @Authenticated
    public TemplateInstance tokens() {
        User me = accounts.current(identity);
        return Templates.tokens(Viewer.of(me), accounts.tokens(me), null, TokenForm.of(me, null));
    }

    @POST
    @Path("account/tokens")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createToken(@FormParam("name") String name, @FormParam("scope") List<String> scopes,
                                @FormParam("days") String days) {
        User me = accounts.current(identity);
        try {
            if (scopes == null || scopes.stream().allMatch(String::isBlank)) {
                throw Problem.badRequest("Tick at least one scope: read, write or label.");
            }
            Accounts.NewToken created = accounts.createToken(me, name, scopes,
                    days == null || days.isBlank() ? null : parseDays(days), ApiTokenScopes.Grant.of(identity));
            return Response.ok(Templates.tokens(Viewer.of(me), accounts.tokens(me), created, TokenForm.of(me, null))).build();
        } catch (Problem e) {
            return Response.status(e.status())
                    .entity(Templates.tokens(Viewer.of(me), accounts.tokens(me), null, TokenForm.of(me, e.getMessage()))).build();
        }
    }

    private static int parseDays(String days) {
        try {
            return Integer.parseInt(days.strip());
        } catch (NumberFormatException e) {
            throw Problem.badRequest("Give the token's lifetime as a number of days, 1 to " + Accounts.MAX_TOKEN_DAYS + ".");
        }
    }

    @POST
    @Path("account/tokens/{id}/revoke")
    @Authenticated
    public Response revoke(@PathParam("id") long id) {
        accounts.revokeToken(accounts.current(identity), id);
        return Response.seeOther(URI.create("/account/tokens")).build();
    }
}
