package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.platform.Problem;
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

/** An admin's page of one labeler: speed, agreement, gold accuracy, interval, flags. */
@Path("/admin/labelers/{id}/quality")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class LabelerQualityPages {
    private final QualityReports reports;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    LabelerQualityPages(QualityReports reports, Accounts accounts, SecurityIdentity identity) {
        this.reports = reports;
        this.accounts = accounts;
        this.identity = identity;
    }

    @CheckedTemplate(basePath = "QualityPages")
    static class Templates {
        static native TemplateInstance labeler(Viewer me, String username, QualityReports.LabelerReport report,
                                               List<QualityPages.Figure> figures);
    }

    @GET
    public TemplateInstance labeler(@PathParam("id") long id) {
        User labeler = User.findById(id);
        if (labeler == null) {
            throw Problem.notFound("Labeler " + id + " does not exist.");
        }
        QualityReports.LabelerReport r = reports.labeler(id);
        List<QualityPages.Figure> figures = List.of(
                new QualityPages.Figure("Accuracy (95% interval)", QualityPages.percent(r.accuracy()) + " (" + QualityPages.percent(r.lower()) + " – "
                        + QualityPages.percent(r.upper()) + ")"),
                new QualityPages.Figure("Gold answers right", r.goldSeen() == 0 ? "none yet" : r.goldCorrect() + " of " + r.goldSeen()),
                new QualityPages.Figure("Agreement with consensus", r.agreement() == null ? "not yet" : r.agreed() + " of "
                        + r.compared() + " (" + QualityPages.percent(r.agreement()) + ")"),
                new QualityPages.Figure("Dawid-Skene accuracy", r.dawidSkeneAccuracy() == null ? "not yet" : QualityPages.percent(r.dawidSkeneAccuracy())),
                new QualityPages.Figure("Answers · median time", r.answers() + " · " + (r.medianDurationMs() == null ? "–"
                        : QualityPages.fixed(r.medianDurationMs() / 1000.0, 1) + " s")),
                new QualityPages.Figure("Quality multiplier", QualityPages.fixed(r.multiplierMillionths() / 1_000_000.0, 3)));
        return Templates.labeler(Viewer.of(accounts.current(identity)), labeler.username, r, figures);
    }

}
