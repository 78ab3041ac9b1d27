package dev.laurel.game;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Daily streaks with a grace rule: walking back from today, a streak goes on while no window of
 * {@code window} consecutive days holds more than {@code graceDays} missed days (e.g. one missed day
 * per 7 keeps it). The streak's length counts the days answered, not the days forgiven. Today not
 * answered yet does not break it (the day is not over). Pure, no I/O.
 */
public final class Streaks {
    private Streaks() {
    }

    public static int length(Set<LocalDate> answered, LocalDate today, int graceDays, int window) {
        if (answered.isEmpty()) {
            return 0;
        }
        LocalDate earliest = answered.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate day = answered.contains(today) ? today : today.minusDays(1);
        Deque<LocalDate> misses = new ArrayDeque<>();
        int length = 0;
        for (; !day.isBefore(earliest); day = day.minusDays(1)) {
            if (answered.contains(day)) {
                length++;
                continue;
            }
            misses.addLast(day);
            LocalDate windowEnd = day.plusDays(window - 1L);
            while (!misses.isEmpty() && misses.peekFirst().isAfter(windowEnd)) {
                misses.removeFirst();
            }
            if (misses.size() > graceDays || length == 0) {
                break; // too many missed days close together (or nothing answered since): the streak ends here
            }
        }
        return length;
    }
}
