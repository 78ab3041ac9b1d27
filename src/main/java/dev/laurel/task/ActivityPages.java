package dev.laurel.task;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;

/**
 * The campaign dashboard's answers panel (htmx): answers over time as a bar chart, the pace of the last hour, and
 * when the campaign should be done at that pace. The counting is {@link AnswerActivity}'s (cheap per view).
 */
@Path("/campaigns/{id}/activity")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class ActivityPages {
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final AnswerActivity activity;

    ActivityPages(Campaigns campaigns, Accounts accounts, SecurityIdentity identity, AnswerActivity activity) {
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
        this.activity = activity;
    }

    /** What the panel shows. {@code eta} is empty when there is no pace to go by or nothing remains. */
    public record Activity(AnswerTimeline.Chart chart, long total, long lastHour, long remaining, String eta, boolean done) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance activity(Activity activity);
    }

    @GET
    public TemplateInstance activity(@PathParam("id") long id) {
        Campaign campaign = campaigns.managed(accounts.current(identity), id);
        Instant now = Instant.now();
        Instant from = campaign.openedAt != null ? campaign.openedAt : campaign.createdAt;
        Instant to = campaign.closedAt != null ? campaign.closedAt : now;
        Duration bucket = AnswerTimeline.bucket(from, to);
        AnswerActivity.Counts counts = activity.of(campaign.id, bucket);
        Campaigns.Progress progress = campaigns.progress(campaign.id);
        long remaining = Math.max(0, progress.answersRequired() - progress.answersAccepted());
        boolean done = progress.answersRequired() > 0 && remaining == 0;
        String eta = AnswerTimeline.eta(remaining, counts.lastHour(), AnswerActivity.PACE_WINDOW).map(AnswerTimeline::describe)
                .orElse("");
        return Templates.activity(new Activity(AnswerTimeline.of(counts.byBucket(), from, to, bucket), counts.total(),
                counts.lastHour(), remaining, eta, done));
    }
}
