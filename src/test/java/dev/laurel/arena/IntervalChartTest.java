package dev.laurel.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalChartTest {

    @Test
    void intervalsLieInsideThePlotInRatingOrder() {
        IntervalChart.Chart chart = IntervalChart.of(List.of(
                new IntervalChart.Interval("best", 1200, 1150, 1260),
                new IntervalChart.Interval("middle", 1000, 960, 1040),
                new IntervalChart.Interval("worst", 800, 700, 850)));

        assertEquals(3, chart.rows().size());
        double left = IntervalChart.LABEL_WIDTH;
        double right = Double.parseDouble(chart.plotRight());
        for (IntervalChart.Row row : chart.rows()) {
            double lower = Double.parseDouble(row.lower());
            double rating = Double.parseDouble(row.rating());
            double upper = Double.parseDouble(row.upper());
            assertTrue(left <= lower && lower <= rating && rating <= upper && upper <= right, row.toString());
        }
        assertTrue(Double.parseDouble(chart.rows().get(0).rating()) > Double.parseDouble(chart.rows().get(2).rating()));
        assertTrue(chart.ticks().size() >= 3 && chart.ticks().size() <= 11, chart.ticks().toString());
        assertEquals("1200", chart.rows().get(0).label());
    }

    @Test
    void tickStepsAreRound() {
        assertEquals(100, IntervalChart.tickStep(560));
        assertEquals(5, IntervalChart.tickStep(25));
        assertEquals(20, IntervalChart.tickStep(100));
    }

    @Test
    void oneModelWithAZeroWidthIntervalStillGetsAnAxis() {
        IntervalChart.Chart chart = IntervalChart.of(List.of(new IntervalChart.Interval("only", 1000, 1000, 1000)));

        assertTrue(chart.ticks().size() >= 2);
        assertTrue(chart.rows().get(0).lower().equals(chart.rows().get(0).upper()));
    }
}
