package dev.laurel.quality;

import dev.laurel.campaign.Campaign;
import dev.laurel.platform.Problem;
import dev.laurel.task.Tasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Quality as people read it: a campaign's agreement and gold figures, a labeler's record, settings. */
@ApplicationScoped
public class QualityReports {
    private final CampaignSettings settings;
    private final GoldTasks gold;
    private final LabelerReliabilities reliabilities;
    private final AbuseFlags flags;
    private final Tasks tasks;

    QualityReports(CampaignSettings settings, GoldTasks gold, LabelerReliabilities reliabilities, AbuseFlags flags,
                   Tasks tasks) {
        this.tasks = tasks;
        this.settings = settings;
        this.gold = gold;
        this.reliabilities = reliabilities;
        this.flags = flags;
    }

    /** A campaign's quality settings; every field may be left out of an update. */
    public record Settings(Double goldRate, Double honeypotRate, Double consensusThreshold, Integer maxOverlap,
                           Double minReliability, Integer qualificationGold, Double qualificationAccuracy,
                           Long minAnswerMs) {
        static Settings of(CampaignQuality q) {
            return new Settings(q.goldRate, q.honeypotRate, q.consensusThreshold, q.maxOverlap, q.minReliability,
                    q.qualificationGold, q.qualificationAccuracy, q.minAnswerMs);
        }
    }

    /**
     * A task's consensus. {@code taskId} is the public id labelers see; {@code item} the external id of
     * its prompt. {@code answer} is the Dawid-Skene estimate (for multi-label: the labels that apply,
     * comma-separated) with its posterior probability as {@code confidence}; {@code majority} lists every
     * answer tied for the most votes.
     */
    public record TaskAgreement(long taskId, String item, String answer, double confidence, int answers,
                                List<String> majority) {
    }

    public record GoldFigures(long goldItems, long goldTasks, long honeypots, long answers, long correct, Double accuracy) {
    }

    public record FlagView(long labelerId, long campaignId, String signal, String action, String reason, Instant at) {
        static FlagView of(LabelerFlag f) {
            return new FlagView(f.labelerId, f.campaignId, f.signalKind.name(), f.action.name(), f.reason, f.createdAt);
        }
    }

    /** Why labelers skipped, most frequent first; a skip without a reason counts under null. */
    public record SkipReason(String reason, long skips) {
    }

    public record CampaignReport(long campaignId, Double alpha, int alphaItems, Instant recomputedAt, GoldFigures gold,
                                 long labelers, long skips, List<SkipReason> skipReasons, List<FlagView> flags,
                                 Settings settings, List<TaskAgreement> tasks, String points) {
    }

    public record CampaignFigures(long campaignId, long answers, long goldSeen, long goldCorrect, long leftAnswers,
                                  long rightAnswers, long fastAnswers, long skips, long agreed, long compared,
                                  Long meanDurationMs, boolean dropped, boolean suspended) {
    }

    public record LabelerReport(long labelerId, double accuracy, double lower, double upper, long goldSeen,
                                long goldCorrect, Double goldAccuracy, long agreed, long compared, Double agreement,
                                Double dawidSkeneAccuracy, long multiplierMillionths, long answers,
                                Long medianDurationMs, List<CampaignFigures> campaigns, List<FlagView> flags) {
    }

