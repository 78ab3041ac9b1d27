package dev.laurel.game;

import dev.laurel.account.User;
import dev.laurel.platform.Invalidations;
import dev.laurel.platform.Problem;
import dev.laurel.platform.ShortLivedCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Admins change the points formula by adding versions, and set campaigns' own terms; every change is audited. */
@ApplicationScoped
public class RewardRules {
    private static final String RULES = "reward-rules";
    private static final String CAMPAIGNS = "campaign-rewards";

    private final GameConfig config;
    private final Invalidations invalidations;
    /** Every version, newest first: read for every scored answer, changed only by {@link #publish}. */
    private final ShortLivedCache<String, List<RewardRule>> all;
    /** Campaigns' terms as scoring reads them, for every answer; changed by {@link #setCampaignTerms} and paid bonuses. */
    private final ShortLivedCache<String, Scoring> scoring;

    RewardRules(GameConfig config, Invalidations invalidations) {
        this.config = config;
        this.invalidations = invalidations;
        this.all = invalidations.cache(RULES);
        this.scoring = invalidations.cache(CAMPAIGNS);
    }

    /** The version in force at a moment (the newest one effective by then); read-only, shared by threads. */
    public RewardRule inForceAt(Instant moment) {
        List<RewardRule> versions = all.get(RULES, key -> Optional.of(QuarkusTransaction.requiringNew().call(() ->
                RewardRule.<RewardRule>listAll(Sort.by("effectiveFrom").descending().and("version").descending())))).orElseThrow();
        return versions.stream().filter(rule -> !rule.effectiveFrom.isAfter(moment)).findFirst().orElse(null);
    }

    /**
     * A campaign's terms as scoring needs them: its base points (null: the rule's), bonus and what is left of its pool
     * (null: the campaign has no terms of its own).
     */
    public record Scoring(Long basePoints, long bonusPerAnswer, Long budgetLeft) {
        static Scoring of(CampaignReward row) {
            return row == null ? new Scoring(null, 0, null) : new Scoring(row.basePoints, row.bonusPerAnswer, row.budgetLeft);
        }

        /** Whether an answer may be paid a bonus from the pool: then its row must be read, and locked, every time. */
        public boolean paysFromPool() {
            return bonusPerAnswer > 0 && budgetLeft != null && budgetLeft > 0;
        }
    }

    /**
     * The campaign's terms for scoring an answer, cached: without a paying pool nothing but {@link #setCampaignTerms}
     * changes them. When {@link Scoring#paysFromPool} the caller reads and locks the row itself.
     */
    public Scoring scoringTerms(long campaignId) {
        // read in a transaction of its own: what is cached is committed, and the caller's persistence context stays clean
        return scoring.get(Long.toString(campaignId), key -> Optional.of(QuarkusTransaction.requiringNew().call(() ->
                Scoring.of(CampaignReward.findById(campaignId))))).orElseThrow();
    }

    /**
     * A new version as an admin writes it. basePoints, minMillisPerTask and dailyCap are required; a
     * term left out keeps the value of the rule in force now.
     */
    public record Draft(Long basePoints, Long minMillisPerTask, Long dailyCap, Instant effectiveFrom, String note,
                        String kindPoints, Boolean qualityMultiplier, Long goldBonus, Long goldPenalty,
                        Integer streakMinDays, Long streakBonus, Integer comboSize, Long comboBonus,
                        Integer comboGapSeconds) {
        public Draft(Long basePoints, Long minMillisPerTask, Long dailyCap, Instant effectiveFrom, String note) {
            this(basePoints, minMillisPerTask, dailyCap, effectiveFrom, note, null, null, null, null, null, null, null, null, null);
        }
    }

    /** A campaign's own terms as an admin writes them; budget tops up the pool (added to what is left). */
    public record CampaignTerms(Long basePoints, Long bonusPerAnswer, Long budget) {
    }

