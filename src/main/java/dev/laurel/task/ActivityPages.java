package dev.laurel.task;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaign dashboard's answers panel (htmx): answers over time as a bar chart, the pace of the last hour, and
 * when the campaign should be done at that pace.
 */
@Path("/campaigns/{id}/activity")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class ActivityPages {
    static final Duration PACE_WINDOW = Duration.ofHours(1);

    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final EntityManager em;

    ActivityPages(Campaigns campaigns, Accounts accounts, SecurityIdentity identity, EntityManager em) {
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
        this.em = em;
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
        Map<Long, Long> byBucket = answersByBucket(campaign.id, bucket);
        long total = byBucket.values().stream().mapToLong(Long::longValue).sum();
        long lastHour = answersSince(campaign.id, now.minus(PACE_WINDOW));
        Campaigns.Progress progress = campaigns.progress(campaign.id);
        long remaining = Math.max(0, progress.answersRequired() - progress.answersAccepted());
        boolean done = progress.answersRequired() > 0 && remaining == 0;
        String eta = AnswerTimeline.eta(remaining, lastHour, PACE_WINDOW).map(AnswerTimeline::describe).orElse("");
        return Templates.activity(new Activity(AnswerTimeline.of(byBucket, from, to, bucket), total, lastHour, remaining, eta, done));
    }

    /** Answers per bucket (epoch seconds / bucket), summed in the database. */
    private Map<Long, Long> answersByBucket(long campaignId, Duration bucket) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select b, count(*) from (
                          select floor(extract(epoch from s.created_at) / ?2) as b
                          from submission s join task t on t.id = s.task_id
                          where t.campaign_id = ?1) answers
                        group by b""")
                .setParameter(1, campaignId).setParameter(2, bucket.toSeconds()).getResultList();
        Map<Long, Long> answers = new HashMap<>();
        for (Object[] row : rows) {
            answers.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return answers;
    }

    private long answersSince(long campaignId, Instant since) {
        return em.createQuery("select count(s) from Submission s where s.createdAt >= ?2 and s.taskId in "
                        + "(select t.id from Task t where t.campaignId = ?1)", Long.class)
                .setParameter(1, campaignId).setParameter(2, since).getSingleResult();
    }
}
