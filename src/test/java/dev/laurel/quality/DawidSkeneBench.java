package dev.laurel.quality;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times {@link DawidSkene#fit} on 100k synthetic labels (20k items × 5 labels, 4 classes, 200
 * labelers: honest, noisy and spammers) next to {@link MajorityVote} on the same labels, and prints
 * each one's error rate against the known truth. A main, not a timed test: run {@code bench/quality.sh}.
 */
public final class DawidSkeneBench {
    private DawidSkeneBench() {
    }

    public static void main(String[] args) {
        int labels = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perItem = 5;
        Map<String, SyntheticCrowd.Behaviour> crowd = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            crowd.put(String.format("labeler-%03d", i), i < 100 ? SyntheticCrowd.accurate(0.9)
                    : i < 160 ? SyntheticCrowd.accurate(0.65) : SyntheticCrowd.uniformSpammer());
        }
        SyntheticCrowd synthetic = new SyntheticCrowd(labels / perItem, 4, 2024).answer(crowd, perItem);
        // warm up the JIT once, then take the best of three
        DawidSkene.fit(synthetic.labels, 4, 100, 1e-6);
        MajorityVote.of(synthetic.labels);
        double dsBest = Double.MAX_VALUE;
        double mvBest = Double.MAX_VALUE;
        DawidSkene.Result ds = null;
        MajorityVote mv = null;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            ds = DawidSkene.fit(synthetic.labels, 4, 100, 1e-6);
            dsBest = Math.min(dsBest, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            mv = MajorityVote.of(synthetic.labels);
            mvBest = Math.min(mvBest, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("labels                      %d (%d items x %d, 4 classes, 200 labelers)%n",
                synthetic.labels.size(), synthetic.truth.size(), perItem);
        System.out.printf("dawid-skene seconds         %.3f (%d iterations, converged %s)%n", dsBest, ds.iterations(), ds.converged());
        System.out.printf("dawid-skene labels/s        %.0f%n", synthetic.labels.size() / dsBest);
        System.out.printf("dawid-skene error rate      %.4f%n", errorRate(ds.labels(), synthetic));
        System.out.printf("majority-vote seconds       %.3f%n", mvBest);
        System.out.printf("majority-vote error rate    %.4f%n", errorRate(mv.labels(), synthetic));
        System.out.printf("ratio ds/majority seconds   %.1f%n", dsBest / mvBest);
    }

    private static double errorRate(Map<String, Integer> estimated, SyntheticCrowd crowd) {
        long wrong = crowd.truth.entrySet().stream().filter(e -> !e.getValue().equals(estimated.get(e.getKey()))).count();
        return (double) wrong / crowd.truth.size();
    }
}