    /** One real recent answer: what the rule in force gives it and what the draft would. */
    public record PreviewRow(long submissionId, String labeler, String kind, long durationMs, Boolean goldCorrect,
                             int streakDays, int combo, long inForce, long draft, List<PointsFormula.Line> draftLines) {
        public long difference() {
            return draft - inForce;
        }
    }

    public RewardRule current() {
        return inForceAt(Instant.now());
    }

    public List<RewardRule> versions() {
        return RewardRule.listAll(Sort.by("version").descending());
    }

    public List<RuleAudit> audit() {
        return RuleAudit.listAll(Sort.by("at").descending().and("id").descending());
    }

    /** Adds a new version, effective from the given time (now if absent, never in the past). */
    @Transactional
    public RewardRule publish(User admin, Draft draft) {
        Instant now = Instant.now();
        Instant from = draft == null || draft.effectiveFrom() == null ? now : draft.effectiveFrom();
        if (from.isBefore(now.minusSeconds(60))) {
            throw Problem.badRequest("A rule cannot take effect in the past: points already given stay as they were.");
        }
        RewardRule before = current();
        RewardRule rule = build(draft, before);
        rule.version = RewardRule.<RewardRule>findAll(Sort.by("version").descending()).firstResult().version + 1;
        rule.effectiveFrom = from;
        rule.createdBy = admin.username;
        rule.createdAt = now;
        rule.persist();
        invalidations.invalidate(RULES, RULES);
        audit(admin, now, before == null ? null : before.describe(), rule.describe());
        return rule;
    }

