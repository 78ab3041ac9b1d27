package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.Problem;
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

@Path("/api/campaigns/{id}/gold")
@Tag(name = "Quality", description = "Gold tasks, agreement, labeler reliability and flags")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class GoldResource {
    private final GoldTasks gold;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final UploadConfig uploads;

    GoldResource(GoldTasks gold, Campaigns campaigns, Accounts accounts, SecurityIdentity identity, UploadConfig uploads) {
        this.gold = gold;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
    }

    public record UploadResult(int added, long total) {
    }

    public record GoldItemView(String id, String prompt, String replyA, String replyB, String answer, String explanation,
                               boolean practice) {
    }

    @POST
    @Consumes("*/*")
    @Operation(summary = "Upload gold items (JSONL or CSV): id, prompt, reply_a, reply_b, answer (A, B, TIE or "
            + "BOTH_BAD), optional explanation, optional practice (true: shown with its explanation in the labelers' practice, never "
            + "mixed into the queue). All or nothing; mixed into the campaign at its gold rate.")
    public Response upload(@PathParam("id") long id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        Campaign campaign = campaigns.managed(accounts.current(identity), id);
        if (campaign.status == Campaign.Status.CLOSED) {
            throw Problem.conflict("Campaign " + id + " is closed; gold items can no longer be added.");
        }
        Upload.Format format = Upload.Format.of(contentType);
        String text = Upload.readText(body, uploads.maxBytes());
        int added = gold.upload(campaign, text, format);
        return Response.status(201).entity(new UploadResult(added, gold.itemCount(id))).build();
    }

    @GET
    @Operation(summary = "The campaign's gold items with their known answers")
    public List<GoldItemView> items(@PathParam("id") long id) {
        campaigns.managed(accounts.current(identity), id);
        return gold.items(id).stream()
                .map(i -> new GoldItemView(i.externalId, i.prompt, i.firstReply, i.secondReply, i.answer, i.explanation, i.practice)).toList();
    }
}
