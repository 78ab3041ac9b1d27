package dev.laurel.game;

import dev.laurel.account.Accounts;
import dev.laurel.platform.ProcessedEvents;
import dev.laurel.platform.Rows;
import dev.laurel.quality.AnswerAssessed;
import dev.laurel.quality.SubmissionDropped;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores accepted answers into the points ledger, under the reward rule in force when they were
 * given: one row per line of the formula (base, quality, each bonus), then the labeler's progress
 * (streak, combo, badges, quests) and the toasts their browser shows.
 */
@ApplicationScoped
public class PointsLedger {
    static final String CONSUMER = "game-scoring";
    /** How a drop's REVERSAL row says why; a cleared flag gives back exactly the rows that say so. */
    static final String DROPPED_BY_REVIEW = "answer dropped by quality review";

    private final ProcessedEvents processed;
    private final Leaderboards leaderboards;
    private final Accounts accounts;
    private final Progress progress;
    private final GameConfig config;
    private final RewardRules rules;

    PointsLedger(ProcessedEvents processed, Leaderboards leaderboards, Accounts accounts,
                 Progress progress, GameConfig config, RewardRules rules) {
        this.rules = rules;
        this.processed = processed;
        this.leaderboards = leaderboards;
        this.accounts = accounts;
        this.progress = progress;
        this.config = config;
    }

    /** A labeler's standing: the ledger sum and the level it reaches. */
    public record Standing(long points, int level, long levelStartsAt, long nextLevelAt) {
    }

