package dev.laurel.game;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A labeler's points per day as SVG bars, computed on the server (no chart script, nothing inline for
 * the Content-Security-Policy to block). Pure: the template draws the rectangles it returns.
 */
public final class PointsChart {
    public static final int WIDTH = 600;
    public static final int HEIGHT = 160;
    private static final int AXIS = 20;

    public record Bar(LocalDate day, long points, int x, int y, int width, int height) {
    }

    public record Chart(List<Bar> bars, long max, LocalDate first, LocalDate last) {
        public int width() {
            return WIDTH;
        }

        public int height() {
            return HEIGHT;
        }

        public int baseline() {
            return HEIGHT - AXIS;
        }
    }

    private PointsChart() {
    }

    /** One bar per day from {@code first} to {@code last}; a day without points has a zero-height bar. */
    public static Chart of(Map<LocalDate, Long> pointsByDay, LocalDate first, LocalDate last) {
        int days = (int) (last.toEpochDay() - first.toEpochDay()) + 1;
        long max = Math.max(1, pointsByDay.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int slot = WIDTH / days;
        int drawable = HEIGHT - AXIS - 4;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate day = first.plusDays(i);
            long points = Math.max(0, pointsByDay.getOrDefault(day, 0L));
            int height = (int) (points * drawable / max);
            bars.add(new Bar(day, points, i * slot + 1, HEIGHT - AXIS - height, Math.max(1, slot - 2), height));
        }
        return new Chart(bars, max, first, last);
    }
}
