package dev.laurel.account;

import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Login, registration, logout, the account page (password, sessions) and the API-token page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {
    private final Accounts accounts;
    private final LoginSessions sessions;
    private final Passwords passwords;
    private final IdentityProviderManager identities;
    private final SecurityIdentity identity;

    AccountPages(Accounts accounts, LoginSessions sessions, Passwords passwords, IdentityProviderManager identities,
                 SecurityIdentity identity) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.passwords = passwords;
        this.identities = identities;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Viewer me);

        /** {@code throttled}: why this sign-in was refused before its password was checked (else null). */
        static native TemplateInstance login(Viewer me, boolean failed, boolean registered, String throttled);

        static native TemplateInstance register(Viewer me, String error, String username);

        static native TemplateInstance tokens(Viewer me, List<ApiToken> tokens, Accounts.NewToken created);

        /** {@code error} or {@code notice}: the outcome of a password change (else null). */
        static native TemplateInstance account(Viewer me, List<LoginSessions.SessionView> sessions, String error, String notice);
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
        return Templates.register(Viewer.ANONYMOUS, null, "");
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object register(@FormParam("username") String username, @FormParam("password") String password) {
        try {
            accounts.register(username, password, Role.LABELER, null);
        } catch (Problem e) {
            // a taken username gets the same status as any other refusal and a sentence that names no one:
            // the public form must not be a way to learn which accounts exist
            boolean taken = e.status() == 409;
            String reason = taken ? "Could not register with these details: choose another username." : e.getMessage();
            return Response.status(400).entity(Templates.register(Viewer.ANONYMOUS, reason, username)).build();
        }
        return Response.seeOther(URI.create("/login?registered=true")).build();
    }

    /**
     * The login form. The password is checked by Quarkus' identity providers ({@link ThrottledPasswordLogin}: a
     * throttled attempt ends in {@link LoginThrottledMapper}); a match begins a server-side session.
     */
    @POST
    @Path("j_security_check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.WILDCARD) // redirects without a body; a refusal picks page or problem+json (LoginThrottledMapper)
    public Response login(@FormParam("j_username") String username, @FormParam("j_password") String password,
                          @Context RoutingContext http) {
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            return Response.seeOther(URI.create("/login?error=true")).build();
        }
        SecurityIdentity who;
        try {
            who = identities.authenticateBlocking(HttpSecurityUtils.setRoutingContextAttribute(
                    new UsernamePasswordAuthenticationRequest(username, new PasswordCredential(password.toCharArray())), http));
        } catch (AuthenticationFailedException e) {
            return Response.seeOther(URI.create("/login?error=true")).build();
        }
        String token = sessions.start(who.getPrincipal().getName(), http.request().getHeader(HttpHeaders.USER_AGENT));
        return Response.status(Response.Status.FOUND).location(URI.create("/")).cookie(sessionCookie(token, http)).build();
    }

    /**
     * Without an expiry (the browser forgets it when closed; the server ends it anyway), HttpOnly, SameSite=Strict,
     * and Secure whenever the request came over https: behind the TLS proxy the scheme is X-Forwarded-Proto's
     * (trusted when LAUREL_BEHIND_PROXY is set).
     */
    private static NewCookie sessionCookie(String token, RoutingContext http) {
        return new NewCookie.Builder(LoginSessions.COOKIE).value(token).path("/").httpOnly(true)
                .secure("https".equalsIgnoreCase(http.request().scheme())).sameSite(NewCookie.SameSite.STRICT).build();
    }

    private static NewCookie expiredCookie() {
        return new NewCookie.Builder(LoginSessions.COOKIE).path("/").maxAge(0).value("").build();
    }

    /** Ends this browser's session on the server too, so a copy of the cookie stops working as well. */
    @POST
    @Path("logout")
    public Response logout(@CookieParam(LoginSessions.COOKIE) String token) {
        sessions.end(token);
        return Response.seeOther(URI.create("/login")).cookie(expiredCookie()).build();
    }

    @GET
    @Path("account")
    @Authenticated
    public TemplateInstance account(@CookieParam(LoginSessions.COOKIE) String token) {
        User me = accounts.current(identity);
        return Templates.account(Viewer.of(me), sessions.open(me.id, token), null, null);
    }

    /** A new password ends every other session of the user; this browser stays logged in. */
    @POST
    @Path("account/password")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@FormParam("current") String current, @FormParam("password") String password,
                                   @CookieParam(LoginSessions.COOKIE) String token, @Context RoutingContext http) {
        User me = accounts.current(identity);
        try {
            passwords.change(me, current, password, token, http);
        } catch (Problem e) {
            return Response.status(e.status())
                    .entity(Templates.account(Viewer.of(me), sessions.open(me.id, token), e.getMessage(), null)).build();
        }
        return Response.ok(Templates.account(Viewer.of(me), sessions.open(me.id, token), null,
                "Your password is changed, and every other session is logged out.")).build();
    }

    /** Ends every session of the user, this one included (a lost phone, a shared computer). */
    @POST
    @Path("account/logout-everywhere")
    @Authenticated
    public Response logoutEverywhere() {
        accounts.endAllSessions(accounts.current(identity));
        return Response.seeOther(URI.create("/login")).cookie(expiredCookie()).build();
    }

    @GET
    @Path("account/tokens")
    @Authenticated
    public TemplateInstance tokens() {
        User me = accounts.current(identity);
        return Templates.tokens(Viewer.of(me), accounts.tokens(me), null);
    }

    @POST
    @Path("account/tokens")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance createToken(@FormParam("name") String name) {
        User me = accounts.current(identity);
        Accounts.NewToken created = accounts.createToken(me, name);
        return Templates.tokens(Viewer.of(me), accounts.tokens(me), created);
    }

    @POST
    @Path("account/tokens/{id}/revoke")
    @Authenticated
    public Response revoke(@PathParam("id") long id) {
        accounts.revokeToken(accounts.current(identity), id);
        return Response.seeOther(URI.create("/account/tokens")).build();
    }
}