    /**
     * Adds the assessed answer's ledger rows once; a redelivered event adds nothing. The quality
     * multiplier and gold outcome are the assessment's, so points reflect the answer's own gold result.
     * An answer quality dropped on arrival earns nothing; one the platform's rules leave unpaid (quality says
     * why) earns one 0-point row with that reason, so the labeler's history answers "why nothing".
     */
    @Transactional
    public boolean score(AnswerAssessed event) {
        // once per submission, not per event id (scored_submission's key backs this)
        if (!processed.firstDelivery(CONSUMER, "submission-" + event.submissionId())
                || (event.dropped() && event.unpaid() == null)) {
            return false;
        }
        RewardRule rule = rules.inForceAt(event.acceptedAt());
        if (event.unpaid() != null) {
            write(event, rule.version, LedgerEntry.Kind.AWARD, 0, event.unpaid(), 0, false); // 0 points: nothing to hold
            return true;
        }
        // read before the labeler's row is locked: a cache miss reads in a transaction of its own
        RewardRules.Scoring terms = rules.scoringTerms(event.campaignId());
        long before = leaderboards.allTime(event.labelerId()); // = total(), one row instead of the whole ledger
        LabelerProgress mine = progress.lockOrCreate(event.labelerId());
        if (event.goldCorrect() != null) {
            mine.goldSeen++;
            if (event.goldCorrect()) {
                mine.goldPassed++;
            }
        }
        // on probation: judged on the gold record including this answer, from the row locked anyway
        Probation.Verdict verdict = mine.releasedAt != null ? null : Probation.judge(mine.goldSeen, mine.goldPassed,
                config.probation().minGold(), config.probation().minAccuracy());
        if (verdict == Probation.Verdict.RELEASE) {
            mine.releasedAt = Instant.now();
            if (release(event.labelerId(), mine.releasedAt) > 0) {
                progress.notify(event.labelerId(), "POINTS", "Probation passed: your pending points are released", event.acceptedAt());
            }
        }
        boolean pending = mine.releasedAt == null;
        LocalDate localDay = event.acceptedAt().atZone(accounts.timeZone(event.labelerId())).toLocalDate();
        // most answers come on a day the labeler already answered: its row and the streak are known
        int streak = localDay.equals(mine.lastAnswerDay) ? mine.streakDays
                : progress.answeredOn(event.labelerId(), localDay, config.streakGraceDays(), config.streakWindowDays());
        boolean sameSession = mine.lastAnswerAt != null && !event.acceptedAt().isBefore(mine.lastAnswerAt)
                && Duration.between(mine.lastAnswerAt, event.acceptedAt()).getSeconds() <= rule.comboGapSeconds;
        int combo = sameSession ? mine.combo + 1 : 1;
        long earnedToday = earnedToday(mine, event.acceptedAt()); // before the campaign lock: it needs only the labeler's
        CampaignReward campaign = null;
        if (terms.paysFromPool()) {
            // only a bonus pool needs the lock (two answers must not spend the same points); every
            // scoring thread waits on this row until its batch commits, so campaigns without one skip it
            // refresh, not find: a row already in this persistence context would only be locked, not read again
            campaign = CampaignReward.findById(event.campaignId());
            CampaignReward.getEntityManager().refresh(campaign, LockModeType.PESSIMISTIC_WRITE);
            terms = RewardRules.Scoring.of(campaign);
        }
        PointsFormula.Facts facts = new PointsFormula.Facts(event.kind().name(), event.durationMs(), event.goldCorrect(),
                rule.qualityMultiplier ? event.multiplierMillionths() : PointsFormula.ONE, terms.basePoints(),
                terms.bonusPerAnswer(), terms.budgetLeft(), streak, combo, earnedToday);
        List<PointsFormula.Line> lines = PointsFormula.score(rule.terms(), facts);
        for (PointsFormula.Line line : lines) {
            write(event, rule.version, line.kind(), line.points(), line.reason(), 0, pending);
            if (line.kind() == LedgerEntry.Kind.CAMPAIGN_BONUS) {
                campaign.budgetLeft -= line.points(); // the formula never pays more than is left
            }
        }
        long earned = PointsFormula.total(lines);
        LocalDate utcDay = utcDay(event.acceptedAt());
        if (mine.earnedDay == null || !utcDay.isBefore(mine.earnedDay)) { // a late answer of an earlier day leaves it
            mine.earnedDay = utcDay;
            mine.earnedOnDay = earnedToday + earned;
        }
        ScoredSubmission scored = new ScoredSubmission();
        scored.submissionId = event.submissionId();
        scored.labelerId = event.labelerId();
        scored.campaignId = event.campaignId();
        scored.kind = event.kind().name();
        scored.durationMs = event.durationMs();
        scored.goldCorrect = event.goldCorrect();
        scored.multiplier = facts.multiplierMillionths();
        scored.streakDays = streak;
        scored.combo = combo;
        scored.earnedToday = facts.earnedToday();
        scored.budgetLeft = facts.budgetLeft();
        scored.campaignBasePoints = facts.campaignBasePoints();
        scored.campaignBonus = facts.campaignBonus();
        scored.ruleVersion = rule.version;
        scored.points = earned;
        scored.acceptedAt = event.acceptedAt();
        scored.persist();

        mine.combo = combo;
        if (mine.lastAnswerAt == null || event.acceptedAt().isAfter(mine.lastAnswerAt)) {
            mine.lastAnswerAt = event.acceptedAt();
            mine.lastAnswerDay = localDay;
        }
        mine.answers++;
        if (scored.kind.equals("PAIRWISE")) {
            mine.comparisons++;
        }
        mine.streakDays = streak;
        mine.bestStreak = Math.max(mine.bestStreak, streak);
        long questPoints = progress.advanceQuests(event, scored.kind, earned,
                (quest, reason) -> write(event, rule.version, LedgerEntry.Kind.QUEST, quest.rewardPoints, reason, quest.id, pending));
        leaderboards.add(event.labelerId(), event.campaignId(), event.acceptedAt(), earned + questPoints);
        long reversed = 0;
        if (verdict == Probation.Verdict.REVERSE && event.goldCorrect() != null) {
            // only when the evidence changed: once per gold answer, not once per answer
            reversed = reversePending(mine, Instant.now());
            if (reversed != 0) {
                progress.notify(event.labelerId(), "POINTS", signed(-reversed) + " XP: pending points reversed", event.acceptedAt());
            }
        }
        progress.notify(event.labelerId(), "POINTS", (earned >= 0 ? "+" : "") + earned + " XP", event.acceptedAt());
        progress.afterScoring(mine, before, before + earned + questPoints - reversed, event.acceptedAt());
        return true;
    }

    private void write(AnswerAssessed event, int ruleVersion, LedgerEntry.Kind kind, long points, String reason, long ref,
                       boolean pending) {
        LedgerEntry entry = new LedgerEntry();
        entry.labelerId = event.labelerId();
        entry.submissionId = event.submissionId();
        entry.campaignId = event.campaignId();
        entry.ruleVersion = ruleVersion;
        entry.kind = kind;
        entry.points = points;
        entry.reason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        entry.createdAt = event.acceptedAt();
        entry.ref = ref;
        entry.pending = pending;
        entry.payableAt = pending ? null : event.acceptedAt();
        entry.persist();
    }

