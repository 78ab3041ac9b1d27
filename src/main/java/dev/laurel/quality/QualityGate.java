package dev.laurel.quality;

import dev.laurel.campaign.kind.AnswerSpace;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Rows;
import dev.laurel.platform.ShortLivedCache;
import dev.laurel.task.Task;
import dev.laurel.task.TaskQuality;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * What the task queue asks quality, inside its own transactions: may this labeler take tasks here
 * (and should this lease be a gold task), how many answers does a task still need, was a gold answer
 * right, and a skip's reason. Generic over (task, labeler, answer): answers are strings of the
 * campaign's {@link AnswerSpace}.
 */
@ApplicationScoped
public class QualityGate implements TaskQuality {
    static final int MAX_REASON = 2000;

    private final CampaignSettings settings;
    private final GoldTasks gold;
    private final Reliability reliability;
    private final AbuseFlags flags;
    private final LabelerReliabilities reliabilities;
    private final QualityConfig config;

    private record VoterKey(long campaignId, long labelerId) {
    }

    private record Evidence(long goldCorrect, long goldSeen, boolean dropped, Long team, long answers) {
    }

    /**
     * Voters' evidence for dynamic overlap, read inside the task's row lock on every answer otherwise. A few
     * seconds stale at most: a gold answer, a drop or the audit's answer count moves one task's overlap decision,
     * never what is stored about an answer (consensus and reliability are recomputed from the answers themselves).
     */
    private final ShortLivedCache<VoterKey, Evidence> evidence = new ShortLivedCache<>(Duration.ofSeconds(5), 50_000);

    QualityGate(CampaignSettings settings, GoldTasks gold, Reliability reliability, AbuseFlags flags,
                LabelerReliabilities reliabilities, QualityConfig config) {
        this.settings = settings;
        this.gold = gold;
        this.reliability = reliability;
        this.flags = flags;
        this.reliabilities = reliabilities;
        this.config = config;
    }

