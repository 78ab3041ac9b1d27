package dev.laurel.quality;

import dev.laurel.campaign.kind.AnswerSpace;
import dev.laurel.platform.ClusterLock;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recomputes what depends on everyone's answers at once, in full, from the labels quality has
 * received, in each campaign's {@link AnswerSpace}: Dawid-Skene per class space (each labeler's
 * estimated accuracy, and each task's consensus answer with its posterior as confidence), the
 * majority vote per task, Krippendorff's α per campaign, and each labeler's agreement with the
 * consensus of the others ({@link ConsensusPosterior} with gold-based accuracies, leave-one-out,
 * counted only where the others are confident), which feeds {@link Reliability}.
 * Every value is overwritten, not incremented, so pods running it concurrently agree.
 */
@ApplicationScoped
public class QualityRecompute {
    private final LabelerReliabilities reliabilities;
    private final CampaignSettings settings;
    private final QualityConfig config;
    private final ClusterLock locks;
    private final AbuseFlags flags;
    private final boolean isWeb;

    QualityRecompute(LabelerReliabilities reliabilities, CampaignSettings settings, QualityConfig config, ClusterLock locks,
                     AbuseFlags flags, Roles roles) {
        this.reliabilities = reliabilities;
        this.settings = settings;
        this.config = config;
        this.locks = locks;
        this.flags = flags;
        this.isWeb = roles.isWeb();
    }