    /**
     * Ends a labeler's probation: their pending rows count for token epochs from {@code now}, so they are paid
     * in the epoch whose window contains the release, and an epoch computed before it stays as it was.
     */
    private int release(long labelerId, Instant now) {
        LedgerEntry.getEntityManager().flush(); // the bulk update must see rows written earlier in this transaction
        return LedgerEntry.update("pending = false, payableAt = ?1 where labelerId = ?2 and pending = true", now, labelerId);
    }

    /**
     * Reverses what a labeler earned on probation, one REVERSAL row per pending answer (as a dropped answer gets),
     * none of it payable: the rows it reverses were never paid. Returns the points taken back.
     */
    private long reversePending(LabelerProgress mine, Instant now) {
        long labelerId = mine.labelerId;
        mine.earnedDay = null; // its rows change what the labeler earned on their days
        var em = LedgerEntry.getEntityManager();
        em.flush();
        List<Object[]> answers = em.createQuery("select e.submissionId, e.campaignId, max(e.ruleVersion), sum(e.points)"
                        + " from LedgerEntry e where e.labelerId = ?1 and e.pending = true group by e.submissionId, e.campaignId",
                        Object[].class)
                .setParameter(1, labelerId).getResultList();
        LedgerEntry.update("pending = false where labelerId = ?1 and pending = true", labelerId);
        Map<Long, Long> byCampaign = new HashMap<>();
        long total = 0;
        for (Object[] answer : answers) {
            long points = ((Number) answer[3]).longValue();
            if (points == 0) {
                continue;
            }
            LedgerEntry entry = new LedgerEntry();
            entry.labelerId = labelerId;
            entry.submissionId = (Long) answer[0];
            entry.campaignId = (Long) answer[1];
            entry.ruleVersion = ((Number) answer[2]).intValue();
            entry.kind = LedgerEntry.Kind.REVERSAL;
            entry.points = -points;
            entry.reason = signed(-points) + " points: pending on probation and reversed, since your check answers show"
                    + " under " + Math.round(config.probation().minAccuracy() * 100) + " % right";
            entry.createdAt = now;
            entry.ref = 0;
            entry.persist();
            byCampaign.merge(entry.campaignId, entry.points, Long::sum);
            total += points;
        }
        byCampaign.forEach((campaign, points) -> leaderboards.add(labelerId, campaign, now, points));
        return total;
    }

    private static String signed(long points) {
        return points >= 0 ? "+" + points : Long.toString(points);
    }

    /**
     * Cancels what a dropped submission earned with one REVERSAL row (the rows it reverses stay, the
     * ledger is append-only). A quest reward the answer completed is kept: the quest was reached. A
     * redelivered drop, or a drop of an answer that earned nothing, adds nothing.
     * <p>Settlement: an answer dropped before its points settled (pending on probation, or payable less than
     * {@code laurel.game.settlement-delay} ago) was never paid, since no epoch is computed before its window plus the
     * delay has passed: its rows are taken out of the payable ones and the reversal is not payable either. A drop
     * after settlement is clawed back: the reversal counts in the epoch of the drop.
     */
    @Transactional
    public boolean reverse(SubmissionDropped event) {
        if (!processed.firstDelivery(CONSUMER, event.eventId())) {
            return false;
        }
        List<LedgerEntry> rows = LedgerEntry.list("submissionId", event.submissionId());
        long reversals = rows.stream().filter(row -> row.kind == LedgerEntry.Kind.REVERSAL).count();
        if (reversals > rows.stream().filter(row -> row.kind == LedgerEntry.Kind.REINSTATEMENT).count()) {
            return false; // reversed and not given back since (a cleared flag gives back, and a new drop reverses again)
        }
        long earned = rows.stream().filter(row -> row.kind != LedgerEntry.Kind.QUEST).mapToLong(row -> row.points).sum();
        if (earned == 0) {
            return false;
        }
        LedgerEntry first = rows.get(0);
        boolean unsettled = rows.stream().filter(row -> row.kind != LedgerEntry.Kind.QUEST)
                .anyMatch(row -> row.pending || (row.payableAt != null && isUnsettled(row.payableAt, event.droppedAt())));
        rows.forEach(row -> row.pending = false);
        if (unsettled) {
            rows.stream().filter(row -> row.kind != LedgerEntry.Kind.QUEST).forEach(row -> row.payableAt = null);
        }
        LedgerEntry entry = new LedgerEntry();
        entry.labelerId = first.labelerId;
        entry.submissionId = event.submissionId();
        entry.campaignId = first.campaignId;
        entry.ruleVersion = first.ruleVersion;
        entry.kind = LedgerEntry.Kind.REVERSAL;
        entry.points = -earned;
        entry.reason = "-" + earned + " points: " + DROPPED_BY_REVIEW + " (" + event.reason() + ")"
                + (unsettled ? ", before they were paid" : "");
        entry.ref = reversals;
        entry.createdAt = event.droppedAt();
        entry.payableAt = unsettled ? null : event.droppedAt();
        entry.persist();
        progress.forgetEarnedDay(entry.labelerId);
        leaderboards.add(entry.labelerId, entry.campaignId, entry.createdAt, entry.points);
        return true;
    }

