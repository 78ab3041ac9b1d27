package dev.laurel.quality;

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

/**
 * Recomputes what depends on everyone's answers at once, in full, from the labels quality has
 * received: Dawid-Skene over all ordinary labels (each labeler's estimated accuracy), each task's
 * consensus answer and confidence ({@link ConsensusPosterior} with gold-based accuracies),
 * Krippendorff's α per campaign, and each labeler's agreement with the consensus of the others
 * (leave-one-out, counted only where the others are confident), which feeds {@link Reliability}.
 * Every value is overwritten, not incremented, so pods running it concurrently agree.
 */
@ApplicationScoped
public class QualityRecompute {
    static final int MAX_ITERATIONS = 100;
    static final double TOLERANCE = 1e-6;

    private final LabelerReliabilities reliabilities;
    private final QualityConfig config;

    QualityRecompute(LabelerReliabilities reliabilities, QualityConfig config) {
        this.reliabilities = reliabilities;
        this.config = config;
    }

    @Scheduled(every = "${laurel.quality.recompute-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Summary summary = recomputeAll();
        Log.debugf("Quality recomputed: %s", summary);
    }

    public record Summary(int campaigns, int labels, int labelers, int dawidSkeneIterations, long millis) {
    }

    public Summary recomputeAll() {
        long start = System.nanoTime();
        List<QualityLabel> all = QuarkusTransaction.requiringNew().call(() ->
                QualityLabel.<QualityLabel>list("dropped = false and goldCorrect is null order by id")).stream()
                .filter(label -> AnswerSpace.supports(label.kind)).toList();
        Map<Long, double[]> gold = QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, double[]> byLabeler = new HashMap<>();
            LabelerQuality.<LabelerQuality>listAll().forEach(q -> byLabeler.put(q.labelerId, new double[] {q.goldCorrect, q.goldSeen}));
            return byLabeler;
        });
        Map<String, List<QualityLabel>> byKind = new LinkedHashMap<>();
        all.forEach(label -> byKind.computeIfAbsent(label.kind, k -> new ArrayList<>()).add(label));
        Map<Long, Double> dsAccuracy = new HashMap<>();
        int iterations = 0;
        for (Map.Entry<String, List<QualityLabel>> entry : byKind.entrySet()) {
            List<Label> labels = entry.getValue().stream()
                    .map(l -> new Label(Long.toString(l.taskId), Long.toString(l.labelerId), AnswerSpace.index(l.kind, l.answer)))
                    .filter(l -> l.value() >= 0).toList();
            if (labels.isEmpty()) {
                continue;
            }
            DawidSkene.Result result = DawidSkene.fit(labels, AnswerSpace.classes(entry.getKey()).size(), MAX_ITERATIONS, TOLERANCE);
            iterations += result.iterations();
            result.confusions().keySet().forEach(labeler -> dsAccuracy.put(Long.parseLong(labeler), result.accuracy(labeler)));
        }

        Map<Long, Map<Long, List<QualityLabel>>> byCampaign = new LinkedHashMap<>();
        all.forEach(l -> byCampaign.computeIfAbsent(l.campaignId, c -> new LinkedHashMap<>())
                .computeIfAbsent(l.taskId, t -> new ArrayList<>()).add(l));
        Map<Long, long[]> agreementTotal = new HashMap<>(); // labeler → (agreed, compared)
        for (Map.Entry<Long, Map<Long, List<QualityLabel>>> campaign : byCampaign.entrySet()) {
            Map<Long, long[]> agreement = recomputeCampaign(campaign.getKey(), campaign.getValue(), gold);
            agreement.forEach((labeler, counts) -> {
                long[] total = agreementTotal.computeIfAbsent(labeler, l -> new long[2]);
                total[0] += counts[0];
                total[1] += counts[1];
            });
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            java.util.Set<Long> labelers = new java.util.HashSet<>(agreementTotal.keySet());
            labelers.addAll(dsAccuracy.keySet());
            for (long labeler : labelers) {
                LabelerQuality quality = reliabilities.quality(labeler);
                long[] counts = agreementTotal.getOrDefault(labeler, new long[2]);
                quality.agreed = counts[0];
                quality.compared = counts[1];
                quality.dsAccuracy = dsAccuracy.get(labeler);
                reliabilities.refresh(quality, now);
            }
        });
        return new Summary(byCampaign.size(), all.size(), agreementTotal.size(), iterations,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** One campaign: consensus per task, α, agreement per labeler; returns labeler → (agreed, compared). */
    private Map<Long, long[]> recomputeCampaign(long campaignId, Map<Long, List<QualityLabel>> tasks, Map<Long, double[]> gold) {
        Instant now = Instant.now();
        List<double[]> units = new ArrayList<>();
        Map<Long, long[]> agreement = new HashMap<>();
        Map<Long, ConsensusPosterior> consensus = new LinkedHashMap<>();
        double threshold = QuarkusTransaction.requiringNew().call(() -> {
            CampaignQuality stored = CampaignQuality.find("campaignId", campaignId).firstResult();
            return stored == null ? config.consensusThreshold() : stored.consensusThreshold;
        });
        for (Map.Entry<Long, List<QualityLabel>> task : tasks.entrySet()) {
            List<QualityLabel> labels = task.getValue();
            String kind = labels.get(0).kind;
            int classes = AnswerSpace.classes(kind).size();
            consensus.put(task.getKey(), ConsensusPosterior.of(answers(labels, -1, gold), classes));
            units.add(labels.stream().mapToDouble(l -> AnswerSpace.index(kind, l.answer)).filter(v -> v >= 0).toArray());
            for (int i = 0; i < labels.size(); i++) {
                ConsensusPosterior others = ConsensusPosterior.of(answers(labels, i, gold), classes);
                if (labels.size() < 2 || !others.isSettled(threshold)) {
                    continue;
                }
                long[] counts = agreement.computeIfAbsent(labels.get(i).labelerId, l -> new long[2]);
                counts[1]++;
                if (others.mostLikely() == AnswerSpace.index(kind, labels.get(i).answer)) {
                    counts[0]++;
                }
            }
        }
        double alpha = KrippendorffAlpha.alpha(units.toArray(double[][]::new), KrippendorffAlpha.Metric.NOMINAL);
        int pairable = (int) units.stream().filter(u -> u.length >= 2).count();
        QuarkusTransaction.requiringNew().run(() -> {
            Map<Long, TaskConsensus> existing = new HashMap<>();
            TaskConsensus.<TaskConsensus>list("campaignId", campaignId).forEach(c -> existing.put(c.taskId, c));
            consensus.forEach((taskId, posterior) -> {
                TaskConsensus row = existing.get(taskId);
                if (row == null) {
                    row = new TaskConsensus();
                    row.taskId = taskId;
                    row.campaignId = campaignId;
                }
                String kind = tasks.get(taskId).get(0).kind;
                row.answer = AnswerSpace.classes(kind).get(posterior.mostLikely());
                row.confidence = posterior.confidence();
                row.answers = tasks.get(taskId).size();
                row.updatedAt = now;
                row.persist();
            });
            CampaignQuality quality = CampaignQuality.find("campaignId", campaignId).firstResult();
            if (quality != null) {
                quality.alpha = Double.isNaN(alpha) ? null : alpha;
                quality.alphaItems = pairable;
                quality.recomputedAt = now;
            }
            Map<Long, long[]> counts = agreement;
            LabelerCampaignStats.<LabelerCampaignStats>list("campaignId", campaignId).forEach(stats -> {
                long[] c = counts.getOrDefault(stats.labelerId, new long[2]);
                stats.agreed = c[0];
                stats.compared = c[1];
            });
        });
        return agreement;
    }

    /** The task's answers with gold-based accuracies, leaving out the one at {@code skip} (-1: none). */
    private static List<ConsensusPosterior.Answer> answers(List<QualityLabel> labels, int skip, Map<Long, double[]> gold) {
        List<ConsensusPosterior.Answer> answers = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            QualityLabel label = labels.get(i);
            int value = AnswerSpace.index(label.kind, label.answer);
            if (i == skip || value < 0) {
                continue;
            }
            double[] g = gold.getOrDefault(label.labelerId, new double[] {0, 0});
            answers.add(new ConsensusPosterior.Answer(value, ConsensusPosterior.accuracy((long) g[0], (long) g[1])));
        }
        return answers;
    }
}
