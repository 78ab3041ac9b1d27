package dev.laurel.rewardmodel;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
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

/** The pre-scores fragment shown with a campaign's generated replies (loaded by htmx from the generation progress). */
@Path("/campaigns/{id}/generation/rewards")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class GenerationRewardPages {
    /** Lowest-scored replies shown: the ones worth reading first. */
    static final int LOWEST = 5;
    static final int EXCERPT = 240;

    private final GenerationScores scores;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    GenerationRewardPages(GenerationScores scores, Accounts accounts, SecurityIdentity identity) {
        this.scores = scores;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A candidate's row, numbers formatted. */
    public record Row(String candidate, int version, boolean active, long scored, String mean, String range) {
    }

    /** A low-scored reply, its text cut to an excerpt (escaped by Qute like every text). */
    public record Reply(String candidate, String promptId, String reward, String excerpt) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rewards(Integer activeVersion, List<Row> rows, Integer lowestVersion, List<Reply> lowest);
    }

    @GET
    public TemplateInstance rewards(@PathParam("id") long campaignId) {
        GenerationScores.CampaignRewards view = scores.campaign(accounts.current(identity), campaignId,
                GenerationScores.Order.LOWEST, 0, LOWEST);
        List<Row> rows = view.candidates().stream().map(c -> new Row(c.candidate(), c.version(), c.active(), c.scored(),
                number(c.meanReward()), number(c.minReward()) + " … " + number(c.maxReward()))).toList();
        List<Reply> lowest = view.replies().stream().map(r -> new Reply(r.candidate(), r.promptId(), number(r.reward()),
                excerpt(r.text()))).toList();
        return Templates.rewards(view.activeVersion(), rows, view.candidates().isEmpty() ? null : view.candidates().get(0).version(),
                lowest);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
    }
}