    public CampaignReport campaign(Campaign campaign) {
        CampaignQuality quality = settings.of(campaign.id, campaign.overlap);
        List<LabelerCampaignStats> stats = LabelerCampaignStats.list("campaignId", campaign.id);
        long goldAnswers = stats.stream().mapToLong(s -> s.goldSeen).sum();
        long goldCorrect = stats.stream().mapToLong(s -> s.goldCorrect).sum();
        GoldTasks.GoldStats goldTasks = gold.stats(campaign.id);
        GoldFigures figures = new GoldFigures(gold.itemCount(campaign.id), goldTasks.goldTasks(), goldTasks.honeypots(),
                goldAnswers, goldCorrect, goldAnswers == 0 ? null : (double) goldCorrect / goldAnswers);
        Map<Long, Tasks.Reference> references = tasks.references(campaign.id);
        List<TaskAgreement> agreement = TaskConsensus.<TaskConsensus>list("campaignId = ?1 order by taskId", campaign.id)
                .stream().map(c -> {
                    Tasks.Reference reference = references.get(c.taskId);
                    return new TaskAgreement(reference == null ? c.taskId : reference.publicId(),
                            reference == null ? null : reference.item(), c.answer, c.confidence, c.answers,
                            c.majority == null ? List.of() : List.of(c.majority.split(TaskConsensus.SEPARATOR)));
                }).toList();
        return new CampaignReport(campaign.id, quality.alpha, quality.alphaItems, quality.recomputedAt, figures,
                stats.size(), stats.stream().mapToLong(s -> s.skips).sum(), skipReasons(campaign.id),
                flags.flagsIn(campaign.id).stream().map(FlagView::of).toList(), Settings.of(quality), agreement,
                settings.goldFloorShortfall(quality).map(shortfall -> "Answers earn 0 points: " + shortfall
                        + ". Raise goldRate + honeypotRate to at least " + settings.goldFloor() + " and they earn again.")
                        .orElse("Answers earn points, except those of your own team's accounts (0 points, left out of"
                                + " consensus)."));
    }

    private static List<SkipReason> skipReasons(long campaignId) {
        return TaskSkip.getEntityManager().createQuery("select s.reason, count(s) from TaskSkip s where s.campaignId = ?1"
                        + " group by s.reason order by count(s) desc, s.reason", Object[].class)
                .setParameter(1, campaignId).getResultList().stream()
                .map(row -> new SkipReason((String) row[0], ((Number) row[1]).longValue())).toList();
    }

    public LabelerReport labeler(long labelerId) {
        Reliability.LabelerReliability r = reliabilities.of(labelerId);
        LabelerQuality row = LabelerQuality.find("labelerId", labelerId).firstResult();
        long agreed = row == null ? 0 : row.agreed;
        long compared = row == null ? 0 : row.compared;
        List<CampaignFigures> campaigns = LabelerCampaignStats.<LabelerCampaignStats>list("labelerId = ?1 order by campaignId",
                labelerId).stream().map(s -> new CampaignFigures(s.campaignId, s.answers, s.goldSeen, s.goldCorrect,
                s.leftAnswers, s.rightAnswers, s.fastAnswers, s.skips, s.agreed, s.compared,
                s.answers == 0 ? null : s.totalDurationMs / s.answers, s.dropped, s.suspended)).toList();
        long answers = QualityLabel.count("labelerId", labelerId);
        Long median = null;
        if (answers > 0) {
            median = QualityLabel.find("select l.durationMs from QualityLabel l where l.labelerId = ?1 order by l.durationMs",
                    labelerId).project(Long.class).page((int) ((answers - 1) / 2), 1).firstResult();
        }
        return new LabelerReport(labelerId, r.accuracy(), r.lower(), r.upper(), r.goldSeen(), r.goldCorrect(),
                r.goldSeen() == 0 ? null : (double) r.goldCorrect() / r.goldSeen(), agreed, compared,
                compared == 0 ? null : (double) agreed / compared, row == null ? null : row.dsAccuracy,
                r.multiplierMillionths(), answers, median, campaigns,
                flags.flagsOf(labelerId).stream().map(FlagView::of).toList());
    }

    public List<FlagView> flagsOf(long labelerId) {
        return flags.flagsOf(labelerId).stream().map(FlagView::of).toList();
    }

    /** The platform's gold floor as a share (goldRate + honeypotRate must reach it). */
    public double goldFloor() {
        return settings.goldFloor();
    }

    public Settings settings(Campaign campaign) {
        return Settings.of(settings.of(campaign.id, campaign.overlap));
    }

