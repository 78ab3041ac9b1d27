package dev.laurel.task;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.Upload;
import dev.laurel.platform.UploadConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{campaignId}/assignments")
@Tag(name = "Tasks", description = "The labeler's task queue")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class AssignmentResource {
    private final ManualAssignments assignments;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final UploadConfig uploads;

    AssignmentResource(ManualAssignments assignments, Campaigns campaigns, Accounts accounts, SecurityIdentity identity,
                       UploadConfig uploads) {
        this.assignments = assignments;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
    }

    @POST
    @Consumes("*/*")
    @Operation(summary = "Assign items to labelers (JSONL or CSV): 'item' (a prompt id) and 'labeler' (a username) per record",
            description = "Once a campaign has assignments, an item's tasks are leased only to the labelers assigned to it,"
                    + " still one at a time, blind and never twice. All or nothing: any bad line rejects the file, listing"
                    + " every bad line. Uploads add to earlier ones.")
    public Response upload(@PathParam("campaignId") long campaignId,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Upload.Format format = Upload.Format.of(contentType);
        campaigns.managed(accounts.current(identity), campaignId);
        String text = Upload.readText(body, uploads.maxBytes());
        return Response.status(201)
                .entity(assignments.upload(accounts.current(identity), campaignId, text, format)).build();
    }

    @GET
    @Operation(summary = "The campaign's manual assignments, item by item")
    public List<ManualAssignments.Entry> list(@PathParam("campaignId") long campaignId) {
        campaigns.managed(accounts.current(identity), campaignId);
        return assignments.entries(campaignId);
    }
}
