package dev.laurel.game;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Tag(name = "Game", description = "Points, levels and the reward rules")
public class GameResource {
    private final PointsLedger ledger;
    private final RewardRules rules;
    private final Leaderboards leaderboards;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final LevelCurve curve = LevelCurve.openAssistant();

    GameResource(PointsLedger ledger, RewardRules rules, Leaderboards leaderboards, Accounts accounts,
                 SecurityIdentity identity) {
        this.ledger = ledger;
        this.rules = rules;
        this.leaderboards = leaderboards;
        this.accounts = accounts;
        this.identity = identity;
    }

    public record EntryView(long submissionId, long points, String reason, int ruleVersion, String kind, Instant at) {
        static EntryView of(LedgerEntry e) {
            return new EntryView(e.submissionId, e.points, e.reason, e.ruleVersion, e.kind.name(), e.createdAt);
        }
    }

    public record ProgressView(long points, int level, long levelStartsAt, long nextLevelAt, List<EntryView> recent) {
    }

    public record RuleView(int version, Instant effectiveFrom, long basePoints, long minMillisPerTask, long dailyCap,
                           String note, String createdBy) {
        static RuleView of(RewardRule r) {
            return new RuleView(r.version, r.effectiveFrom, r.basePoints, r.minMillisPerTask, r.dailyCap, r.note, r.createdBy);
        }
    }

    public record AuditView(String actor, Instant at, String before, String after) {
    }

    @GET
    @Path("me/progress")
    @RolesAllowed(Role.LABELER)
    @Operation(summary = "Your points (the sum of your ledger rows), level, and why each recent answer earned what it did")
    public ProgressView progress() {
        User me = accounts.current(identity);
        PointsLedger.Standing standing = ledger.standing(me.id, curve);
        return new ProgressView(standing.points(), standing.level(), standing.levelStartsAt(), standing.nextLevelAt(),
                ledger.recent(me.id, 20).stream().map(EntryView::of).toList());
    }

    @GET
    @Path("leaderboards")
    @Authenticated
    @Operation(summary = "Labeler leaderboard for a period (day, week, month, all; UTC), global or for one campaign: "
            + "the top, and your own rank with your neighbours")
    public Leaderboards.Board leaderboard(@QueryParam("period") String period, @QueryParam("campaign") Long campaign,
                                          @QueryParam("size") @DefaultValue("20") int size) {
        if (size < 1 || size > 100) {
            throw dev.laurel.platform.Problem.badRequest("'size' must be between 1 and 100.");
        }
        return leaderboards.board(period, campaign, accounts.current(identity).id, size);
    }

    @GET
    @Path("rules")
    @Authenticated
    @Operation(summary = "Every version of the points formula, newest first")
    public List<RuleView> rules() {
        return rules.versions().stream().map(RuleView::of).toList();
    }

    @POST
    @Path("admin/rules")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Publish a new version of the points formula, effective now or later; audited")
    public Response publish(RewardRules.Draft draft) {
        RewardRule rule = rules.publish(accounts.current(identity), draft);
        return Response.status(201).entity(RuleView.of(rule)).build();
    }

    @GET
    @Path("admin/rules/audit")
    @RolesAllowed(Role.ADMIN)
    public List<AuditView> audit() {
        return rules.audit().stream().map(a -> new AuditView(a.actor, a.at, a.beforeRule, a.afterRule)).toList();
    }
}