    @Transactional
    public Settings update(Campaign campaign, Settings update) {
        if (update == null) {
            throw Problem.badRequest("Send the settings as JSON, e.g. {\"goldRate\": 0.05, \"maxOverlap\": 5}.");
        }
        CampaignQuality q = settings.stored(campaign.id, campaign.overlap);
        apply(campaign, q, update);
        return Settings.of(q);
    }

    /**
     * What {@link #update} would say of these settings, without saving anything: empty when it would save them,
     * else its sentence (the page checks the form with it as the team types).
     */
    public Optional<String> check(Campaign campaign, Settings update) {
        CampaignQuality current = settings.of(campaign.id, campaign.overlap); // may be a shared cached copy: not changed
        CampaignQuality draft = new CampaignQuality(); // never persisted
        draft.campaignId = campaign.id;
        draft.goldRate = current.goldRate;
        draft.honeypotRate = current.honeypotRate;
        draft.consensusThreshold = current.consensusThreshold;
        draft.maxOverlap = current.maxOverlap;
        draft.minReliability = current.minReliability;
        draft.qualificationGold = current.qualificationGold;
        draft.qualificationAccuracy = current.qualificationAccuracy;
        draft.minAnswerMs = current.minAnswerMs;
        try {
            apply(campaign, draft, update);
            return Optional.empty();
        } catch (Problem problem) {
            return Optional.of(problem.getMessage());
        }
    }

    /** Validates each field sent and sets it on {@code q}; the first field out of range is the problem. */
    private void apply(Campaign campaign, CampaignQuality q, Settings update) {
        if (update.goldRate() != null) {
            q.goldRate = share(update.goldRate(), "goldRate");
        }
        if (update.honeypotRate() != null) {
            q.honeypotRate = share(update.honeypotRate(), "honeypotRate");
        }
        if (update.goldRate() != null || update.honeypotRate() != null) {
            // the platform's rule, not the team's: points are tokens, so a paying campaign checks its answers
            String shortfall = settings.goldFloorShortfall(q).orElse(null);
            if (shortfall != null) {
                throw Problem.badRequest("Campaign " + campaign.id + " would check too few answers for them to earn points: "
                        + shortfall + ". Set goldRate + honeypotRate to at least " + settings.goldFloor()
                        + ", e.g. {\"goldRate\": " + settings.goldFloor() + ", \"honeypotRate\": 0}.");
            }
        }
        if (update.consensusThreshold() != null) {
            double t = update.consensusThreshold();
            if (!(t > 0.25 && t <= 1)) {
                throw Problem.badRequest("'consensusThreshold' must be above 0.25 (chance for four answers) and at most 1.");
            }
            q.consensusThreshold = t;
        }
        if (update.maxOverlap() != null) {
            if (update.maxOverlap() < campaign.overlap || update.maxOverlap() > 100) {
                throw Problem.badRequest("'maxOverlap' must be between the campaign's overlap (" + campaign.overlap
                        + ") and 100.");
            }
            q.maxOverlap = update.maxOverlap();
        }
        if (update.minReliability() != null) {
            q.minReliability = share(update.minReliability(), "minReliability");
        }
        if (update.qualificationGold() != null) {
            if (update.qualificationGold() < 0 || update.qualificationGold() > 1000) {
                throw Problem.badRequest("'qualificationGold' must be between 0 (no qualification) and 1000.");
            }
            q.qualificationGold = update.qualificationGold();
        }
        if (update.qualificationAccuracy() != null) {
            q.qualificationAccuracy = share(update.qualificationAccuracy(), "qualificationAccuracy");
        }
        if (update.minAnswerMs() != null) {
            if (update.minAnswerMs() < 0 || update.minAnswerMs() > 3_600_000) {
                throw Problem.badRequest("'minAnswerMs' must be between 0 (off) and 3600000 (one hour).");
            }
            q.minAnswerMs = update.minAnswerMs();
        }
    }

    private static double share(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw Problem.badRequest("'" + field + "' must be between 0 and 1.");
        }
        return value;
    }
}
