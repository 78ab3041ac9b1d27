package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.AuditEntry;
import dev.laurel.platform.AuditLog;
import dev.laurel.platform.Problem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The admin's review queue of abuse flags: each flag not yet reviewed, with the evidence behind it (the
 * labeler's counters in the campaign, their recent answers there, the points they hold from it), and the four
 * decisions, each written to the {@link AuditLog}:
 * <ul>
 * <li>WARN: the flag stands as a warning the labeler sees; nothing else changes.</li>
 * <li>DROP: every answer of the labeler in the campaign leaves consensus, and each one's points are reversed
 * (one {@code SubmissionDropped} per answer, heard by game); their later answers there are dropped too.</li>
 * <li>SUSPEND: the labeler gets no more tasks in the campaign.</li>
 * <li>CLEAR: a false alarm: a suspension is lifted, later answers count again, and the points drops by review took
 * from the labeler's answers in the campaign are given back ({@link DroppedAnswerPoints}: new ledger rows, once
 * however often or concurrently clear is sent); those answers return to consensus, so a later drop takes them again.</li>
 * </ul>
 */
@ApplicationScoped
public class FlagReviews {
    /** Recent answers shown as evidence per flag. */
    static final int RECENT_ANSWERS = 10;

    private final AbuseFlags flags;
    private final CampaignSettings settings;
    private final CampaignPoints points;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final AuditLog audit;
    private final DroppedAnswerPoints dropped;

    FlagReviews(AbuseFlags flags, CampaignSettings settings, CampaignPoints points, Campaigns campaigns, Accounts accounts,
                AuditLog audit, DroppedAnswerPoints dropped) {
        this.dropped = dropped;
        this.flags = flags;
        this.settings = settings;
        this.points = points;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.audit = audit;
    }

    public enum Decision {
        WARN("warned"), DROP("dropped"), SUSPEND("suspended"), CLEAR("cleared");

        private final String done;

        Decision(String done) {
            this.done = done;
        }

        /** The past tense, as the audit log and the page say it. */
        public String done() {
            return done;
        }
    }

    /** One answer as evidence: when, how long it took, its gold outcome, whether it still counts. */
    public record AnswerEvidence(Instant acceptedAt, String kind, long durationMs, Boolean goldCorrect, boolean dropped,
                                 String answer) {
    }

    /** The labeler's counters in the campaign, as sentences. */
    public record Figure(String label, String value) {
    }

    /** A flag with everything the admin decides on. */
    public record FlagCase(long flagId, long labelerId, String labeler, long campaignId, String campaign, String signal,
                           String action, String reason, Instant raisedAt, List<Figure> figures, long points,
                           boolean dropped, boolean suspended, List<AnswerEvidence> answers, String review,
                           String reviewedBy, Instant reviewedAt) {
    }

    /** What a decision did: the audit entry that records it. */
    public record Outcome(Decision decision, String labeler, long campaignId, int answersDropped, long pointsBefore,
                          long pointsGivenBack, AuditEntry entry) {
    }

    /** The flags waiting for review, oldest first. */
    public List<FlagCase> open() {
        return LabelerFlag.<LabelerFlag>list("reviewedAt is null", Sort.by("createdAt").and("id")).stream()
                .map(this::evidence).toList();
    }

    /** The most recently reviewed flags, newest first. */
    public List<FlagCase> reviewed(int limit) {
        return LabelerFlag.<LabelerFlag>find("reviewedAt is not null", Sort.by("reviewedAt").descending().and("id").descending())
                .page(0, limit).list().stream().map(this::evidence).toList();
    }

    /** The review decisions of the audit log, newest first. */
    public List<AuditEntry> audit(int limit) {
        return audit.recent(limit, "flag.");
    }

    FlagCase evidence(LabelerFlag flag) {
        LabelerCampaignStats stats = LabelerCampaignStats.<LabelerCampaignStats>find("campaignId = ?1 and labelerId = ?2",
                flag.campaignId, flag.labelerId).firstResult();
        Campaign campaign = campaigns.exists(flag.campaignId) ? campaigns.campaign(flag.campaignId) : null;
        long minAnswerMs = campaign == null ? 0 : settings.of(flag.campaignId, campaign.overlap).minAnswerMs;
        List<Figure> figures = stats == null ? List.of(new Figure("Answers", "none counted yet")) : List.of(
                new Figure("Answers · mean time", stats.answers + " · " + (stats.answers == 0 ? "–"
                        : String.format(Locale.ROOT, "%.1f s", stats.totalDurationMs / 1000.0 / stats.answers))),
                new Figure("Faster than the campaign minimum", stats.fastAnswers + (minAnswerMs > 0
                        ? String.format(Locale.ROOT, " (minimum %.1f s)", minAnswerMs / 1000.0) : " (no minimum set)")),
                new Figure("Left · right picks", stats.leftAnswers + " · " + stats.rightAnswers),
                new Figure("Skips", stats.skips + " of " + (stats.answers + stats.skips) + " tasks seen"),
                new Figure("Gold answers right", stats.goldSeen == 0 ? "none seen" : stats.goldCorrect + " of " + stats.goldSeen),
                new Figure("Agreement with consensus", stats.compared == 0 ? "not yet" : stats.agreed + " of " + stats.compared));
        List<AnswerEvidence> answers = QualityLabel.<QualityLabel>find("labelerId = ?1 and campaignId = ?2",
                        Sort.by("acceptedAt").descending().and("id").descending(), flag.labelerId, flag.campaignId)
                .page(0, RECENT_ANSWERS).list().stream()
                .map(l -> new AnswerEvidence(l.acceptedAt, l.kind, l.durationMs, l.goldCorrect, l.dropped, shorten(l.answer)))
                .toList();
        String labeler = accounts.usernameOf(flag.labelerId).orElse("#" + flag.labelerId);
        return new FlagCase(flag.id, flag.labelerId, labeler, flag.campaignId, campaign == null ? "#" + flag.campaignId
                : campaign.name, flag.signalKind.name(), flag.action.name(), flag.reason, flag.createdAt, figures,
                points.of(flag.labelerId, flag.campaignId), stats != null && stats.dropped, stats != null && stats.suspended,
                answers, flag.review == null ? null : flag.review.done(), flag.reviewedBy, flag.reviewedAt);
    }