    @Override
    public Admission admit(long labelerId, long campaignId, int campaignOverlap) {
        // three columns, not the entity: a lease only reads them, and an entity would be dirty-checked at every flush
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Rows.sql("select suspended, gold_seen, gold_correct from labeler_campaign_stats"
                        + " where campaign_id = ?1 and labeler_id = ?2", "labeler_campaign_stats")
                .setParameter(1, campaignId).setParameter(2, labelerId).getResultList();
        boolean suspended = !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0)[0]);
        long seen = rows.isEmpty() ? 0 : ((Number) rows.get(0)[1]).longValue();
        long correct = rows.isEmpty() ? 0 : ((Number) rows.get(0)[2]).longValue();
        if (suspended) {
            String why = LabelerFlag.<LabelerFlag>find("labelerId = ?1 and campaignId = ?2 and action = ?3 order by id",
                            labelerId, campaignId, AbuseSignals.Action.SUSPEND).firstResultOptional()
                    .map(flag -> flag.reason).orElse("your answers were flagged.");
            throw Problem.forbidden("You are suspended from campaign " + campaignId + ": " + why);
        }
        CampaignQuality quality = settings.of(campaignId, campaignOverlap);
        if (quality.minReliability > 0) {
            Reliability.LabelerReliability mine = reliability.of(labelerId);
            if (mine.accuracy() < quality.minReliability) {
                throw Problem.forbidden(String.format(Locale.ROOT, "Campaign %d is open to labelers with a proven "
                                + "accuracy of at least %.0f%%; yours is %.0f%% (from %d check answers). Label other "
                                + "campaigns to build your record.", campaignId, 100 * quality.minReliability,
                        100 * mine.accuracy(), mine.goldSeen()));
            }
        }
        boolean goldOnly = false;
        if (quality.qualificationGold > 0) {
            if (seen < quality.qualificationGold) {
                goldOnly = true;
            } else if (correct < quality.qualificationAccuracy * seen) {
                throw Problem.forbidden(String.format(Locale.ROOT, "You answered %d of %d qualification questions of "
                                + "campaign %d correctly; it needs %.0f%%.", correct, seen, campaignId,
                        100 * quality.qualificationAccuracy));
            }
        }
        boolean servesGold = goldOnly || ThreadLocalRandom.current().nextDouble() < quality.goldRate;
        return new Admission(servesGold, goldOnly);
    }

    @Override
    public Boolean goldOutcome(long taskId, String answer) {
        return gold.outcome(taskId, answer);
    }

    @Override
    public GoldView goldView(long taskId) {
        GoldTasks.View view = gold.view(taskId);
        return new GoldView(view.prompt(), view.left(), view.right());
    }

    /**
     * Dynamic overlap: the task's new overlap after an answer, from the consensus posterior of its
     * answers so far (labeler accuracy q = (0.5 + correct gold) / (1 + gold seen)); see
     * {@link DynamicOverlap}. Pairwise and categorical alike, in the campaign's {@link AnswerSpace}; a
     * multi-label task is settled once every label is. Answers of labelers dropped from the campaign,
     * and of the campaign's own team, do not count. Audit overlap: while a labeler who answered the task has
     * fewer than {@code laurel.quality.collusion.audit-answers} answers in the campaign, the task does not settle
     * before {@code audit-overlap} answers, even above the campaign's overlap (the queue hands it to the next labelers
     * asking; the platform pays for evidence a team cannot lower), so accounts without a
     * record share tasks and copying one stream shows in the agreement tests ({@link Collusion#copyRings}).
     */
    @Override
    public int overlapAfterAnswer(long campaignId, int current, int accepted, int leased, List<Task.Vote> votes) {
        AnswerSpace space = settings.answerSpace(campaignId).orElse(null);
        if (space == null) {
            return current;
        }
        CampaignQuality quality = settings.of(campaignId, current);
        boolean[] unproven = {false};
        boolean settled = confidence(campaignId, space, votes, unproven) >= quality.consensusThreshold;
        int maximum = Math.max(quality.maxOverlap, 1);
        int minimum = config.minOverlap();
        int audit = config.collusion().auditOverlap();
        if (unproven[0] && audit > minimum) {
            // the platform's audit, beyond the campaign's own overlap if need be: never below the floor while unproven
            return Math.max(audit, DynamicOverlap.next(current, accepted, leased, settled, audit, Math.max(maximum, audit)));
        }
        return DynamicOverlap.next(current, accepted, leased, settled, minimum, maximum);
    }

    /** The consensus posterior's confidence: of the one question, or of the least certain label. */
    double confidence(long campaignId, AnswerSpace space, List<Task.Vote> votes) {
        return confidence(campaignId, space, votes, new boolean[1]);
    }

    /** {@code unproven[0]} is set when a labeler on the task has fewer answers in the campaign than the audit asks. */
    private double confidence(long campaignId, AnswerSpace space, List<Task.Vote> votes, boolean[] unproven) {
        Set<Long> labelers = votes.stream().map(Task.Vote::labelerId).collect(Collectors.toSet());
        Map<VoterKey, Evidence> evidence = labelers.isEmpty() ? Map.of()
                : this.evidence.getAll(labelers.stream().map(id -> new VoterKey(campaignId, id)).toList(),
                        missing -> readEvidence(campaignId, missing));
        long team = settings.teamOf(campaignId);
        Map<Long, double[]> gold = new HashMap<>();
        Set<Long> dropped = new HashSet<>();
        evidence.forEach((key, e) -> {
            gold.put(key.labelerId(), new double[] {e.goldCorrect(), e.goldSeen()});
            // the campaign's own team is left out of its consensus (see LabelerReliabilities.isOwnTeams)
            if (e.dropped() || (e.team() != null && e.team() == team)) {
                dropped.add(key.labelerId());
            } else if (e.answers() < config.collusion().auditAnswers()) {
                unproven[0] = true;
            }
        });
        List<List<ConsensusPosterior.Answer>> answers = new ArrayList<>();
        for (int q = 0; q < space.questions(); q++) {
            answers.add(new ArrayList<>());
        }
        boolean counted = false;
        for (Task.Vote vote : votes) {
            int[] classes = space.encode(vote.answer()).orElse(null);
            if (classes == null || dropped.contains(vote.labelerId())) {
                continue;
            }
            double[] g = gold.getOrDefault(vote.labelerId(), new double[] {0, 0});
            double accuracy = ConsensusPosterior.accuracy((long) g[0], (long) g[1]);
            for (int q = 0; q < classes.length; q++) {
                if (classes[q] != AnswerSpace.UNASKED) {
                    answers.get(q).add(new ConsensusPosterior.Answer(classes[q], accuracy));
                }
            }
            counted = true;
        }
        double confidence = 1;
        for (int q = 0; q < space.questions(); q++) {
            if (counted && answers.get(q).isEmpty()) {
                continue; // a ranking pair this task does not show: nothing to settle
            }
            confidence = Math.min(confidence, ConsensusPosterior.of(answers.get(q), space.classes(q).size()).confidence());
        }
        return confidence;
    }

    /** The voters' evidence not cached: one native statement for all of them. */
    private static Map<VoterKey, Evidence> readEvidence(long campaignId, Set<VoterKey> voters) {
        // native: Hibernate translates a JPQL "in ?1" list anew on every call; the user row anchors labelers with
        // no evidence yet. Its tables are named, so the answer's pending rows are flushed once, at commit
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Rows.sql(
                        "select u.id, coalesce(q.gold_correct, 0), coalesce(q.gold_seen, 0), coalesce(s.dropped, false), u.team_id,"
                                + " coalesce(s.answers, 0)"
                                + " from app_user u left join labeler_quality q on q.labeler_id = u.id"
                                + " left join labeler_campaign_stats s on s.labeler_id = u.id and s.campaign_id = ?1"
                                + " where u.id in (?2)", "app_user", "labeler_quality", "labeler_campaign_stats")
                .setParameter(1, campaignId).setParameter(2, voters.stream().map(VoterKey::labelerId).toList())
                .getResultList();
        Map<VoterKey, Evidence> found = new HashMap<>();
        for (Object[] row : rows) {
            found.put(new VoterKey(campaignId, ((Number) row[0]).longValue()), new Evidence(((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue(), Boolean.TRUE.equals(row[3]),
                    row[4] == null ? null : ((Number) row[4]).longValue(), ((Number) row[5]).longValue()));
        }
        return found;
    }

    /** Stores why a task was skipped and checks the too-many-skips signal. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSkip(long labelerId, long campaignId, long taskId, String reason) {
        String text = reason == null || reason.isBlank() ? null : reason.strip();
        if (text != null && text.length() > MAX_REASON) {
            throw Problem.badRequest("'reason' is longer than " + MAX_REASON + " characters.");
        }
        Instant now = Instant.now();
        TaskSkip skip = new TaskSkip();
        skip.taskId = taskId;
        skip.campaignId = campaignId;
        skip.labelerId = labelerId;
        skip.reason = text;
        skip.createdAt = now;
        skip.persist();
        LabelerCampaignStats stats = reliabilities.stats(campaignId, labelerId, now);
        stats.skips++;
        flags.evaluate(stats, settings.of(campaignId, 1).minAnswerMs);
    }
}
