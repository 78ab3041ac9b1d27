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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import dev.laurel.platform.Problem;
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
    private final Progress progress;
    private final Quests quests;
    private final LevelCurve curve = LevelCurve.openAssistant();

    GameResource(PointsLedger ledger, RewardRules rules, Leaderboards leaderboards, Accounts accounts,
                 SecurityIdentity identity, Progress progress, Quests quests) {
        this.ledger = ledger;
        this.progress = progress;
        this.quests = quests;
        this.rules = rules;
        this.leaderboards = leaderboards;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** @param pending earned on probation: not payable until released */
    public record EntryView(long submissionId, long points, String reason, int ruleVersion, String kind, Instant at,
                            boolean pending) {
        static EntryView of(LedgerEntry e) {
            return new EntryView(e.submissionId, e.points, e.reason, e.ruleVersion, e.kind.name(), e.createdAt, e.pending);
        }
    }

    /** @param probation null when your points are paid as earned; else your pending points and what releases them */
    public record ProgressView(long points, int level, long levelStartsAt, long nextLevelAt, int streakDays,
                               int bestStreak, int combo, long answers, List<Progress.BadgeView> badges,
                               List<EntryView> recent, PointsLedger.ProbationStatus probation) {
    }

    public record BreakdownView(long submissionId, long points, List<EntryView> lines) {
    }

    public record RuleView(int version, Instant effectiveFrom, long basePoints, long minMillisPerTask, long dailyCap,
                           String kindPoints, boolean qualityMultiplier, long goldBonus, long goldPenalty,
                           int streakMinDays, long streakBonus, int comboSize, long comboBonus, int comboGapSeconds,
                           String note, String createdBy) {
        static RuleView of(RewardRule r) {
            return of(r, r.createdBy);
        }

        /** Who published a rule is an admin's business: others see the formula, not the author. */
        static RuleView of(RewardRule r, String createdBy) {
            return new RuleView(r.version, r.effectiveFrom, r.basePoints, r.minMillisPerTask, r.dailyCap, r.kindPoints,
                    r.qualityMultiplier, r.goldBonus, r.goldPenalty, r.streakMinDays, r.streakBonus, r.comboSize,
                    r.comboBonus, r.comboGapSeconds, r.note, createdBy);
        }
    }

    public record CampaignRewardView(long campaignId, Long basePoints, long bonusPerAnswer, long budgetTotal, long budgetLeft) {
        static CampaignRewardView of(CampaignReward c) {
            return new CampaignRewardView(c.campaignId, c.basePoints, c.bonusPerAnswer, c.budgetTotal, c.budgetLeft);
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
        LabelerProgress mine = progress.of(me.id);
        return new ProgressView(standing.points(), standing.level(), standing.levelStartsAt(), standing.nextLevelAt(),
                mine.streakDays, mine.bestStreak, mine.combo, mine.answers, progress.badges(me.id),
                ledger.recent(me.id, 20).stream().map(EntryView::of).toList(), ledger.probation(me.id));
    }

    @GET
    @Path("me/submissions/{id}/points")
    @RolesAllowed(Role.LABELER)
    @Operation(summary = "Why one of your answers earned what it did: one line per ledger row (base, quality, each bonus)")
    public BreakdownView breakdown(@PathParam("id") long submissionId) {
        long me = accounts.current(identity).id;
        List<LedgerEntry> rows = ledger.breakdown(submissionId).stream().filter(e -> e.labelerId == me).toList();
        if (rows.isEmpty()) {
            throw Problem.notFound("You have no scored answer " + submissionId + " (points arrive a moment after the answer).");
        }
        return new BreakdownView(submissionId, rows.stream().mapToLong(e -> e.points).sum(),
                rows.stream().map(EntryView::of).toList());
    }

    @GET
    @Path("me/quests")
    @RolesAllowed(Role.LABELER)
    @Operation(summary = "Quests open now (and those you took part in), with your progress")
    public List<Quests.QuestView> myQuests() {
        return quests.forLabeler(accounts.current(identity).id, Instant.now());
    }

    @POST
    @Path("admin/quests")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Create a time-boxed quest: reach a target of ANSWERS, COMPARISONS, GOLD_PASSED or POINTS, earn rewardPoints once")
    public Response createQuest(Quests.Draft draft) {
        Quest quest = quests.create(accounts.current(identity), draft);
        return Response.status(201).entity(Quests.QuestView.of(quest, 0, false)).build();
    }

    @GET
    @Path("admin/quests")
    @RolesAllowed(Role.ADMIN)
    public List<Quests.QuestView> allQuests() {
        return quests.all().stream().map(q -> Quests.QuestView.of(q, 0, false)).toList();
    }

    @POST
    @Path("admin/rules/preview")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "What a draft rule would give the most recent real answers, next to the rule in force; saves nothing")
    public List<RewardRules.PreviewRow> preview(RewardRules.Draft draft) {
        return rules.preview(draft);
    }

    @PUT
    @Path("admin/campaigns/{id}/reward")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Set a campaign's own base points and bonus per answer, and top up its bonus pool ('budget' is added); audited")
    public CampaignRewardView setCampaignReward(@PathParam("id") long campaignId, RewardRules.CampaignTerms terms) {
        return CampaignRewardView.of(rules.setCampaignTerms(accounts.current(identity), campaignId, terms));
    }

    @GET
    @Path("admin/campaigns/{id}/reward")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "A campaign's own reward terms and what is left in its bonus pool")
    public CampaignRewardView campaignReward(@PathParam("id") long campaignId) {
        CampaignReward row = rules.campaign(campaignId);
        if (row == null) {
            throw Problem.notFound("Campaign " + campaignId + " has no reward terms of its own: the rule in force applies.");
        }
        return CampaignRewardView.of(row);
    }

    @GET
    @Path("leaderboards")
    @Authenticated
    @Operation(summary = "Labeler leaderboard for a period (day, week, month, all; UTC), global or for one campaign: "
            + "the top, and your own rank with your neighbours")
    public Leaderboards.Board leaderboard(@QueryParam("period") String period, @QueryParam("campaign") Long campaign,
                                          @QueryParam("size") @DefaultValue("20") int size) {
        if (size < 1 || size > 100) {
            throw Problem.badRequest("'size' must be between 1 and 100.");
        }
        return leaderboards.boardFor(accounts.current(identity), period, campaign, size);
    }

    @GET
    @Path("rules")
    @Authenticated
    @Operation(summary = "Every version of the points formula, newest first")
    public List<RuleView> rules() {
        boolean isAdmin = identity.hasRole(Role.ADMIN);
        return rules.versions().stream().map(r -> RuleView.of(r, isAdmin ? r.createdBy : null)).toList();
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
