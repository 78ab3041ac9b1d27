package dev.laurel.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Upload;
import dev.laurel.platform.UploadConfig;
import io.quarkus.security.Authenticated;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns")
@Tag(name = "Campaigns", description = "Campaigns, prompt sets and progress")
public class CampaignResource {
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final UploadConfig uploads;

    CampaignResource(Campaigns campaigns, Accounts accounts, SecurityIdentity identity, UploadConfig uploads) {
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
    }

    public record CampaignView(long id, String name, String description, String instructions,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String systemPrompt, TaskKind kind,
                               KindSettings settings, String status, int overlap, int leaseSeconds, long prompts, Instant createdAt, Instant openedAt,
                               Campaigns.Progress progress) {
    }

    /** {@code prompt} is the last user turn; {@code messages} the whole conversation, for a prompt with several turns. */
    public record PromptView(String id, String prompt, @JsonInclude(JsonInclude.Include.NON_NULL) List<ChatMessage> messages) {
    }

    public record UploadResult(int added, long total) {
    }

    @POST
    @RolesAllowed(Role.MODELER)
    @Operation(summary = "Create a draft campaign for your team",
            description = "kind is PAIRWISE (default), RANKING, RUBRIC, CATEGORICAL or CORRECTION; settings hold what the"
                    + " kind needs: PAIRWISE flags; RANKING optional k (the most replies per task, 2-32; omitted: all replies of a"
                    + " prompt) and optional topK; RUBRIC dimensions and scale (5 or 7);"
                    + " CATEGORICAL labels, multi and target (PROMPT or REPLY); CORRECTION none.")
    public Response create(Campaigns.NewCampaign request) {
        if (request == null) {
            throw dev.laurel.platform.Problem.badRequest("Send the campaign as JSON: {\"name\": ..., \"overlap\": 3}"
                    + " (optionally \"kind\" and its \"settings\").");
        }
        Campaign campaign = campaigns.create(me(), request);
        return Response.status(201).entity(view(campaign)).build();
    }

    @GET
    @Authenticated
    public List<CampaignView> list() {
        return campaigns.visibleTo(me()).stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    @Authenticated
    public CampaignView get(@PathParam("id") long id) {
        return view(campaigns.visible(me(), id));
    }

    @POST
    @Path("{id}/prompts")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Consumes("*/*")
    @Operation(summary = "Upload prompts (JSONL with Content-Type application/jsonl, or CSV with text/csv); "
            + "each record has 'id' and either 'prompt' (text) or 'messages' (a conversation: [{\"role\": \"system\"|\"user\"|"
            + "\"assistant\", \"content\": ...}, ...] ending with a user turn; in CSV a column holding that JSON). "
            + "All or nothing: any bad line rejects the file, listing every bad line.")
    public Response uploadPrompts(@PathParam("id") long id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                  InputStream body) {
        User user = me();
        campaigns.managed(user, id);
        Upload.Format format = Upload.Format.of(contentType);
        String text = Upload.readText(body, uploads.maxBytes());
        int added = campaigns.uploadPrompts(user, id, text, format);
        return Response.status(201).entity(new UploadResult(added, campaigns.promptCount(id))).build();
    }

    @GET
    @Path("{id}/prompts")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    public List<PromptView> prompts(@PathParam("id") long id) {
        campaigns.managed(me(), id);
        return campaigns.prompts(id).stream().map(p -> new PromptView(p.externalId, p.text,
                p.messages == null ? null : p.conversation())).toList();
    }

    @POST
    @Path("{id}/open")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Operation(summary = "Open the campaign: tasks are made from its prompts and replies according to its kind")
    public CampaignView open(@PathParam("id") long id) {
        return view(campaigns.open(me(), id));
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Operation(summary = "Pause an open campaign: labelers get none of its tasks and cannot answer until it is resumed")
    public CampaignView pause(@PathParam("id") long id) {
        return view(campaigns.pause(me(), id));
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Operation(summary = "Resume a paused campaign")
    public CampaignView resume(@PathParam("id") long id) {
        return view(campaigns.resume(me(), id));
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Operation(summary = "Close an open or paused campaign for good; its answers, datasets and leaderboard stay")
    public CampaignView close(@PathParam("id") long id) {
        return view(campaigns.close(me(), id));
    }

    @GET
    @Path("{id}/progress")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    public Campaigns.Progress progress(@PathParam("id") long id) {
        campaigns.managed(me(), id);
        return campaigns.progress(id);
    }

    private CampaignView view(Campaign c) {
        return new CampaignView(c.id, c.name, c.description, c.instructions, c.systemPrompt, c.kind, c.kindSettings(), Campaigns.stateOf(c),
                c.overlap, c.leaseSeconds, campaigns.promptCount(c.id), c.createdAt, c.openedAt, campaigns.progress(c.id));
    }

    private User me() {
        return accounts.current(identity);
    }
}
