package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaigns;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import dev.laurel.campaign.Campaign;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

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

    /**
     * The settings form as the page shows it: shares as percentages (5 for 0.05), the rest as the API has them;
     * {@code problem} is what saving would say of them (null: they can be saved).
     */
    public record SettingsForm(long campaignId, int overlap, String floor, String goldRate, String honeypotRate,
                               String consensusThreshold, String maxOverlap, String minReliability,
                               String qualificationGold, String qualificationAccuracy, String minAnswerMs, String problem) {
        static SettingsForm of(Campaign campaign, QualityReports.Settings s, String floor) {
            return new SettingsForm(campaign.id, campaign.overlap, floor, percentField(s.goldRate()), percentField(s.honeypotRate()),
                    plain(s.consensusThreshold()), String.valueOf(s.maxOverlap()), percentField(s.minReliability()),
                    String.valueOf(s.qualificationGold()), percentField(s.qualificationAccuracy()), String.valueOf(s.minAnswerMs()),
                    null);
        }

        /** True when saving would be accepted. */
        public boolean isOk() {
            return problem == null;
        }
    }

    /** The form's fields as typed; empty keeps the value (as a field left out of the API's PUT). */
    public static class Typed {
        @RestForm public String goldRate;
        @RestForm public String honeypotRate;
        @RestForm public String consensusThreshold;
        @RestForm public String maxOverlap;
        @RestForm public String minReliability;
        @RestForm public String qualificationGold;
        @RestForm public String qualificationAccuracy;
        @RestForm public String minAnswerMs;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance campaign(QualityReports.CampaignReport report, List<Figure> figures,
                                                List<QualityReports.TaskAgreement> contested);

        static native TemplateInstance settings(SettingsForm form);

        static native TemplateInstance settings$check(SettingsForm form);
    }

    /** The dashboard's quality settings panel: every setting of {@code PUT /api/campaigns/{id}/quality/settings}. */
    @GET
    @Path("settings")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    public TemplateInstance settings(@PathParam("id") long id) {
        Campaign campaign = campaigns.managed(accounts.current(identity), id);
        return Templates.settings(SettingsForm.of(campaign, reports.settings(campaign), percentField(reports.goldFloor())));
    }

    /**
     * The live check (htmx, as the team types): the fields as the API would get them, checked by the API's own
     * rules ({@link QualityReports#check}), so the sentence shown is the one saving would answer with.
     */
    @POST
    @Path("settings/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    public TemplateInstance checkSettings(@PathParam("id") long id, @BeanParam Typed typed) {
        Campaign campaign = campaigns.managed(accounts.current(identity), id);
        String problem;
        try {
            QualityReports.Settings update = new QualityReports.Settings(share("goldRate", typed.goldRate),
                    share("honeypotRate", typed.honeypotRate), decimal("consensusThreshold", typed.consensusThreshold),
                    whole("maxOverlap", typed.maxOverlap), share("minReliability", typed.minReliability),
                    whole("qualificationGold", typed.qualificationGold), share("qualificationAccuracy", typed.qualificationAccuracy),
                    whole("minAnswerMs", typed.minAnswerMs) == null ? null : whole("minAnswerMs", typed.minAnswerMs).longValue());
            problem = reports.check(campaign, update).orElse(null);
        } catch (NumberFormatException e) {
            problem = e.getMessage();
        }
        SettingsForm shown = SettingsForm.of(campaign, reports.settings(campaign), percentField(reports.goldFloor()));
        return Templates.settings$check(new SettingsForm(shown.campaignId(), shown.overlap(), shown.floor(), shown.goldRate(),
                shown.honeypotRate(), shown.consensusThreshold(), shown.maxOverlap(), shown.minReliability(),
                shown.qualificationGold(), shown.qualificationAccuracy(), shown.minAnswerMs(), problem));
    }

    private static Double share(String field, String typed) {
        BigDecimal value = number(field, typed);
        return value == null ? null : value.movePointLeft(2).doubleValue();
    }

    private static Double decimal(String field, String typed) {
        BigDecimal value = number(field, typed);
        return value == null ? null : value.doubleValue();
    }

    private static Integer whole(String field, String typed) {
        BigDecimal value = number(field, typed);
        if (value == null) {
            return null;
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("'" + field + "' must be a whole number, not " + typed.strip() + ".");
        }
    }

    private static BigDecimal number(String field, String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(typed.strip());
        } catch (NumberFormatException e) {
            String shown = typed.strip().length() <= 40 ? typed.strip() : typed.strip().substring(0, 40) + "…";
            throw new NumberFormatException("'" + field + "' must be a number such as 5 or 2.5, not '" + shown + "'.");
        }
    }

    /** A share as the percentage the form shows (0.05 → "5"). */
    static String percentField(double share) {
        return BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
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
