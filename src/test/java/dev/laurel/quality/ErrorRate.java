package dev.laurel.quality;

import java.util.Map;

/** Share of items whose estimated class is not the true one (a missing estimate counts as wrong). */
final class ErrorRate {

    private ErrorRate() {
    }

    static double of(Map<String, Integer> estimates, Map<String, Integer> truth) {
        long wrong = truth.entrySet().stream()
                .filter(entry -> !entry.getValue().equals(estimates.get(entry.getKey())))
                .count();
        return (double) wrong / truth.size();
    }
}
