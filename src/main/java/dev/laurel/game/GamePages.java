package dev.laurel.game;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Game pages: the labeler's heads-up display (XP bar + toasts, polled by the shared layout), the
 * profile, the labeler leaderboards, the public formula, and the admin rule editor (with preview and
 * audit log) and quests.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class GamePages {
    private final PointsLedger ledger;
    private final RewardRules rules;
    private final Progress progress;
    private final Quests quests;
    private final Leaderboards leaderboards;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final LevelCurve curve = LevelCurve.openAssistant();

    /** How many rows the top of a leaderboard page shows. */
    static final int LEADERBOARD_TOP = 20;

    GamePages(PointsLedger ledger, RewardRules rules, Progress progress, Quests quests, Leaderboards leaderboards,
              Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.ledger = ledger;
        this.leaderboards = leaderboards;
        this.campaigns = campaigns;
        this.rules = rules;
        this.progress = progress;
        this.quests = quests;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** The XP bar: points into the current level out of the points the level spans. */
    public record Xp(long points, int level, long into, long span, long toNext) {
        static Xp of(PointsLedger.Standing s) {
            long span = Math.max(1, s.nextLevelAt() - s.levelStartsAt());
            long into = Math.max(0, s.points() - s.levelStartsAt());
            return new Xp(s.points(), s.level(), into, span, Math.max(0, s.nextLevelAt() - s.points()));
        }
    }

    /** One leaderboard row as the page shows it; {@code mine} marks the viewer's own row. */
    public record BoardLine(long rank, String username, long points, boolean mine, boolean exact) {
        static BoardLine of(Leaderboards.Row row, long viewerId) {
            return new BoardLine(row.rank(), row.username(), row.points(), row.labelerId() == viewerId, row.exact());
        }
    }

    /** A period tab: its query value, its label, and whether it is the one shown. */
    public record PeriodTab(String value, String label, boolean current) {
    }

    /** A campaign in the board's select. */
    public record CampaignOption(long id, String name, boolean selected) {
    }

    /**
     * What the leaderboard page shows: the top, the viewer's own row (null when they have no points on
     * this board), and — when the viewer is below the top — their neighbours pinned under it, with
     * {@code gap} saying whether ranks are skipped between the two.
     */
    public record BoardView(String period, String periodLabel, Long campaignId, String campaignName,
                            List<PeriodTab> periods, List<CampaignOption> campaigns, List<BoardLine> top,
                            BoardLine me, List<BoardLine> pinned, boolean gap) {
        /** The query string that keeps the chosen campaign when switching periods. */
        public String campaignQuery() {
            return campaignId == null ? "" : "&campaign=" + campaignId;
        }
    }

    /** A campaign's own reward terms as the rules page lists them, with the campaign's name. */
    public record TermsRow(long campaignId, String name, Long basePoints, long bonusPerAnswer, long budgetTotal,
                           long budgetLeft, String updatedBy) {
    }

    /** One "points per kind" field of the rule form: the kind, its form field and its value (blank: base points). */
    public record KindField(String kind, String label, String field, String value) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance leaderboards(Viewer me, BoardView board);

        static native TemplateInstance hud(Xp xp, List<Notification> toasts);

        static native TemplateInstance profile(Viewer me, Xp xp, LabelerProgress progress, List<Progress.BadgeView> badges,
                                               List<Quests.QuestView> quests, PointsChart.Chart chart,
                                               List<LedgerEntry> recent, String timeZone,
                                               PointsLedger.ProbationStatus probation);

        static native TemplateInstance formula(Viewer me, RewardRule rule, List<RewardRule> versions);

        static native TemplateInstance rules(Viewer me, RewardRule rule, Map<String, String> form, String error,
                                             String saved, List<RuleAudit> audit, List<TermsRow> campaigns,
                                             List<KindField> kinds, List<CampaignOption> campaignOptions,
                                             String termsNotice, String termsError, long settlementHours);

        static native TemplateInstance preview(List<RewardRules.PreviewRow> rows, String error);

        static native TemplateInstance quests(Viewer me, List<Quest> quests, String error);

        static native TemplateInstance achievements(Viewer me, List<Quests.QuestView> quests, List<Progress.BadgeCard> badges,
                                                    long earned);
    }

    @GET
    @Path("game/hud")
    @RolesAllowed(Role.LABELER)
    public TemplateInstance hud() {
        User me = accounts.current(identity);
        return Templates.hud(Xp.of(ledger.standing(me.id, curve)), progress.takeToasts(me.id));
    }

    @GET
    @Path("profile")
    @RolesAllowed(Role.LABELER)
    public TemplateInstance profile() {
        User me = accounts.current(identity);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(29);
        Map<LocalDate, Long> byDay = ledger.pointsPerDay(me.id, first);
        return Templates.profile(Viewer.of(me), Xp.of(ledger.standing(me.id, curve)), progress.of(me.id),
                progress.badges(me.id), quests.forLabeler(me.id, Instant.now()), PointsChart.of(byDay, first, today),
                ledger.recent(me.id, 15), accounts.timeZone(me.id).getId(), ledger.probation(me.id));
    }

    /** Quests with the labeler's progress, and the badge gallery: earned badges and what the locked ones take. */
    @GET
    @Path("quests")
    @RolesAllowed(Role.LABELER)
    public TemplateInstance achievements() {
        User me = accounts.current(identity);
        Instant now = Instant.now();
        List<Progress.BadgeCard> badges = progress.gallery(me.id, now);
        return Templates.achievements(Viewer.of(me), quests.forLabeler(me.id, now), badges,
                badges.stream().filter(Progress.BadgeCard::isEarned).count());
    }

    @GET
    @Path("leaderboards")
    @Authenticated
    public TemplateInstance leaderboards(@QueryParam("period") String period, @QueryParam("campaign") String campaign) {
        User me = accounts.current(identity);
        Leaderboards.Period chosen = Leaderboards.Period.parse(period);
        Long campaignId = campaignId(campaign);
        Leaderboards.Board board = leaderboards.boardFor(me, chosen.name(), campaignId, LEADERBOARD_TOP);
        String campaignName = campaignId == null ? null : campaigns.terms(me, campaignId).name();
        List<BoardLine> top = board.top().stream().map(r -> BoardLine.of(r, me.id)).toList();
        BoardLine mine = board.me() == null ? null : BoardLine.of(board.me(), me.id);
        // below the top, the viewer's neighbours are pinned under it; rows already in the top are not repeated
        List<BoardLine> pinned = mine == null || mine.rank() <= top.size() ? List.of()
                : board.around().stream().filter(r -> r.rank() > top.size()).map(r -> BoardLine.of(r, me.id)).toList();
        boolean gap = !pinned.isEmpty() && pinned.get(0).rank() > top.size() + 1;
        List<PeriodTab> tabs = Arrays.stream(Leaderboards.Period.values())
                .map(p -> new PeriodTab(p.name().toLowerCase(Locale.ROOT), label(p), p == chosen)).toList();
        List<CampaignOption> options = campaigns.visibleTo(me).stream()
                .map(c -> new CampaignOption(c.id, c.name, campaignId != null && c.id == campaignId)).toList();
        return Templates.leaderboards(Viewer.of(me), new BoardView(chosen.name().toLowerCase(Locale.ROOT), label(chosen),
                campaignId, campaignName, tabs, options, top, mine, pinned, gap));
    }

    private static String label(Leaderboards.Period period) {
        return switch (period) {
            case DAY -> "Today";
            case WEEK -> "This week";
            case MONTH -> "This month";
            case ALL -> "All time";
        };
    }

    /** The campaign query value: blank means the global board; anything but an id is no campaign (404). */
    private static Long campaignId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw Problem.notFound("Campaign " + value.strip() + " does not exist.");
        }
    }

    @GET
    @Path("rules")
    public TemplateInstance formula() {
        Viewer viewer = identity.isAnonymous() ? Viewer.ANONYMOUS : Viewer.of(accounts.current(identity));
        return Templates.formula(viewer, rules.current(), rules.versions());
    }

    @GET
    @Path("admin/rules")
    @RolesAllowed(Role.ADMIN)
    public TemplateInstance rulesPage(@QueryParam("saved") String saved) {
        RewardRule rule = rules.current();
        return rulesPage(rule, formOf(rule), null, saved);
    }

    @POST
    @Path("admin/rules/preview")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance preview(MultivaluedMap<String, String> form) {
        try {
            return Templates.preview(rules.preview(draftOf(form)), null);
        } catch (Problem e) {
            return Templates.preview(List.of(), e.getMessage());
        }
    }

    @POST
    @Path("admin/rules")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object save(MultivaluedMap<String, String> form) {
        try {
            RewardRule rule = rules.publish(accounts.current(identity), draftOf(form));
            return Response.seeOther(URI.create("/admin/rules?saved=" + rule.version)).build();
        } catch (Problem e) {
            Map<String, String> values = new HashMap<>();
            form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0)));
            return Response.status(e.status()).entity(rulesPage(rules.current(), values, e.getMessage(), null)).build();
        }
    }

    @GET
    @Path("admin/quests")
    @RolesAllowed(Role.ADMIN)
    public TemplateInstance questsPage() {
        return Templates.quests(Viewer.of(accounts.current(identity)), quests.all(), null);
    }

    @POST
    @Path("admin/quests")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createQuest(MultivaluedMap<String, String> form) {
        User me = accounts.current(identity);
        try {
            String campaign = form.getFirst("campaignId");
            quests.create(me, new Quests.Draft(form.getFirst("title"), form.getFirst("metric"), number(form, "target"),
                    campaign == null || campaign.isBlank() ? null : number(form, "campaignId"),
                    moment(form.getFirst("startsAt")), moment(form.getFirst("endsAt")), number(form, "rewardPoints")));
            return Response.seeOther(URI.create("/admin/quests")).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(Templates.quests(Viewer.of(me), quests.all(), e.getMessage())).build();
        }
    }

    private TemplateInstance rulesPage(RewardRule rule, Map<String, String> form, String error, String saved) {
        return rulesPage(rule, form, error, saved, null, null);
    }

    private TemplateInstance rulesPage(RewardRule rule, Map<String, String> form, String error, String saved,
                                       String termsNotice, String termsError) {
        User me = accounts.current(identity);
        List<dev.laurel.campaign.Campaign> all = campaigns.visibleTo(me);
        Map<Long, String> names = new HashMap<>();
        all.forEach(c -> names.put(c.id, c.name));
        List<TermsRow> terms = rules.campaigns().stream().map(c -> new TermsRow(c.campaignId,
                names.getOrDefault(c.campaignId, "#" + c.campaignId), c.basePoints, c.bonusPerAnswer, c.budgetTotal,
                c.budgetLeft, c.updatedBy)).toList();
        List<KindField> kinds = Arrays.stream(TaskKind.values()).map(k -> new KindField(k.name(), k.name().toLowerCase(Locale.ROOT), KIND_FIELD + k.name(),
                form.getOrDefault(KIND_FIELD + k.name(), ""))).toList();
        List<CampaignOption> options = all.stream().map(c -> new CampaignOption(c.id, c.name, false)).toList();
        return Templates.rules(Viewer.of(me), rule, form, error, saved, rules.audit(), terms, kinds, options, termsNotice,
                termsError, ledger.settlementDelay().toHours());
    }

    /** Sets a campaign's own terms from the rules page (as {@code PUT /api/admin/campaigns/{id}/reward}); audited. */
    @POST
    @Path("admin/rules/campaigns")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveCampaignTerms(MultivaluedMap<String, String> form) {
        RewardRule rule = rules.current();
        try {
            Long campaignId = number(form, "campaignId");
            if (campaignId == null || !campaigns.exists(campaignId)) {
                throw Problem.badRequest(campaignId == null ? "Choose a campaign." : "Campaign " + campaignId + " does not exist.");
            }
            Long bonus = number(form, "bonusPerAnswer");
            CampaignReward saved = rules.setCampaignTerms(accounts.current(identity), campaignId,
                    new RewardRules.CampaignTerms(number(form, "basePoints"), bonus == null ? 0L : bonus, number(form, "budget")));
            return Response.ok(rulesPage(rule, formOf(rule), null, null, "Terms of campaign " + campaignId + " saved: "
                    + saved.describe() + ".", null)).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(rulesPage(rule, formOf(rule), null, null, null, e.getMessage())).build();
        }
    }

    private static Map<String, String> formOf(RewardRule rule) {
        Map<String, String> form = new HashMap<>();
        form.put("basePoints", Long.toString(rule.basePoints));
        RewardRule.parseKindPoints(rule.kindPoints).forEach((kind, points) -> form.put(KIND_FIELD + kind, Long.toString(points)));
        form.put("minMillisPerTask", Long.toString(rule.minMillisPerTask));
        form.put("dailyCap", Long.toString(rule.dailyCap));
        form.put("qualityMultiplier", Boolean.toString(rule.qualityMultiplier));
        form.put("goldBonus", Long.toString(rule.goldBonus));
        form.put("goldPenalty", Long.toString(rule.goldPenalty));
        form.put("streakMinDays", Integer.toString(rule.streakMinDays));
        form.put("streakBonus", Long.toString(rule.streakBonus));
        form.put("comboSize", Integer.toString(rule.comboSize));
        form.put("comboBonus", Long.toString(rule.comboBonus));
        form.put("comboGapSeconds", Integer.toString(rule.comboGapSeconds));
        form.put("effectiveFrom", "");
        form.put("note", "");
        return form;
    }

    private static RewardRules.Draft draftOf(MultivaluedMap<String, String> form) {
        return new RewardRules.Draft(number(form, "basePoints"), number(form, "minMillisPerTask"), number(form, "dailyCap"),
                moment(form.getFirst("effectiveFrom")), form.getFirst("note"), kindPointsOf(form),
                "true".equals(form.getFirst("qualityMultiplier")) || "on".equals(form.getFirst("qualityMultiplier")),
                number(form, "goldBonus"), number(form, "goldPenalty"), integer(form, "streakMinDays"),
                number(form, "streakBonus"), integer(form, "comboSize"), number(form, "comboBonus"),
                integer(form, "comboGapSeconds"));
    }

    /** The form's field of one kind's points is {@code kindPoints.RANKING}, …; blank fields earn the base points. */
    static final String KIND_FIELD = "kindPoints.";

    /**
     * "RANKING=15,RUBRIC=20" from one number field per task kind (blank: that kind earns the base points); a form
     * that still sends the one text field {@code kindPoints} is read as before.
     */
    static String kindPointsOf(MultivaluedMap<String, String> form) {
        StringBuilder points = new StringBuilder();
        boolean perKind = false;
        for (TaskKind kind : TaskKind.values()) {
            String field = KIND_FIELD + kind.name();
            if (form.containsKey(field)) {
                perKind = true;
            }
            Long value = number(form, field);
            if (value != null) {
                if (value < 0) {
                    throw Problem.badRequest("Points for " + kind.name() + " cannot be negative.");
                }
                points.append(points.isEmpty() ? "" : ",").append(kind.name()).append('=').append(value);
            }
        }
        if (!perKind) {
            String text = form.getFirst("kindPoints");
            return text == null ? "" : text;
        }
        return points.toString();
    }

    private static Long number(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'" + field + "' must be a whole number, not '" + value.strip() + "'.");
        }
    }

    private static Integer integer(MultivaluedMap<String, String> form, String field) {
        Long value = number(form, field);
        return value == null ? null : Math.toIntExact(value);
    }

    /** A datetime-local field, read as UTC; blank means now. */
    private static Instant moment(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException again) {
                throw Problem.badRequest("'" + value.strip() + "' is not a date and time (YYYY-MM-DDTHH:MM, UTC).");
            }
        }
    }
}
