package dev.laurel.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Geometry of the leaderboard's interval chart, drawn by the page as inline SVG (no script, no
 * inline style: the CSP forbids both). One row per model, best first: a line from the lower to the
 * upper bound of its 95% interval and a dot at its rating, over an axis with round ticks. Pure.
 */
public final class IntervalChart {
    static final int WIDTH = 720;
    static final int LABEL_WIDTH = 170;
    static final int RIGHT_MARGIN = 70;
    static final int ROW_HEIGHT = 30;
    static final int TOP = 10;
    static final int AXIS_HEIGHT = 34;

    /** A model's row: y of its centre line and x of its interval and rating, in SVG user units. */
    public record Row(String name, String label, String y, String textY, String lower, String upper, String rating) {
    }

    /** A tick of the rating axis. */
    public record Tick(String x, String label) {
    }

    /** Everything the template draws; numbers preformatted (invariant locale) for SVG attributes. */
    public record Chart(int width, int height, int labelX, String plotRight, String axisY, String tickLabelY,
                        List<Row> rows, List<Tick> ticks) {
        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /** One model to draw: name, rating and interval. */
    public record Interval(String name, double rating, double lower, double upper) {
    }

    private IntervalChart() {
    }

    public static Chart of(List<Interval> intervals) {
        int height = TOP + ROW_HEIGHT * intervals.size() + AXIS_HEIGHT;
        double plotLeft = LABEL_WIDTH;
        double plotRight = WIDTH - RIGHT_MARGIN;
        if (intervals.isEmpty()) {
            return new Chart(WIDTH, height, LABEL_WIDTH - 10, number(plotRight), number(TOP), number(TOP + 20), List.of(), List.of());
        }
        double min = intervals.stream().mapToDouble(i -> Math.min(i.lower(), i.rating())).min().orElseThrow();
        double max = intervals.stream().mapToDouble(i -> Math.max(i.upper(), i.rating())).max().orElseThrow();
        double step = tickStep(max - min);
        double from = Math.floor(min / step) * step;
        double to = Math.ceil(max / step) * step;
        if (to - from < step) {
            from -= step;
            to += step;
        }
        double scale = (plotRight - plotLeft) / (to - from);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            Interval interval = intervals.get(i);
            double y = TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2.0;
            rows.add(new Row(interval.name(), String.format(Locale.ROOT, "%.0f", interval.rating()), number(y),
                    number(y + 4), number(plotLeft + (interval.lower() - from) * scale),
                    number(plotLeft + (interval.upper() - from) * scale), number(plotLeft + (interval.rating() - from) * scale)));
        }
        List<Tick> ticks = new ArrayList<>();
        for (double value = from; value <= to + step / 2; value += step) {
            ticks.add(new Tick(number(plotLeft + (value - from) * scale), String.format(Locale.ROOT, "%.0f", value)));
        }
        double axisY = TOP + ROW_HEIGHT * intervals.size() + 4;
        return new Chart(WIDTH, height, LABEL_WIDTH - 10, number(plotRight), number(axisY), number(axisY + 18), rows, ticks);
    }

    /** A round step (1, 2 or 5 × 10^k Elo points) giving 3 to 10 ticks over the span. */
    static double tickStep(double span) {
        double raw = Math.max(span, 1) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= raw) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
