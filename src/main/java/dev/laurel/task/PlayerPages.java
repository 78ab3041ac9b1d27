package dev.laurel.task;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The task player. With htmx, answering swaps in the next task without reloading the page; without
 * JavaScript the same form posts and redirects back to the player.
 */
@Path("/play/{campaignId}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.LABELER)
public class PlayerPages {
    private final TaskQueue queue;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    PlayerPages(TaskQueue queue, Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.queue = queue;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** What the player area shows: the task (null when none is left), the labeler's count, and a message. */
    public record Turn(Campaign campaign, TaskQueue.TaskView task, long answered, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance play(Viewer me, Turn turn);

        static native TemplateInstance play$turn(Turn turn);
    }

    @GET
    public TemplateInstance play(@PathParam("campaignId") long campaignId) {
        User me = accounts.current(identity);
        return Templates.play(Viewer.of(me), turn(me, campaignId, null));
    }

    @POST
    @Path("tasks/{taskId}/answer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId,
                           @FormParam("choice") String choice, @FormParam("reason") String reason,
                           @HeaderParam("HX-Request") String htmx) {
        User me = accounts.current(identity);
        String notice;
        try {
            queue.answer(me, campaignId, taskId, new TaskQueue.Answer(parse(choice), reason));
            notice = "Saved.";
        } catch (Problem e) {
            notice = e.getMessage();
        }
        return next(me, campaignId, notice, htmx);
    }

    @POST
    @Path("tasks/{taskId}/skip")
    public Response skip(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId,
                         @HeaderParam("HX-Request") String htmx) {
        User me = accounts.current(identity);
        String notice;
        try {
            queue.skip(me, campaignId, taskId);
            notice = "Skipped.";
        } catch (Problem e) {
            notice = e.getMessage();
        }
        return next(me, campaignId, notice, htmx);
    }

    private Response next(User me, long campaignId, String notice, String htmx) {
        if (htmx == null) {
            return Response.seeOther(URI.create("/play/" + campaignId)).build();
        }
        return Response.ok(Templates.play$turn(turn(me, campaignId, notice))).build();
    }

    private Turn turn(User me, long campaignId, String notice) {
        Campaign campaign = campaigns.visible(me, campaignId);
        TaskQueue.TaskView task = queue.lease(me, campaignId).orElse(null);
        return new Turn(campaign, task, queue.answeredBy(me, campaignId), notice);
    }

    private static Choice parse(String choice) {
        try {
            return Choice.valueOf(choice == null ? "" : choice.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("Choose A, B, Tie or Both bad.");
        }
    }
}
