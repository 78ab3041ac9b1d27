package dev.laurel.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded simulated crowds with known truth, for property tests of the aggregators. */
final class SyntheticCrowd {

    /** How one simulated labeler answers an item whose true class is {@code truth}. */
    interface Behaviour {
        int answer(int truth, int classes, Random random);
    }

    static Behaviour accurate(double accuracy) {
        return (truth, classes, random) -> {
            if (random.nextDouble() < accuracy) {
                return truth;
            }
            int wrong = random.nextInt(classes - 1);  // uniform over the other classes
            return wrong < truth ? wrong : wrong + 1;
        };
    }

    static Behaviour uniformSpammer() {
        return (truth, classes, random) -> random.nextInt(classes);
    }

    static Behaviour constantSpammer(int value) {
        return (truth, classes, random) -> value;
    }

    final List<Label> labels = new ArrayList<>();
    final Map<String, Integer> truth = new HashMap<>();
    private final int classes;
    private final Random random;

    SyntheticCrowd(int items, int classes, long seed) {
        this.classes = classes;
        this.random = new Random(seed);
        for (int i = 0; i < items; i++) {
            truth.put("item-" + i, random.nextInt(classes));
        }
    }

    /** Adds {@code perItem} answers to every item, each from a distinct labeler drawn from {@code labelers}. */
    SyntheticCrowd answer(Map<String, Behaviour> labelers, int perItem) {
        List<String> names = new ArrayList<>(labelers.keySet());
        names.sort(null);  // map order must not leak into the seeded draw
        for (int i = 0; i < truth.size(); i++) {
            String item = "item-" + i;
            Collections.shuffle(names, random);
            for (String labeler : names.subList(0, perItem)) {
                labels.add(new Label(item, labeler, labelers.get(labeler).answer(truth.get(item), classes, random)));
            }
        }
        return this;
    }
}
