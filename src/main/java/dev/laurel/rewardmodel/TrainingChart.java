package dev.laurel.rewardmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Geometry of a training job's live chart, drawn by the page as inline SVG (no script, no inline
 * style: the CSP forbids both): three panels side by side — loss, accuracy, mean margin — each with
 * the training curve and, when there is a validation set, the validation curve, over the epochs so
 * far. The x axis spans the epochs reported, at least a few, so the curve grows from the left. Pure.
 */
public final class TrainingChart {
    static final int PANEL_WIDTH = 230;
    static final int PANEL_HEIGHT = 150;
    static final int GAP = 20;
    static final int LEFT = 42;
    static final int TOP = 22;
    static final int BOTTOM = 22;
    static final int MIN_EPOCHS = 5;

    /** One epoch's numbers; validation values are null without a validation set. */
    public record Point(int epoch, double trainLoss, double trainAccuracy, double trainMargin, Double validationLoss,
                        Double validationAccuracy, Double validationMargin) {
        static Point of(TrainingEpoch e) {
            return new Point(e.epoch, e.trainLoss, e.trainAccuracy, e.trainMargin, e.validationLoss, e.validationAccuracy,
                    e.validationMargin);
        }
    }

    /**
     * A panel at horizontal offset {@code x}: its two polylines as SVG point lists (validation empty
     * when there is none), the y-axis labels and the last values as text.
     */
    public record Panel(String title, int x, String train, String validation, String top, String bottom, String last) {
        public boolean hasValidation() {
            return !validation.isEmpty();
        }
    }

    public record Chart(int width, int height, int plotLeft, int plotRight, int plotTop, int plotBottom, int epochs,
                        List<Panel> panels) {
        public boolean isEmpty() {
            return epochs == 0;
        }
    }

    private TrainingChart() {
    }

    public static Chart of(List<Point> points) {
        int epochs = points.isEmpty() ? 0 : points.get(points.size() - 1).epoch();
        // the end-to-end mode reports its head's probe as epoch 0: the axis then starts there
        int first = points.isEmpty() ? 1 : Math.min(1, points.get(0).epoch());
        int span = Math.max(MIN_EPOCHS, epochs - first + 1);
        List<Panel> panels = new ArrayList<>();
        panels.add(panel("Loss", 0, points, first, span, Point::trainLoss, Point::validationLoss, null, "%.3f"));
        panels.add(panel("Accuracy", 1, points, first, span, Point::trainAccuracy, Point::validationAccuracy, new double[] {0, 1}, "%.3f"));
        panels.add(panel("Margin r(chosen) − r(rejected)", 2, points, first, span, Point::trainMargin, Point::validationMargin, null,
                "%.2f"));
        int width = 3 * PANEL_WIDTH + 2 * GAP;
        return new Chart(width, PANEL_HEIGHT, LEFT, PANEL_WIDTH - 6, TOP, PANEL_HEIGHT - BOTTOM, epochs, panels);
    }

    private static Panel panel(String title, int index, List<Point> points, int first, int span, Function<Point, Double> train,
                               Function<Point, Double> validation, double[] fixedRange, String format) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            for (Double v : new Double[] {train.apply(p), validation.apply(p)}) {
                if (v != null && Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (fixedRange != null) {
            low = Math.min(low, fixedRange[0]);
            high = Math.max(high, fixedRange[1]);
        }
        if (!(high > low)) { // no points, or a flat curve: give it a visible band
            double centre = Double.isFinite(low) ? low : 0;
            low = centre - 0.5;
            high = centre + 0.5;
        }
        String last = "";
        if (!points.isEmpty()) {
            Point p = points.get(points.size() - 1);
            Double v = validation.apply(p);
            last = "train " + String.format(Locale.ROOT, format, train.apply(p))
                    + (v == null ? "" : " · val " + String.format(Locale.ROOT, format, v));
        }
        return new Panel(title, index * (PANEL_WIDTH + GAP), line(points, first, span, train, low, high),
                line(points, first, span, validation, low, high), String.format(Locale.ROOT, format, high),
                String.format(Locale.ROOT, format, low), last);
    }

    /** SVG points "x,y x,y ..." in the panel's own coordinates; a missing value ends nothing, it is skipped. */
    private static String line(List<Point> points, int first, int span, Function<Point, Double> value, double low, double high) {
        StringBuilder out = new StringBuilder();
        double plotWidth = PANEL_WIDTH - 6 - LEFT;
        double plotHeight = PANEL_HEIGHT - BOTTOM - TOP;
        for (Point p : points) {
            Double v = value.apply(p);
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            double x = LEFT + (span == 1 ? 0 : plotWidth * (p.epoch() - first) / (span - 1));
            double y = TOP + plotHeight * (high - v) / (high - low);
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return out.toString();
    }
}
