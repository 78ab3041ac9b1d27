package dev.laurel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerTimelineTest {
    private static final Instant OPENED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void bucketIsTheShortestStepThatKeepsTheChartWithinItsBars() {
        assertEquals(Duration.ofMinutes(1), AnswerTimeline.bucket(OPENED, OPENED.plusSeconds(30)));
        assertEquals(Duration.ofMinutes(5), AnswerTimeline.bucket(OPENED, OPENED.plus(Duration.ofHours(2))));
        assertEquals(Duration.ofHours(1), AnswerTimeline.bucket(OPENED, OPENED.plus(Duration.ofHours(30))));
        assertEquals(Duration.ofDays(1), AnswerTimeline.bucket(OPENED, OPENED.plus(Duration.ofDays(20))));
    }

    @Test
    void everyBucketFromOpeningToNowHasABarAndTheBarsAddUpToTheAnswers() {
        Duration bucket = Duration.ofMinutes(5);
        long first = OPENED.getEpochSecond() / bucket.toSeconds();
        var chart = AnswerTimeline.of(Map.of(first, 4L, first + 2, 8L), OPENED, OPENED.plus(Duration.ofMinutes(19)), bucket);
        assertEquals(4, chart.bars().size(), "10:00, 10:05, 10:10, 10:15");
        assertEquals(12, chart.bars().stream().mapToLong(AnswerTimeline.Bar::answers).sum());
        assertEquals(8, chart.max());
        assertEquals(0, chart.bars().get(1).height(), "a bucket without answers is a zero-height bar");
        assertEquals(chart.baseline() - chart.bars().get(2).y(), chart.bars().get(2).height(), "bars stand on the axis");
        assertEquals(2 * chart.bars().get(0).height(), chart.bars().get(2).height(), 1, "heights are proportional to answers");
        assertTrue(chart.bars().stream().allMatch(b -> b.x() + b.width() <= AnswerTimeline.WIDTH), "every bar is inside the chart");
        assertEquals("2026-03-01 10:00", chart.first());
    }

    @Test
    void etaIsTheRemainingAnswersAtTheRecentPaceAndNoneWithoutOne() {
        assertEquals(Optional.of(Duration.ofMinutes(30)), AnswerTimeline.eta(50, 100, Duration.ofHours(1)));
        assertEquals(Optional.empty(), AnswerTimeline.eta(50, 0, Duration.ofHours(1)), "no answers lately: no pace to go by");
        assertEquals(Optional.empty(), AnswerTimeline.eta(0, 100, Duration.ofHours(1)), "nothing remains");
        assertEquals("3 h 20 min", AnswerTimeline.describe(Duration.ofMinutes(200)));
        assertEquals("2 days 4 h", AnswerTimeline.describe(Duration.ofHours(52)));
        assertEquals("45 s", AnswerTimeline.describe(Duration.ofSeconds(45)));
    }
}
