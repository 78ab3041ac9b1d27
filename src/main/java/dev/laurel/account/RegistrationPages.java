package dev.laurel.account;

import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** The admin's registration page: the mode, registrations awaiting approval, invite codes (as RegistrationResource). */
@Path("/admin/registrations")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class RegistrationPages {
    private final Registrations registrations;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    RegistrationPages(Registrations registrations, Accounts accounts, SecurityIdentity identity) {
        this.registrations = registrations;
        this.accounts = accounts;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        /** {@code created}: a new invite, whose code is shown this once; {@code notice}/{@code error}: the last action's outcome. */
        static native TemplateInstance admin(Viewer me, String mode, List<PendingRegistration> pending, List<Invite> invites,
                                             Registrations.NewInvite created, String notice, String error);
    }

    @GET
    public TemplateInstance page() {
        return page(null, null, null);
    }

    @POST
    @Path("invites")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createInvite(@FormParam("note") String note, @FormParam("days") String days) {
        try {
            Integer lifetime = days == null || days.isBlank() ? null : Integer.valueOf(days.strip());
            return Response.ok(page(registrations.createInvite(accounts.current(identity), note, lifetime), null, null)).build();
        } catch (NumberFormatException e) {
            return Response.status(400).entity(page(null, null, "Give the invite's lifetime as a number of days.")).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(page(null, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("invites/{id}/revoke")
    public Response revokeInvite(@PathParam("id") long id) {
        return act(() -> registrations.revokeInvite(id), "Invite " + id + " is revoked.");
    }

    @POST
    @Path("{id}/approve")
    public Response approve(@PathParam("id") long id) {
        try {
            User user = registrations.approve(id);
            return Response.ok(page(null, "'" + user.username + "' can log in now.", null)).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(page(null, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("{id}/reject")
    public Response reject(@PathParam("id") long id) {
        return act(() -> registrations.reject(id), "The registration is rejected.");
    }

    private Response act(Runnable action, String notice) {
        try {
            action.run();
            return Response.ok(page(null, notice, null)).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(page(null, null, e.getMessage())).build();
        }
    }

    private TemplateInstance page(Registrations.NewInvite created, String notice, String error) {
        return Templates.admin(Viewer.of(accounts.current(identity)), registrations.mode().name().toLowerCase(Locale.ROOT),
                registrations.pending(), registrations.invites(), created, notice, error);
    }
}