    @Scheduled(every = "${laurel.quality.recompute-interval}", delayed = "${laurel.quality.recompute-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!isWeb) {
            return;
        }
        // the same result on every pod, so one pod computes it (a full fit over every label is costly)
        locks.runExclusively("quality.recompute", () -> Log.debugf("Quality recomputed: %s", recomputeAll()));
    }

    /**
     * What one recompute did; {@code dawidSkeneUnsettled} counts the fits that ran out of iterations
     * before converging (each is logged at WARN), whose consensus is then less trustworthy.
     */
    public record Summary(int campaigns, int labels, int labelers, int dawidSkeneFits, int dawidSkeneIterations,
                          int dawidSkeneUnsettled, long millis) {
    }

    public Summary recomputeAll() {
        long start = System.nanoTime();
        List<QualityLabel> all = QuarkusTransaction.requiringNew().call(() ->
                QualityLabel.<QualityLabel>list("dropped = false and goldCorrect is null order by id")).stream()
                .filter(label -> AnswerSpace.supports(label.kind)).toList();
        // check answers and dropped answers: not part of consensus, but evidence of who answers as one stream
        // (Collusion.copyRings): every labeler gets the same check task of an item, and a ring member's answers stay
        // evidence against the members not caught yet after they were dropped
        Map<Long, List<QualityLabel>> checkAnswers = new HashMap<>();
        QuarkusTransaction.requiringNew().call(() -> QualityLabel.<QualityLabel>list("dropped = true or goldCorrect is not null"))
                .stream().filter(label -> AnswerSpace.supports(label.kind))
                .forEach(label -> checkAnswers.computeIfAbsent(label.campaignId, c -> new ArrayList<>()).add(label));
        Map<Long, double[]> gold = QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, double[]> byLabeler = new HashMap<>();
            LabelerQuality.<LabelerQuality>listAll().forEach(q -> byLabeler.put(q.labelerId, new double[] {q.goldCorrect, q.goldSeen}));
            return byLabeler;
        });
        Map<Long, Optional<AnswerSpace>> spaces = QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, Optional<AnswerSpace>> byCampaign = new HashMap<>();
            all.forEach(l -> byCampaign.computeIfAbsent(l.campaignId, settings::answerSpace));
            return byCampaign;
        });

        // every label as class indexes, grouped by campaign and task (in order of first answer)
        Map<Long, Map<Long, List<Coded>>> byCampaign = new LinkedHashMap<>();
        Map<String, List<Label>> fitLabels = new LinkedHashMap<>();
        Map<String, Integer> fitClasses = new HashMap<>();
        for (QualityLabel label : all) {
            AnswerSpace space = spaces.get(label.campaignId).orElse(null);
            int[] classes = space == null ? null : space.encode(label.answer).orElse(null);
            if (classes == null) {
                continue; // an answer outside the campaign's space (its labels changed): it cannot vote
            }
            byCampaign.computeIfAbsent(label.campaignId, c -> new LinkedHashMap<>())
                    .computeIfAbsent(label.taskId, t -> new ArrayList<>()).add(new Coded(label, classes));
            for (int q = 0; q < classes.length; q++) {
                if (classes[q] == AnswerSpace.UNASKED) {
                    continue; // a ranking pair this task did not show
                }
                String key = space.fitKey(label.campaignId, q);
                fitLabels.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Label(Long.toString(label.taskId), Long.toString(label.labelerId), classes[q]));
                fitClasses.put(key, space.classes(q).size());
            }
        }

        // Dawid-Skene per class space; a labeler's accuracy is the label-weighted mean over the spaces they answered in
        Map<String, DawidSkene.Result> fits = new HashMap<>();
        Map<Long, double[]> accuracySum = new HashMap<>(); // labeler → (Σ accuracy × labels, labels)
        int iterations = 0;
        int unsettled = 0;
        DawidSkene.Options options = dawidSkeneOptions(config);
        for (Map.Entry<String, List<Label>> entry : fitLabels.entrySet()) {
            DawidSkene.Result result = DawidSkene.fit(entry.getValue(), fitClasses.get(entry.getKey()), options);
            fits.put(entry.getKey(), result);
            iterations += result.iterations();
            if (!result.converged()) {
                unsettled++;
                Log.warnf("Dawid-Skene for %s did not converge: %d iterations, last largest posterior change %.3g"
                                + " (tolerance %.3g); its consensus is used as it stands (laurel.quality.dawid-skene.*)",
                        entry.getKey(), result.iterations(), result.lastChange(), options.tolerance());
            }
            Map<String, Integer> counts = new HashMap<>();
            entry.getValue().forEach(l -> counts.merge(l.labeler(), 1, Integer::sum));
            counts.forEach((labeler, n) -> {
                double[] sum = accuracySum.computeIfAbsent(Long.parseLong(labeler), l -> new double[2]);
                sum[0] += result.accuracy(labeler) * n;
                sum[1] += n;
            });
        }
        Map<Long, Double> dsAccuracy = new HashMap<>();
        accuracySum.forEach((labeler, sum) -> dsAccuracy.put(labeler, sum[0] / sum[1]));

        Map<Long, long[]> agreementTotal = new HashMap<>(); // labeler → (agreed, compared)
        for (Map.Entry<Long, Map<Long, List<Coded>>> campaign : byCampaign.entrySet()) {
            AnswerSpace space = spaces.get(campaign.getKey()).orElseThrow();
            Map<Long, long[]> agreement = recomputeCampaign(campaign.getKey(), space, campaign.getValue(), gold, fits);
            detectCollusion(campaign.getKey(), space, campaign.getValue(), checkAnswers.getOrDefault(campaign.getKey(), List.of()),
                    gold, fits);
            agreement.forEach((labeler, counts) -> {
                long[] total = agreementTotal.computeIfAbsent(labeler, l -> new long[2]);
                total[0] += counts[0];
                total[1] += counts[1];
            });
        }
        // one labeler per transaction: the quality consumer locks these rows too, one labeler after another in
        // event order, so a transaction holding many of them could deadlock with it
        Instant now = Instant.now();
        Set<Long> labelers = new TreeSet<>(agreementTotal.keySet());
        labelers.addAll(dsAccuracy.keySet());
        labelers.removeIf(labeler -> !LabelerReliabilities.isAccount(labeler)); // imported answers: no account to rate
        for (long labeler : labelers) {
            QuarkusTransaction.requiringNew().run(() -> {
                LabelerQuality quality = reliabilities.quality(labeler);
                long[] counts = agreementTotal.getOrDefault(labeler, new long[2]);
                quality.agreed = counts[0];
                quality.compared = counts[1];
                quality.dsAccuracy = dsAccuracy.get(labeler);
                reliabilities.refresh(quality, now);
            });
        }
        return new Summary(byCampaign.size(), all.size(), agreementTotal.size(), fits.size(), iterations, unsettled,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The fit settings of {@code laurel.quality.dawid-skene.*}; tests use it to fit offline exactly as the server does. */
    static DawidSkene.Options dawidSkeneOptions(QualityConfig config) {
        QualityConfig.DawidSkeneFit fit = config.dawidSkene();
        return new DawidSkene.Options(fit.maxIterations(), fit.tolerance(), fit.smoothing(), fit.diagonalBonus());
    }

    /** A label with its class index on each question of its campaign's {@link AnswerSpace}. */
    private record Coded(QualityLabel label, int[] classes) {
    }

    /**
     * One campaign: consensus per task (Dawid-Skene posterior, majority vote), α over every question,
     * agreement per labeler; returns labeler → (agreed, compared).
     */
    private Map<Long, long[]> recomputeCampaign(long campaignId, AnswerSpace space, Map<Long, List<Coded>> tasks,
                                                Map<Long, double[]> gold, Map<String, DawidSkene.Result> fits) {
        Instant now = Instant.now();
        List<double[]> units = new ArrayList<>();
        Map<Long, long[]> agreement = new HashMap<>();
        Map<Long, TaskConsensus> consensus = new LinkedHashMap<>();
        double threshold = QuarkusTransaction.requiringNew().call(() -> {
            CampaignQuality stored = CampaignQuality.find("campaignId", campaignId).firstResult();
            return stored == null ? config.consensusThreshold() : stored.consensusThreshold;
        });
        int questions = space.questions();
        for (Map.Entry<Long, List<Coded>> task : tasks.entrySet()) {
            List<Coded> labels = task.getValue();
            String item = Long.toString(task.getKey());
            int[] answer = new int[questions];
            double confidence = 1;
            for (int q = 0; q < questions; q++) {
                int question = q;
                if (labels.stream().allMatch(l -> l.classes()[question] == AnswerSpace.UNASKED)) {
                    answer[q] = AnswerSpace.UNASKED; // a ranking task shows fewer replies than the campaign's largest group
                    continue;
                }
                DawidSkene.Estimate estimate = fits.get(space.fitKey(campaignId, q)).estimate(item);
                answer[q] = estimate.value();
                confidence = Math.min(confidence, estimate.confidence()); // the answer is as sure as its least sure label
                units.add(labels.stream().mapToDouble(l -> l.classes()[question]).toArray());
                int classes = space.classes(q).size();
                for (int i = 0; i < labels.size(); i++) {
                    ConsensusPosterior others = ConsensusPosterior.of(answers(labels, q, i, gold), classes);
                    if (labels.size() < 2 || !others.isSettled(threshold)) {
                        continue;
                    }
                    long[] counts = agreement.computeIfAbsent(labels.get(i).label().labelerId, l -> new long[2]);
                    counts[1]++;
                    if (others.mostLikely() == labels.get(i).classes()[q]) {
                        counts[0]++;
                    }
                }
            }
            TaskConsensus row = new TaskConsensus();
            row.taskId = task.getKey();
            row.campaignId = campaignId;
            row.answer = space.decode(answer);
            row.confidence = confidence;
            row.majority = String.join(TaskConsensus.SEPARATOR, majority(space, labels));
            row.answers = labels.size();
            row.updatedAt = now;
            consensus.put(task.getKey(), row);
        }
        double alpha = KrippendorffAlpha.alpha(units.toArray(double[][]::new), KrippendorffAlpha.Metric.NOMINAL);
        int pairable = (int) tasks.values().stream().filter(u -> u.size() >= 2).count();
        QuarkusTransaction.requiringNew().run(() -> {
            Map<Long, TaskConsensus> existing = new HashMap<>();
            TaskConsensus.<TaskConsensus>list("campaignId", campaignId).forEach(c -> existing.put(c.taskId, c));
            consensus.forEach((taskId, computed) -> {
                TaskConsensus row = existing.get(taskId);
                if (row == null) {
                    computed.persist();
                    return;
                }
                row.answer = computed.answer;
                row.confidence = computed.confidence;
                row.majority = computed.majority;
                row.answers = computed.answers;
                row.updatedAt = computed.updatedAt;
            });
            settings.recordAlpha(campaignId, Double.isNaN(alpha) ? null : alpha, pairable, now);
        });
        // Two columns only (the consumer changes the other counters of these rows meanwhile), one row per
        // transaction: a statement or transaction locking many labelers' rows deadlocks with the consumer,
        // which locks them one after another in event order.
        Set<Long> labelers = new TreeSet<>(agreement.keySet());
        labelers.addAll(QuarkusTransaction.requiringNew().call(() -> LabelerCampaignStats.<LabelerCampaignStats>list(
                "campaignId = ?1 and (agreed <> 0 or compared <> 0)", campaignId).stream().map(s -> s.labelerId).toList()));
        for (long labelerId : labelers) {
            long[] c = agreement.getOrDefault(labelerId, new long[2]);
            QuarkusTransaction.requiringNew().run(() -> LabelerCampaignStats.update(
                    "agreed = ?1, compared = ?2 where campaignId = ?3 and labelerId = ?4 and (agreed <> ?1 or compared <> ?2)",
                    c[0], c[1], campaignId, labelerId));
        }
        return agreement;
    }

    /**
     * Collusion needs every pair's answers side by side, so it is found here rather than per answer
     * ({@link Collusion#find}, per question of the campaign). Agreement evidence raises COLLUSION; pairs suspect of
     * lockstep timing only raise LOCKSTEP, whose action stays a warning. One flag per signal and member, raised once
     * (one labeler per transaction, as above).
     */
    private void detectCollusion(long campaignId, AnswerSpace space, Map<Long, List<Coded>> tasks, List<QualityLabel> checks,
                                 Map<Long, double[]> gold, Map<String, DawidSkene.Result> fits) {
        List<Collusion.Question> questions = new ArrayList<>();
        for (int q = 0; q < space.questions(); q++) {
            List<Collusion.Answer> answers = new ArrayList<>();
            for (List<Coded> labels : tasks.values()) {
                for (Coded coded : labels) {
                    QualityLabel label = coded.label();
                    if (coded.classes()[q] == AnswerSpace.UNASKED) {
                        continue;
                    }
                    answers.add(new Collusion.Answer(label.labelerId, label.taskId, coded.classes()[q], label.acceptedAt));
                }
            }
            if (answers.isEmpty() && fits.get(space.fitKey(campaignId, q)) == null) {
                continue; // a ranking pair no task of the campaign showed: no answers, no fit
            }
            List<Collusion.Answer> checked = new ArrayList<>();
            for (QualityLabel check : checks) {
                int[] coded = space.encode(check.answer).orElse(null);
                if (coded != null && coded[q] != AnswerSpace.UNASKED) {
                    checked.add(new Collusion.Answer(check.labelerId, check.taskId, coded[q], check.acceptedAt));
                }
            }
            questions.add(new Collusion.Question(answers, checked, space.classes(q).size(), fits.get(space.fitKey(campaignId, q))));
        }
        Map<Long, Collusion.Gold> checkCounts = new HashMap<>();
        gold.forEach((labeler, g) -> checkCounts.put(labeler, new Collusion.Gold((long) g[0], (long) g[1])));
        Collusion.Findings found = Collusion.find(questions, checkCounts, dawidSkeneOptions(config),
                Collusion.Thresholds.of(config.collusion()));
        found.colluding().forEach(suspect -> raise(campaignId, AbuseSignals.Signal.COLLUSION, suspect));
        found.lockstep().forEach(suspect -> raise(campaignId, AbuseSignals.Signal.LOCKSTEP, suspect));
    }

    private void raise(long campaignId, AbuseSignals.Signal signal, Collusion.Suspect suspect) {
        if (!LabelerReliabilities.isAccount(suspect.labelerId())) {
            return; // an imported annotator has no account to flag
        }
        QuarkusTransaction.requiringNew().run(() -> flags.raise(suspect.labelerId(), campaignId,
                new AbuseSignals.Flag(signal, suspect.reason())));
    }

    /**
     * The majority answer of a task. One question: every answer tied for the most votes (ties stay
     * visible). Several questions (multi-label, ranking): one answer, per question the class more than half of
     * the answers picked (a label that applies; the pair's second reply ranking higher), decoded.
     */
    static List<String> majority(AnswerSpace space, List<Coded> labels) {
        if (space.questions() == 1) {
            List<Label> votes = labels.stream().map(l -> new Label("task", Long.toString(l.label().labelerId), l.classes()[0])).toList();
            return MajorityVote.of(votes).leaders("task").stream().map(c -> space.decode(new int[] {c})).toList();
        }
        int[] picked = new int[space.questions()];
        for (int q = 0; q < picked.length; q++) {
            int question = q;
            long yes = labels.stream().filter(l -> l.classes()[question] == 1).count();
            boolean asked = labels.stream().anyMatch(l -> l.classes()[question] != AnswerSpace.UNASKED);
            picked[q] = !asked ? AnswerSpace.UNASKED : 2 * yes > labels.size() ? 1 : 0;
        }
        return List.of(space.decode(picked));
    }

    /** The task's answers on one question with gold-based accuracies, leaving out the one at {@code skip} (-1: none). */
    private static List<ConsensusPosterior.Answer> answers(List<Coded> labels, int question, int skip, Map<Long, double[]> gold) {
        List<ConsensusPosterior.Answer> answers = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (i == skip) {
                continue;
            }
            double[] g = gold.getOrDefault(labels.get(i).label().labelerId, new double[] {0, 0});
            answers.add(new ConsensusPosterior.Answer(labels.get(i).classes()[question],
                    ConsensusPosterior.accuracy((long) g[0], (long) g[1])));
        }
        return answers;
    }
}
