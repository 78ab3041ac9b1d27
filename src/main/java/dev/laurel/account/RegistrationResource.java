package dev.laurel.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The admin's side of registration: invite codes (mode invite) and registrations awaiting approval (mode approval). */
@Path("/api")
@Tag(name = "Registration", description = "Invite codes and registrations awaiting approval (admins)")
@RolesAllowed(Role.ADMIN)
public class RegistrationResource {
    private final Registrations registrations;
    private final Accounts accounts;
    private final io.quarkus.security.identity.SecurityIdentity identity;

    RegistrationResource(Registrations registrations, Accounts accounts, io.quarkus.security.identity.SecurityIdentity identity) {
        this.registrations = registrations;
        this.accounts = accounts;
        this.identity = identity;
    }

    public record InviteRequest(String note,
                                @Schema(description = "Days the code stays usable: 1 to 90, default laurel.registration.invite-days (7)")
                                Integer expiresInDays) {
    }

    public record InviteView(long id, String prefix, String note, Instant createdAt, Instant expiresAt, Instant usedAt,
                             @Schema(description = "unused, used, revoked or expired") String state) {
        static InviteView of(Invite i) {
            return new InviteView(i.id, i.prefix, i.note, i.createdAt, i.expiresAt, i.usedAt, i.state());
        }
    }

    public record PendingView(long id, String username, Instant requestedAt) {
    }

    @POST
    @Path("invites")
    @Operation(summary = "Create a single-use invite code; the code is in this answer only")
    public Response createInvite(InviteRequest request) {
        InviteRequest asked = request == null ? new InviteRequest(null, null) : request;
        return Response.status(201)
                .entity(registrations.createInvite(accounts.current(identity), asked.note(), asked.expiresInDays())).build();
    }

    @GET
    @Path("invites")
    public List<InviteView> invites() {
        return registrations.invites().stream().map(InviteView::of).toList();
    }

    @DELETE
    @Path("invites/{id}")
    @Operation(summary = "Revoke an unused invite code")
    public Response revokeInvite(@PathParam("id") long id) {
        registrations.revokeInvite(id);
        return Response.noContent().build();
    }

    @GET
    @Path("registrations/pending")
    public List<PendingView> pending() {
        return registrations.pending().stream().map(p -> new PendingView(p.id, p.username, p.requestedAt)).toList();
    }

    @POST
    @Path("registrations/{id}/approve")
    @Operation(summary = "Approve a registration: the labeler account is created and can log in")
    public AccountResource.UserView approve(@PathParam("id") long id) {
        User user = registrations.approve(id);
        return new AccountResource.UserView(user.id, user.username, user.role, null, user.disabled);
    }

    @POST
    @Path("registrations/{id}/reject")
    @Operation(summary = "Reject a registration: it is deleted")
    public Response reject(@PathParam("id") long id) {
        registrations.reject(id);
        return Response.noContent().build();
    }
}