    /** Whether points payable from {@code payableAt} are still within the settlement delay at {@code moment}. */
    private boolean isUnsettled(Instant payableAt, Instant moment) {
        return payableAt.plus(config.settlementDelay()).isAfter(moment);
    }

    /** How long points wait before they are payable; epochs are computed only this long after their window ends. */
    public Duration settlementDelay() {
        return config.settlementDelay();
    }

    /**
     * Probation of labelers who stopped answering (the verdict is otherwise reached only when an answer is scored):
     * each labeler with pending rows is judged again on their gold record, and one whose oldest pending row is older
     * than {@code decideAfter} is decided on the evidence there is ({@link Probation#decide}). One labeler per
     * transaction (their progress row is locked, as scoring does). Returns how many labelers were settled.
     */
    public int settleProbation(Instant now) {
        List<Object[]> labelers = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> LedgerEntry
                .getEntityManager().createQuery("select e.labelerId, min(e.createdAt) from LedgerEntry e where e.pending = true"
                        + " group by e.labelerId", Object[].class).getResultList());
        int settled = 0;
        for (Object[] row : labelers) {
            long labelerId = (Long) row[0];
            Instant oldest = (Instant) row[1];
            boolean done = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> settleProbation(labelerId,
                    !oldest.plus(config.probation().decideAfter()).isAfter(now), now));
            settled += done ? 1 : 0;
        }
        return settled;
    }

    private boolean settleProbation(long labelerId, boolean mustDecide, Instant now) {
        LabelerProgress mine = progress.lockOrCreate(labelerId);
        GameConfig.ProbationConfig probation = config.probation();
        Probation.Verdict verdict = mine.releasedAt != null ? Probation.Verdict.RELEASE
                : Probation.judge(mine.goldSeen, mine.goldPassed, probation.minGold(), probation.minAccuracy());
        if (verdict == Probation.Verdict.PENDING && mustDecide) {
            verdict = Probation.decide(mine.goldSeen, mine.goldPassed, probation.minAccuracy());
        }
        switch (verdict) {
            case RELEASE -> {
                if (mine.releasedAt == null) {
                    mine.releasedAt = now;
                }
                if (release(labelerId, now) > 0) {
                    progress.notify(labelerId, "POINTS", "Probation passed: your pending points are released", now);
                }
                return true;
            }
            case REVERSE -> {
                long reversed = reversePending(mine, now);
                if (reversed != 0) {
                    progress.notify(labelerId, "POINTS", signed(-reversed) + " XP: pending points reversed", now);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The sum of the labeler's ledger rows: the only definition of their total. */
    public long total(long labelerId) {
        Long sum = LedgerEntry.getEntityManager()
                .createQuery("select coalesce(sum(e.points), 0) from LedgerEntry e where e.labelerId = ?1", Long.class)
                .setParameter(1, labelerId).getSingleResult();
        return sum;
    }

    /** One labeler's ledger rows in a time window: accepted answers scored (awards) and the points, reversals included. */
    public record WindowPoints(long answers, long points) {
    }

    /** Points per UTC day from {@code first} on, for the profile chart; days without points are absent. */
    @Transactional
    public Map<LocalDate, Long> pointsPerDay(long labelerId, LocalDate first) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = LedgerEntry.getEntityManager().createNativeQuery(
                        "select cast(created_at as date), sum(points) from ledger_entry"
                                + " where labeler_id = ?1 and created_at >= ?2 group by cast(created_at as date)")
                .setParameter(1, labelerId).setParameter(2, first.atStartOfDay(ZoneOffset.UTC).toInstant()).getResultList();
        Map<LocalDate, Long> byDay = new HashMap<>();
        for (Object[] row : rows) {
            LocalDate day = row[0] instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) row[0];
            byDay.merge(day, ((Number) row[1]).longValue(), Long::sum);
        }
        return byDay;
    }

    /**
     * Labeler id → their rows payable in {@code [from, to)}; what token payouts split an epoch's budget by. Rows
     * pending on probation are not payable; released ones count at their release.
     */
    @Transactional
    public Map<Long, WindowPoints> pointsBetween(Instant from, Instant to) {
        Map<Long, WindowPoints> points = new HashMap<>();
        LedgerEntry.getEntityManager().createQuery("select e.labelerId, sum(case when e.kind = ?3 then 1 else 0 end),"
                        + " sum(e.points) from LedgerEntry e where e.payableAt >= ?1 and e.payableAt < ?2 group by e.labelerId",
                        Object[].class)
                .setParameter(1, from).setParameter(2, to).setParameter(3, LedgerEntry.Kind.AWARD).getResultList()
                .forEach(row -> points.put((Long) row[0], new WindowPoints(((Number) row[1]).longValue(), ((Number) row[2]).longValue())));
        return points;
    }

    /** The sum of the labeler's rows pending on probation: in their total, not yet payable. */
    public long pending(long labelerId) {
        return LedgerEntry.getEntityManager()
                .createQuery("select coalesce(sum(e.points), 0) from LedgerEntry e where e.labelerId = ?1 and e.pending = true", Long.class)
                .setParameter(1, labelerId).getSingleResult();
    }

    /** A labeler's probation for their profile: pending points and why; null when their points are paid as earned. */
    public record ProbationStatus(long pendingPoints, long goldSeen, long goldPassed, String explanation) {
    }

    public ProbationStatus probation(long labelerId) {
        LabelerProgress mine = progress.of(labelerId);
        int minGold = config.probation().minGold();
        if (minGold <= 0 || mine.releasedAt != null) {
            return null;
        }
        return new ProbationStatus(pending(labelerId), mine.goldSeen, mine.goldPassed,
                Probation.explain(mine.goldSeen, mine.goldPassed, minGold, config.probation().minAccuracy()));
    }

    public Standing standing(long labelerId, LevelCurve curve) {
        long points = total(labelerId);
        int level = curve.levelOf(points);
        return new Standing(points, level, curve.threshold(level), curve.threshold(level + 1));
    }

    public List<LedgerEntry> recent(long labelerId, int limit) {
        return LedgerEntry.find("labelerId", Sort.by("createdAt").descending().and("id").descending(), labelerId)
                .page(0, limit).list();
    }

    /** Every row of one submission: the answer to "why 14 points". */
    public List<LedgerEntry> breakdown(long submissionId) {
        return LedgerEntry.list("submissionId", Sort.by("id"), submissionId);
    }

    /** Capped points earned on the UTC day of a moment, before it (quest rewards are not capped). */
    /**
     * What the labeler earned on the UTC day of {@code moment} (ledger rows other than quests): the counter on their
     * progress row when it holds that day, else the ledger's sum (the first answer of a day, a late answer of an
     * earlier day, or after a row scoring did not write).
     */
    private long earnedToday(LabelerProgress mine, Instant moment) {
        return utcDay(moment).equals(mine.earnedDay) ? mine.earnedOnDay : earnedOnDay(mine.labelerId, moment);
    }

    private static LocalDate utcDay(Instant moment) {
        return moment.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private long earnedOnDay(long labelerId, Instant moment) {
        Instant dayStart = utcDay(moment).atStartOfDay(ZoneOffset.UTC).toInstant();
        Long sum = LedgerEntry.getEntityManager().createQuery(
                        "select coalesce(sum(e.points), 0) from LedgerEntry e where e.labelerId = ?1"
                                + " and e.createdAt >= ?2 and e.createdAt < ?3 and e.kind <> ?4", Long.class)
                .setParameter(1, labelerId).setParameter(2, dayStart).setParameter(3, dayStart.plusSeconds(86_400))
                .setParameter(4, LedgerEntry.Kind.QUEST)
                .getSingleResult();
        return sum;
    }
}
