package dev.laurel.model;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import dev.laurel.platform.UploadConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/candidates")
@Tag(name = "Candidates", description = "Candidate models and their uploaded outputs")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class CandidateResource {
    private final Candidates candidates;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final UploadConfig uploads;
    private final Generators generators;
    private final ModelConfig config;

    CandidateResource(Candidates candidates, Accounts accounts, SecurityIdentity identity, UploadConfig uploads,
                      Generators generators, ModelConfig config) {
        this.candidates = candidates;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
        this.generators = generators;
        this.config = config;
    }

    /** A candidate as its team sees it; an endpoint's API key is never shown. */
    public record CandidateView(long id, String name, Candidate.Kind kind, Instant createdAt, String artifact,
                                String modelTask, String baseUrl, String model) {
        static CandidateView of(Candidate c) {
            return new CandidateView(c.id, c.name, c.kind, c.createdAt, c.artifact, c.modelTask, c.endpointUrl, c.endpointModel);
        }
    }

    public record OutputsResult(long candidateId, int added) {
    }

    @POST
    @RolesAllowed(Role.MODELER)
    @Operation(summary = "Register a candidate model for your team (kind UPLOADED_OUTPUTS)")
    public Response register(Candidates.NewCandidate request) {
        if (request == null) {
            throw Problem.badRequest("Send the candidate as JSON: {\"name\": ..., \"kind\": \"UPLOADED_OUTPUTS\"}.");
        }
        return Response.status(201).entity(CandidateView.of(candidates.register(me(), request))).build();
    }

    @GET
    public List<CandidateView> list() {
        return candidates.visibleTo(me()).stream().map(CandidateView::of).toList();
    }

    @GET
    @Path("{id}")
    public CandidateView get(@PathParam("id") long id) {
        return CandidateView.of(candidates.visible(me(), id));
    }

    @POST
    @Path("{candidateId}/campaigns/{campaignId}/outputs")
    @Consumes("*/*")
    @Operation(summary = "Upload a candidate's replies to a draft campaign's prompts: JSONL (application/jsonl) or "
            + "CSV (text/csv) records with 'prompt_id' and 'output'. All or nothing.")
    public Response uploadOutputs(@PathParam("campaignId") long campaignId, @PathParam("candidateId") long candidateId,
                                  @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        User user = me();
        Upload.Format format = Upload.Format.of(contentType);
        String text = Upload.readText(body, uploads.maxBytes());
        int added = candidates.uploadOutputs(user, campaignId, candidateId, text, format);
        return Response.status(201).entity(new OutputsResult(candidateId, added)).build();
    }

    @PUT
    @Path("{id}/artifact")
    @Consumes({"application/zip", "application/octet-stream"})
    @Operation(summary = "Upload a DJL_ARTIFACT candidate's model zip: manifest.json + model.pt (TorchScript), model.onnx "
            + "or model-0000.params (char-lstm), + tokenizer.json. It must load and run one forward pass; otherwise 400 and nothing is stored.")
    public CandidateView uploadArtifact(@PathParam("id") long id, InputStream body) {
        User user = me();
        candidates.requireArtifactKind(user, id);
        ModelArtifacts.Stored stored;
        try {
            stored = generators.artifacts().store(ModelArtifacts.read(body, config.maxArtifactBytes()));
        } catch (ArtifactRejected e) {
            throw Problem.badRequest(e.getMessage());
        }
        return CandidateView.of(candidates.attachArtifact(user, id, stored));
    }

    @POST
    @Path("{candidateId}/campaigns/{campaignId}")
    @Operation(summary = "Enter a generating candidate (DJL_ARTIFACT, OPENAI_COMPATIBLE) in a campaign: its replies are "
            + "generated when the campaign opens, or at once if it is open")
    public Response enter(@PathParam("candidateId") long candidateId, @PathParam("campaignId") long campaignId) {
        candidates.enter(me(), campaignId, candidateId);
        return Response.noContent().build();
    }

    private User me() {
        return accounts.current(identity);
    }
}