    /** Carries out an admin's decision on a flag and audits it; a flag may be reviewed again (warned, then dropped). */
    @Transactional
    public Outcome review(User admin, long flagId, Decision decision, String note) {
        LabelerFlag flag = LabelerFlag.findById(flagId, LockModeType.PESSIMISTIC_WRITE);
        if (flag == null) {
            throw Problem.notFound("There is no flag " + flagId + ": it may have been removed.");
        }
        String comment = note == null || note.isBlank() ? null : note.strip();
        if (comment != null && comment.length() > 500) {
            throw Problem.badRequest("A note has at most 500 characters.");
        }
        Instant now = Instant.now();
        LabelerCampaignStats stats = LabelerCampaignStats.<LabelerCampaignStats>find("campaignId = ?1 and labelerId = ?2",
                flag.campaignId, flag.labelerId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseGet(() -> {
                    LabelerCampaignStats row = new LabelerCampaignStats();
                    row.campaignId = flag.campaignId;
                    row.labelerId = flag.labelerId;
                    row.updatedAt = now;
                    row.persist();
                    return row;
                });
        long pointsBefore = points.of(flag.labelerId, flag.campaignId);
        int answersDropped = 0;
        long givenBack = 0;
        String effect;
        switch (decision) {
            case WARN -> effect = "The flag stands as a warning.";
            case DROP -> {
                stats.dropped = true;
                flag.action = AbuseSignals.Action.DROP;
                answersDropped = flags.dropAnswers(flag.labelerId, flag.campaignId, "reviewed by an admin: " + flag.reason, now);
                effect = answersDropped + " answer(s) dropped from consensus; their points are reversed (" + pointsBefore
                        + " points held from the campaign before).";
            }
            case SUSPEND -> {
                stats.suspended = true;
                flag.action = AbuseSignals.Action.SUSPEND;
                effect = "Suspended from the campaign: no more tasks there.";
            }
            case CLEAR -> {
                boolean wasSuspended = stats.suspended;
                boolean wasDropped = stats.dropped;
                stats.suspended = false;
                stats.dropped = false;
                // under the stats row's lock: a second clear, or one sent at the same time, finds everything given back
                DroppedAnswerPoints.Restored restored = dropped.restore(flag.labelerId, flag.campaignId,
                        "the " + flag.signalKind.name() + " flag in campaign " + flag.campaignId + " was cleared by an admin", now);
                givenBack = restored.points();
                if (!restored.submissionIds().isEmpty()) {
                    QualityLabel.update("dropped = false where labelerId = ?1 and campaignId = ?2 and submissionId in ?3",
                            flag.labelerId, flag.campaignId, restored.submissionIds());
                }
                effect = "Cleared as a false alarm" + (wasSuspended ? "; suspension lifted" : "")
                        + (wasDropped ? "; later answers count again" : "")
                        + (restored.submissionIds().isEmpty() ? "" : "; " + restored.points() + " points given back for "
                        + restored.submissionIds().size() + " dropped answer(s), which count in consensus again") + ".";
            }
            default -> throw new IllegalStateException(decision.name());
        }
        flag.review = decision;
        flag.reviewedAt = now;
        flag.reviewedBy = admin.username;
        String labeler = accounts.usernameOf(flag.labelerId).orElse("#" + flag.labelerId);
        AuditEntry entry = audit.record(admin.username, "flag." + decision.done(), subject(labeler, flag.campaignId),
                flag.signalKind.name() + " flag (" + flag.reason + "): " + effect + (comment == null ? "" : " Note: " + comment));
        return new Outcome(decision, labeler, flag.campaignId, answersDropped, pointsBefore, givenBack, entry);
    }

    /** How the audit log names a labeler in a campaign. */
    static String subject(String labeler, long campaignId) {
        return "labeler " + labeler + " in campaign " + campaignId;
    }

    private static String shorten(String answer) {
        if (answer == null) {
            return "";
        }
        return answer.length() <= 120 ? answer : answer.substring(0, 119) + "…";
    }
}
