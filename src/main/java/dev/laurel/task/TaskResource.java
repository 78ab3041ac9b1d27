package dev.laurel.task;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{campaignId}/tasks")
@Tag(name = "Tasks", description = "The labeler's task queue")
@RolesAllowed(Role.LABELER)
public class TaskResource {
    private final TaskQueue queue;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    TaskResource(TaskQueue queue, Accounts accounts, SecurityIdentity identity) {
        this.queue = queue;
        this.accounts = accounts;
        this.identity = identity;
    }

    public record SubmissionView(long id, long taskId, Choice choice, String reason, Instant acceptedAt) {
    }

    @POST
    @Path("next")
    @Operation(summary = "Lease your next task in an open campaign (your current one if you hold a lease); 204 when none is left for you")
    public Response next(@PathParam("campaignId") long campaignId) {
        return queue.lease(accounts.current(identity), campaignId)
                .map(task -> Response.ok(task).build())
                .orElseGet(() -> Response.noContent().build());
    }

    @POST
    @Path("{taskId}/answer")
    @Operation(summary = "Answer a task you hold: choice A (left), B (right), TIE or BOTH_BAD, and an optional reason")
    public Response answer(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId,
                           TaskQueue.Answer answer) {
        Submission s = queue.answer(accounts.current(identity), campaignId, taskId, answer);
        return Response.status(201).entity(new SubmissionView(s.id, s.taskId, s.choice, s.reason, s.createdAt)).build();
    }

    @POST
    @Path("{taskId}/skip")
    @Operation(summary = "Give a task back without answering; you will not get it again")
    public Response skip(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId) {
        queue.skip(accounts.current(identity), campaignId, taskId);
        return Response.noContent().build();
    }
}