    /** Validates a draft into an unsaved rule; terms it leaves out keep the values of {@code base}. */
    RewardRule build(Draft draft, RewardRule base) {
        if (draft == null || draft.basePoints() == null || draft.minMillisPerTask() == null || draft.dailyCap() == null) {
            throw Problem.badRequest("A rule needs 'basePoints', 'minMillisPerTask' and 'dailyCap'.");
        }
        if (draft.basePoints() < 0 || draft.minMillisPerTask() < 0 || draft.dailyCap() < 0
                || negative(draft.goldBonus()) || negative(draft.goldPenalty()) || negative(draft.streakBonus())
                || negative(draft.comboBonus())) {
            throw Problem.badRequest("Points, times and caps cannot be negative.");
        }
        if ((draft.streakMinDays() != null && draft.streakMinDays() < 1) || (draft.comboSize() != null && draft.comboSize() < 1)
                || (draft.comboGapSeconds() != null && draft.comboGapSeconds() < 1)) {
            throw Problem.badRequest("'streakMinDays', 'comboSize' and 'comboGapSeconds' are at least 1.");
        }
        RewardRule rule = new RewardRule();
        rule.version = base == null ? 1 : base.version + 1;
        rule.effectiveFrom = draft.effectiveFrom() == null ? Instant.now() : draft.effectiveFrom();
        rule.basePoints = draft.basePoints();
        rule.minMillisPerTask = draft.minMillisPerTask();
        rule.dailyCap = draft.dailyCap();
        try {
            rule.kindPoints = draft.kindPoints() != null ? RewardRule.formatKindPoints(RewardRule.parseKindPoints(draft.kindPoints()))
                    : base == null ? "" : base.kindPoints;
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        rule.qualityMultiplier = draft.qualityMultiplier() != null ? draft.qualityMultiplier() : base == null || base.qualityMultiplier;
        rule.goldBonus = or(draft.goldBonus(), base == null ? 0 : base.goldBonus);
        rule.goldPenalty = or(draft.goldPenalty(), base == null ? 0 : base.goldPenalty);
        rule.streakMinDays = draft.streakMinDays() != null ? draft.streakMinDays() : base == null ? 3 : base.streakMinDays;
        rule.streakBonus = or(draft.streakBonus(), base == null ? 0 : base.streakBonus);
        rule.comboSize = draft.comboSize() != null ? draft.comboSize() : base == null ? 5 : base.comboSize;
        rule.comboBonus = or(draft.comboBonus(), base == null ? 0 : base.comboBonus);
        rule.comboGapSeconds = draft.comboGapSeconds() != null ? draft.comboGapSeconds() : base == null ? 120 : base.comboGapSeconds;
        rule.note = draft.note() == null || draft.note().isBlank() ? null : draft.note().strip();
        if (rule.note != null && rule.note.length() > 500) {
            throw Problem.badRequest("A note has at most 500 characters.");
        }
        return rule;
    }

    /**
     * What a draft would give the most recent real answers, next to what the rule in force gives them,
     * from the facts each answer was scored on (its kind, time, gold outcome, streak, combo, what the
     * labeler had earned that day, the campaign pool as it was). Nothing is saved.
     */
    public List<PreviewRow> preview(Draft draft) {
        RewardRule inForce = current();
        PointsFormula.Terms now = inForce.terms();
        PointsFormula.Terms proposed = build(draft, inForce).terms();
        List<ScoredSubmission> recent = ScoredSubmission.find("acceptedAt <= ?1", Sort.by("acceptedAt").descending()
                .and("submissionId").descending(), Instant.now()).page(0, config.previewSubmissions()).list();
        return recent.stream().map(s -> {
            List<PointsFormula.Line> draftLines = PointsFormula.score(proposed, s.facts());
            User labeler = User.findById(s.labelerId);
            return new PreviewRow(s.submissionId, labeler == null ? "#" + s.labelerId : labeler.username, s.kind, s.durationMs,
                    s.goldCorrect, s.streakDays, s.combo, PointsFormula.total(PointsFormula.score(now, s.facts())),
                    PointsFormula.total(draftLines), draftLines);
        }).toList();
    }

    public List<CampaignReward> campaigns() {
        return CampaignReward.listAll(Sort.by("campaignId"));
    }

    /** Sets a campaign's base points and bonus, and tops up its pool; audited like a rule change. */
    @Transactional
    public CampaignReward setCampaignTerms(User admin, long campaignId, CampaignTerms terms) {
        if (terms == null || terms.bonusPerAnswer() == null) {
            throw Problem.badRequest("Campaign terms need 'bonusPerAnswer' (0 for none); 'basePoints' and 'budget' are optional.");
        }
        if (negative(terms.basePoints()) || terms.bonusPerAnswer() < 0 || negative(terms.budget())) {
            throw Problem.badRequest("Points and budgets cannot be negative.");
        }
        CampaignReward row = CampaignReward.findById(campaignId, LockModeType.PESSIMISTIC_WRITE);
        String before = row == null ? null : row.describe();
        if (row == null) {
            row = new CampaignReward();
            row.campaignId = campaignId;
        }
        long topUp = terms.budget() == null ? 0 : terms.budget();
        row.basePoints = terms.basePoints();
        row.bonusPerAnswer = terms.bonusPerAnswer();
        row.budgetTotal = Math.addExact(row.budgetTotal, topUp);
        row.budgetLeft = Math.addExact(row.budgetLeft, topUp);
        row.updatedBy = admin.username;
        row.updatedAt = Instant.now();
        row.persist();
        invalidations.invalidate(CAMPAIGNS, Long.toString(campaignId));
        audit(admin, row.updatedAt, before, row.describe());
        return row;
    }

    public CampaignReward campaign(long campaignId) {
        return CampaignReward.findById(campaignId);
    }

    private void audit(User admin, Instant at, String before, String after) {
        RuleAudit audit = new RuleAudit();
        audit.actor = admin.username;
        audit.at = at;
        audit.beforeRule = before;
        audit.afterRule = after;
        audit.persist();
    }

    private static boolean negative(Long value) {
        return value != null && value < 0;
    }

    private static long or(Long value, long otherwise) {
        return value != null ? value : otherwise;
    }
}
