package dev.laurel.platform;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/admin/events/parked")
@Tag(name = "Operations", description = "Events consumers could not process")
@RolesAllowed("admin") // account.Role.ADMIN: platform sits below account
public class ParkedEventResource {
    private final ParkedEvents parked;

    ParkedEventResource(ParkedEvents parked) {
        this.parked = parked;
    }

    @GET
    @Operation(summary = "Messages consumers set aside, with the reason, oldest first (those not put back yet)")
    public List<ParkedEvents.View> waiting() {
        return parked.waiting();
    }

    @POST
    @Path("{id}/requeue")
    @Operation(summary = "Send a parked event again once its cause is fixed; consumers that applied it already ignore it")
    public ParkedEvents.View requeue(@PathParam("id") long id) {
        return parked.requeue(id);
    }
}
