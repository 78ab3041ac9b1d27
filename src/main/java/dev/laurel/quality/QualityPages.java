package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
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
import java.util.List;
import java.util.Locale;

/**
 * Quality in the browser: the campaign page's quality panel (an htmx fragment), the labeler's own
 * flags (on their campaigns page) and an admin's page of one labeler.
 */
@Path("/campaigns/{id}/quality")
@Produces(MediaType.TEXT_HTML)
public class QualityPages {
    private final QualityReports reports;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    QualityPages(QualityReports reports, Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.reports = reports;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** Numbers formatted for reading. */
    public record Figure(String label, String value) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance campaign(QualityReports.CampaignReport report, List<Figure> figures,
                                                List<QualityReports.TaskAgreement> contested);
    }

    @GET
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    public TemplateInstance campaign(@PathParam("id") long id) {
        QualityReports.CampaignReport report = reports.campaign(campaigns.managed(accounts.current(identity), id));
        List<Figure> figures = List.of(
                new Figure("Krippendorff's α", report.alpha() == null ? "not yet" : fixed(report.alpha(), 3)
                        + " over " + report.alphaItems() + " tasks"),
                new Figure("Gold items / tasks / honeypots", report.gold().goldItems() + " / " + report.gold().goldTasks()
                        + " / " + report.gold().honeypots()),
                new Figure("Gold answers right", report.gold().accuracy() == null ? "none yet"
                        : report.gold().correct() + " of " + report.gold().answers() + " (" + percent(report.gold().accuracy()) + ")"),
                new Figure("Labelers / skips / flags", report.labelers() + " / " + report.skips() + " / " + report.flags().size()),
                new Figure("Gold rate · consensus threshold · max overlap", percent(report.settings().goldRate()) + " · "
                        + fixed(report.settings().consensusThreshold(), 2) + " · " + report.settings().maxOverlap()),
                new Figure("Points", report.points()));
        List<QualityReports.TaskAgreement> contested = report.tasks().stream()
                .filter(t -> t.confidence() < report.settings().consensusThreshold()).limit(20).toList();
        return Templates.campaign(report, figures, contested);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    static String fixed(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }
}
