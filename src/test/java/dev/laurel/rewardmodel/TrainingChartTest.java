package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingChartTest {

    @Test
    void noEpochsIsAnEmptyChart() {
        assertTrue(TrainingChart.of(List.of()).isEmpty());
    }

    @Test
    void curvesStartAtTheLeftAndFallingLossGoesDown() {
        TrainingChart.Chart chart = TrainingChart.of(List.of(
                new TrainingChart.Point(1, 0.69, 0.5, 0.0, 0.70, 0.5, 0.0),
                new TrainingChart.Point(2, 0.40, 0.8, 1.0, 0.50, 0.7, 0.6)));
        assertEquals(2, chart.epochs());
        TrainingChart.Panel loss = chart.panels().get(0);
        String[] points = loss.train().split(" ");
        assertEquals(2, points.length);
        assertEquals(String.valueOf((double) TrainingChart.LEFT), points[0].split(",")[0]);
        double y1 = Double.parseDouble(points[0].split(",")[1]);
        double y2 = Double.parseDouble(points[1].split(",")[1]);
        assertTrue(y2 > y1, "lower loss is drawn lower: " + loss.train());
        // accuracy keeps its 0..1 axis
        assertEquals("1.000", chart.panels().get(1).top());
        assertEquals("0.000", chart.panels().get(1).bottom());
        assertEquals("train 0.400 · val 0.500", loss.last());
    }

    @Test
    void anEndToEndProbeAtEpochZeroStartsTheCurveAtTheLeft() {
        TrainingChart.Chart chart = TrainingChart.of(List.of(
                new TrainingChart.Point(0, 0.30, 0.9, 1.5, 0.56, 0.7, 0.4),
                new TrainingChart.Point(1, 0.35, 0.9, 1.4, 0.55, 0.7, 0.5)));
        String[] points = chart.panels().get(0).validation().split(" ");
        assertEquals(String.valueOf((double) TrainingChart.LEFT), points[0].split(",")[0]);
        assertTrue(Double.parseDouble(points[1].split(",")[0]) > TrainingChart.LEFT);
    }

    @Test
    void withoutValidationThereIsOnlyTheTrainingCurve() {
        TrainingChart.Chart chart = TrainingChart.of(List.of(new TrainingChart.Point(1, 0.5, 0.6, 0.2, null, null, null)));
        assertFalse(chart.panels().get(0).hasValidation());
        assertEquals("train 0.500", chart.panels().get(0).last());
    }
}
