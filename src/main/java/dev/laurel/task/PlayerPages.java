package dev.laurel.task;

import dev.laurel.account.Accounts;
import dev.laurel.account.ApiScope;
import dev.laurel.account.RequiresScope;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.TextDiff;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

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
        public List<String> skipReasons() {
            return SKIP_REASONS;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance play(Viewer me, Turn turn);

        static native TemplateInstance play$turn(Turn turn);

        static native TemplateInstance diff(List<TextDiff.Part> parts);
    }

    @GET
    public TemplateInstance play(@PathParam("campaignId") long campaignId) {
        User me = accounts.current(identity);
        return Templates.play(Viewer.of(me), turn(me, campaignId, null));
    }

    @POST
    @Path("tasks/{taskId}/answer")
    @RequiresScope(ApiScope.LABEL)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId,
                           MultivaluedMap<String, String> form, @HeaderParam("HX-Request") String htmx) {
        User me = accounts.current(identity);
        String notice;
        try {
            queue.answer(me, campaignId, taskId, answerOf(campaigns.visible(me, campaignId), form));
            notice = "Saved.";
        } catch (Problem e) {
            notice = e.getMessage();
        }
        return next(me, campaignId, notice, htmx);
    }

    /** The reasons the player offers for a skip; the labeler may write their own instead. */
    static final List<String> SKIP_REASONS = List.of("I lack the knowledge to judge this", "The task is unclear or broken",
            "The content is offensive or harmful", "I cannot read the language");

    @POST
    @Path("tasks/{taskId}/skip")
    @RequiresScope(ApiScope.LABEL)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response skip(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId,
                         @FormParam("reason") String picked, @FormParam("other") String other,
                         @HeaderParam("HX-Request") String htmx) {
        User me = accounts.current(identity);
        // the labeler's own words win over the picked reason; quality stores and counts either
        String reason = other != null && !other.isBlank() ? other : picked;
        String notice;
        try {
            queue.skip(me, campaignId, taskId, reason);
            notice = "Skipped.";
        } catch (Problem e) {
            notice = e.getMessage();
        }
        return next(me, campaignId, notice, htmx);
    }

    /** The correction player's live preview: what the labeler's text changes in the reply. */
    @POST
    @Path("tasks/{taskId}/diff")
    @RequiresScope(ApiScope.LABEL)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance diff(@PathParam("campaignId") long campaignId, @PathParam("taskId") long taskId,
                                 @FormParam("text") String text) {
        return Templates.diff(queue.previewCorrection(accounts.current(identity), campaignId, taskId, text));
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

    /**
     * Reads a player's form into the answer the API would take (its kind knows the form's fields);
     * {@link AnswerSchemas} then checks it exactly as it checks API answers.
     */
    static AnswerRequest answerOf(Campaign campaign, MultivaluedMap<String, String> form) {
        return campaign.kind.spec().fromForm(campaign.kindSettings(), form, form.getFirst("reason"));
    }
}
