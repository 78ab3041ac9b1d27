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
    private final SecurityIdentity identity;

    AccountPages(Accounts accounts, SecurityIdentity identity) {
        this.accounts = accounts;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Viewer me);

        /** {@code throttled}: why this sign-in was refused before its password was checked (else null). */
        static native TemplateInstance login(Viewer me, boolean failed, boolean registered, String throttled);

        static native TemplateInstance register(Viewer me, String error, String username);

        static native TemplateInstance tokens(Viewer me, List<ApiToken> tokens, Accounts.NewToken created);
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
