package dev.laurel.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.account.Accounts;
import dev.laurel.account.ApiScope;
import dev.laurel.account.RequiresScope;
import dev.laurel.account.Role;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.platform.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{campaignId}/tasks")
@Tag(name = "Tasks", description = "The labeler's task queue")
@RolesAllowed(Role.LABELER)
@RequiresScope(ApiScope.LABEL) // the labeling hot path: a token with only 'label' can work the queue and nothing else
public class TaskResource {
    private final TaskQueue queue;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    TaskResource(TaskQueue queue, Accounts accounts, SecurityIdentity identity, ObjectMapper json) {
        this.queue = queue;
        this.accounts = accounts;
        this.identity = identity;
        this.json = json;
    }

    /** An accepted answer: {@code choice} for pairwise, {@code answer} (the stored JSON) for every kind. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubmissionView(long id, long taskId, Choice choice, String reason,
                                 @Schema(description = "The validated answer: per kind, what was sent plus the generation ids"
                                         + " it refers to; a correction adds its word diff") JsonNode answer,
                                 Instant acceptedAt) {
    }

    @POST
    @Path("next")
    @Operation(summary = "Lease your next task in an open campaign (your current one if you hold a lease); 204 when none is left for you")
    public Response next(@PathParam("campaignId") long campaignId) {
        return queue.lease(accounts.current(identity), campaignId)
                .map(task -> Response.ok(task).build())
                .orElseGet(() -> Response.noContent().build());
    }

    /** The optional reason of a skip (quality stores and counts skips); the body may be empty. */
    private String skipReason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode reason = json.readTree(body).get("reason");
            return reason == null || reason.isNull() ? null : reason.asText();
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("Send the skip as JSON: {\"reason\": \"...\"}, or no body.");
        }
    }

    @POST
    @Path("{taskId}/answer")
    @Operation(summary = "Answer a task you hold, in the format of its kind",
            description = "PAIRWISE: choice A (left), B (right), TIE or BOTH_BAD, optional flags per reply; RANKING: ranking,"
                    + " reply numbers best first; RUBRIC: ratings per dimension; CATEGORICAL: labels; CORRECTION: text."
                    + " Every kind takes an optional reason. A wrong answer gets 400 with a sentence saying what to fix.")
    public Response answer(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId,
                           AnswerRequest answer) throws JsonProcessingException {
        Submission s = queue.answer(accounts.current(identity), campaignId, taskId, answer);
        return Response.status(201).entity(new SubmissionView(s.id, taskId, s.choice, s.reason,
                s.answer == null ? null : json.readTree(s.answer), s.createdAt)).build();
    }

    @POST
    @Path("{taskId}/skip")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Give a task back without answering, optionally with {\"reason\": \"...\"}; you will not get it again")
    public Response skip(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId, String body) {
        queue.skip(accounts.current(identity), campaignId, taskId, skipReason(body));
        return Response.noContent().build();
    }
}
