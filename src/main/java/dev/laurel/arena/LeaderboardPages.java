package dev.laurel.arena;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** The model team's leaderboard page of a campaign: the interval chart and the table. */
@Path("/campaigns/{id}/leaderboard")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class LeaderboardPages {
    private final Leaderboard leaderboard;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    LeaderboardPages(Leaderboard leaderboard, Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.leaderboard = leaderboard;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A table row, numbers formatted for reading. */
    public record Line(int rank, String name, String rating, String interval, int battles, String winRate) {
        static Line of(Leaderboard.Standing s) {
            return new Line(s.rank(), s.name(), String.format(Locale.ROOT, "%.0f", s.rating()),
                    String.format(Locale.ROOT, "%+.0f / %+.0f", s.lower() - s.rating(), s.upper() - s.rating()),
                    s.battles(), Double.isNaN(s.winRate()) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * s.winRate()));
        }
    }

    /** What the page (and the dashboard's panel) shows. */
    public record View(Campaign campaign, Leaderboard.Board board, List<Line> lines, IntervalChart.Chart chart,
                       String lengthCoefficient, WinRateHeatmap.Heatmap heatmap) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance campaign(Viewer me, View view);

        static native TemplateInstance panel(View view);
    }

    @GET
    public TemplateInstance campaign(@PathParam("id") long id, @QueryParam("styleControl") boolean styleControl) {
        User me = accounts.current(identity);
        Campaign campaign = campaigns.managed(me, id);
        return Templates.campaign(Viewer.of(me), view(campaign, leaderboard.campaignForPage(me, id, styleControl)));
    }

    /**
     * The campaign dashboard's models panel (htmx, polled): the same board, chart and numbers as the page, and the
     * win-rate heatmap. The board comes from {@link Leaderboard}'s cache, checked against the votes at most once per
     * debounce period however many dashboards poll it.
     */
    @GET
    @Path("panel")
    public TemplateInstance panel(@PathParam("id") long id) {
        User me = accounts.current(identity);
        Campaign campaign = campaigns.managed(me, id);
        return Templates.panel(view(campaign, leaderboard.campaignForPage(me, id, false)));
    }

    private static View view(Campaign campaign, Leaderboard.Board board) {
        List<Line> lines = board.models().stream().map(Line::of).toList();
        IntervalChart.Chart chart = IntervalChart.of(board.models().stream()
                .map(s -> new IntervalChart.Interval(s.name(), s.rating(), s.lower(), s.upper())).toList());
        String beta = board.lengthCoefficient() == null ? null : String.format(Locale.ROOT, "%+.0f", board.lengthCoefficient());
        return new View(campaign, board, lines, chart, beta, WinRateHeatmap.of(board));
    }
}
