package dev.laurel.model;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import dev.laurel.platform.UploadConfig;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
    private final ModelUploads models;
    private final ArtifactValidation validation;

    CandidateResource(Candidates candidates, Accounts accounts, SecurityIdentity identity, UploadConfig uploads,
                      ModelConfig config, ArtifactValidation validation) {
        this.candidates = candidates;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
        this.models = new ModelUploads(java.nio.file.Path.of(config.store()), config.maxArtifactBytes());
        this.validation = validation;
    }

    /**
     * A candidate as its team sees it; an endpoint's API key is never shown. DJL_ARTIFACT: {@code artifact} is
     * the validated model in use; {@code artifactStatus} and {@code artifactReason} tell how the latest upload
     * ({@code artifactUpload}) fared.
     */
    public record CandidateView(long id, String name, Candidate.Kind kind, Instant createdAt, String artifact,
                                String modelTask, String baseUrl, String model, Candidate.ArtifactStatus artifactStatus,
                                String artifactReason, String artifactUpload) {
        static CandidateView of(Candidate c) {
            return new CandidateView(c.id, c.name, c.kind, c.createdAt, c.artifact, c.modelTask, c.endpointUrl, c.endpointModel,
                    c.artifactStatus, c.artifactReason, c.artifactUpload);
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
            + "or model-0000.params (char-lstm), + tokenizer.json. Answers 202 with artifactStatus VALIDATING: a worker "
            + "loads the model and runs one forward pass, then artifactStatus becomes READY (it is the candidate's model) "
            + "or REJECTED with artifactReason. Larger than laurel.models.max-artifact-bytes: 413 and nothing is kept.")
    public Response uploadArtifact(@PathParam("id") long id, InputStream body) {
        User user = me();
        candidates.requireArtifactKind(user, id); // before reading a large body for nothing
        // streamed to the model store; this process never opens it (web pods load no model code)
        String sha = models.receive(body);
        Candidate candidate;
        try {
            candidate = candidates.artifactUploaded(user, id, sha);
        } catch (RuntimeException e) {
            forget(sha);
            throw e;
        }
        validation.wake(); // at once when this process is a worker too; otherwise a worker's poll finds it
        return Response.status(Response.Status.ACCEPTED).entity(CandidateView.of(candidate)).build();
    }

    /** Nothing half-written: a received zip that no candidate waits on is deleted. */
    private void forget(String sha) {
        try {
            if (!candidates.awaitsValidation(sha)) {
                models.discard(sha);
            }
        } catch (RuntimeException e) {
            Log.warnf("Upload %s could not be cleaned up: %s", sha, e.getMessage());
        }
    }

    @POST
    @Path("{candidateId}/campaigns/{campaignId}")
    @Operation(summary = "Enter a generating candidate (DJL_ARTIFACT, OPENAI_COMPATIBLE) in a campaign: its replies are "
            + "generated when the campaign opens, or at once if it is open")
    public Response enter(@PathParam("candidateId") long candidateId, @PathParam("campaignId") long campaignId) {
        candidates.enter(me(), campaignId, candidateId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{candidateId}/campaigns/{campaignId}")
    @Operation(summary = "Take a candidate out of a draft campaign: its uploaded replies there are deleted, or a generating "
            + "candidate's entry is removed. An open or closed campaign keeps its candidates (409).")
    public Response remove(@PathParam("candidateId") long candidateId, @PathParam("campaignId") long campaignId) {
        candidates.remove(me(), campaignId, candidateId);
        return Response.noContent().build();
    }

    public record TestCallRequest(String prompt) {
    }

    @POST
    @Path("{id}/test-call")
    @Operation(summary = "Send one prompt to an OPENAI_COMPATIBLE candidate's endpoint and show its reply (ok, reply, tokens) "
            + "or why there is none (ok false, error); nothing is stored")
    public Candidates.TestCall testCall(@PathParam("id") long id, TestCallRequest request) {
        if (request == null) {
            throw Problem.badRequest("Send the test prompt as JSON: {\"prompt\": \"Say hello\"}.");
        }
        return candidates.testCall(me(), id, request.prompt());
    }

    private User me() {
        return accounts.current(identity);
    }
}
