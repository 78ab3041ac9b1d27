package dev.laurel.arena;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{id}/leaderboard")
@Tag(name = "Leaderboard", description = "Model ratings from the labelers' votes: Bradley-Terry on the Elo scale "
        + "(base 10, scale 400, mean 1000) with bootstrap 95% intervals, and PRD majority win rates")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class LeaderboardResource {
    private final Leaderboard leaderboard;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    LeaderboardResource(Leaderboard leaderboard, Accounts accounts, SecurityIdentity identity) {
        this.leaderboard = leaderboard;
        this.accounts = accounts;
        this.identity = identity;
    }

    /**
     * One model's standing.
     *
     * @param rating  Bradley-Terry maximum likelihood on all votes, Elo scale, the board's mean is 1000
     * @param lower   2.5th percentile of the rating over the bootstrap rounds
     * @param upper   97.5th percentile
     * @param rank    1 + the number of models whose lower bound is above this model's upper bound
     * @param battles votes this model took part in
     * @param winRate share of its tasks it won by majority of the votes (ties count half), as in PRD
     */
    public record ModelView(long candidateId, String name, double rating, double lower, double upper, int rank,
                            int battles, double winRate) {
    }

    /**
     * @param scope             "campaign", "team" or "all"
     * @param votes             votes counted (a tie and "both bad" count half a win to each side)
     * @param rounds            bootstrap rounds behind the intervals
     * @param lengthCoefficient with style control: Elo points a reply gains from being longer
     *                          (at (lenA − lenB)/(lenA + lenB) = 1); null without
     * @param stale             newer votes exist; the board is recomputed after the debounce period
     */
    public record LeaderboardView(String scope, List<Long> campaignIds, int votes, int rounds, boolean styleControl,
                                  Double lengthCoefficient, Instant computedAt, boolean stale, List<ModelView> models) {
        static LeaderboardView of(Leaderboard.Board board) {
            return new LeaderboardView(board.scope().kind().name().toLowerCase(), board.campaignIds(), board.votes(),
                    board.rounds(), board.scope().styleControl(), board.lengthCoefficient(), board.computedAt(),
                    board.stale(), board.models().stream().map(s -> new ModelView(s.candidateId(), s.name(), s.rating(),
                            s.lower(), s.upper(), s.rank(), s.battles(), s.winRate())).toList());
        }
    }

    /**
     * The PRD win-rate table.
     *
     * @param models       best win rate first
     * @param winFractions [row][column]: share of their tasks the row model won by majority (ties
     *                     half), rows and columns in the order of {@code models}; null on the diagonal
     * @param items        [row][column]: tasks (prompt × pair) between the two models
     */
    public record WinRatesView(List<Long> campaignIds, int votes, Instant computedAt, boolean stale,
                               List<WinRateModel> models, List<List<Double>> winFractions, List<List<Integer>> items) {
    }

    public record WinRateModel(long candidateId, String name, double winRate) {
    }

    @GET
    @Operation(summary = "A campaign's model leaderboard",
            description = "Models with at least one vote, best first: Bradley-Terry rating on the Elo scale with a "
                    + "bootstrap 95% interval, rank (models whose intervals overlap share a rank), battles and PRD win "
                    + "rate. With styleControl=true the ratings hold reply length equal (length difference as a "
                    + "covariate). Cached; recomputed when new votes arrive (debounced) and on a schedule.")
    public LeaderboardView campaign(@PathParam("id") long id,
                                    @Parameter(description = "hold reply length equal") @QueryParam("styleControl") boolean styleControl) {
        return LeaderboardView.of(leaderboard.campaign(accounts.current(identity), id, styleControl));
    }

    @GET
    @Path("win-rates")
    @Operation(summary = "A campaign's PRD win rates and pairwise win-fraction matrix",
            description = "For each task (a prompt and a pair of models) the majority of its votes decides: a win, "
                    + "a loss, or a tie when the votes cancel out. A model's win rate is its wins over its tasks, "
                    + "ties counting half (Li, Patel & Du 2023, PRD).")
    public WinRatesView winRates(@PathParam("id") long id) {
        Leaderboard.Board board = leaderboard.campaign(accounts.current(identity), id, false);
        List<Leaderboard.Standing> models = board.models();
        Integer[] order = new Integer[models.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int byRate = Double.compare(models.get(y).winRate(), models.get(x).winRate());
            return byRate != 0 ? byRate : Long.compare(models.get(x).candidateId(), models.get(y).candidateId());
        });
        List<WinRateModel> sorted = java.util.Arrays.stream(order)
                .map(i -> new WinRateModel(models.get(i).candidateId(), models.get(i).name(), models.get(i).winRate())).toList();
        List<List<Double>> fractions = java.util.Arrays.stream(order)
                .map(r -> java.util.Arrays.stream(order).map(c -> board.winFractions().get(r).get(c)).toList()).toList();
        List<List<Integer>> items = java.util.Arrays.stream(order)
                .map(r -> java.util.Arrays.stream(order).map(c -> board.items().get(r).get(c)).toList()).toList();
        return new WinRatesView(board.campaignIds(), board.votes(), board.computedAt(), board.stale(), sorted, fractions, items);
    }
}
