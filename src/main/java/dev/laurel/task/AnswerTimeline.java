package dev.laurel.task;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A campaign's answers over time as SVG bars, computed on the server (no chart script, nothing inline for the
 * Content-Security-Policy to block), and the estimate of when it is done. Pure: the template draws what it returns.
 */
public final class AnswerTimeline {
    public static final int WIDTH = 600;
    public static final int HEIGHT = 160;
    private static final int AXIS = 20;
    /** At most this many bars: the bucket is the shortest step of {@link #STEPS} that keeps within it. */
    static final int MAX_BARS = 60;
    static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7));
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    public record Bar(Instant start, long answers, int x, int y, int width, int height) {
    }

    public record Chart(List<Bar> bars, long max, String first, String last, Duration bucket) {
        public int width() {
            return WIDTH;
        }

        public int height() {
            return HEIGHT;
        }

        public int baseline() {
            return HEIGHT - AXIS;
        }

        public String bucketText() {
            return describe(bucket);
        }
    }

    private AnswerTimeline() {
    }

    /** The bucket for a campaign that has run from {@code from} to {@code to}. */
    public static Duration bucket(Instant from, Instant to) {
        long seconds = Math.max(1, Duration.between(from, to).toSeconds());
        for (Duration step : STEPS) {
            if (seconds / step.toSeconds() < MAX_BARS) {
                return step;
            }
        }
        return STEPS.get(STEPS.size() - 1);
    }

    /**
     * One bar per bucket from the bucket holding {@code from} to the one holding {@code to}; a bucket without
     * answers has a zero-height bar. {@code answersByBucket} is keyed by bucket number (epoch seconds / bucket).
     */
    public static Chart of(Map<Long, Long> answersByBucket, Instant from, Instant to, Duration bucket) {
        long size = bucket.toSeconds();
        long first = Math.floorDiv(from.getEpochSecond(), size);
        long last = Math.max(first, Math.floorDiv(to.getEpochSecond(), size));
        if (last - first + 1 > MAX_BARS * 7L) { // never more bars than fit: keep the latest
            first = last - MAX_BARS * 7L + 1;
        }
        int count = (int) (last - first + 1);
        long max = Math.max(1, answersByBucket.values().stream().mapToLong(Long::longValue).max().orElse(1));
        double slot = (double) WIDTH / count;
        int drawable = HEIGHT - AXIS - 4;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long key = first + i;
            long answers = Math.max(0, answersByBucket.getOrDefault(key, 0L));
            int height = (int) (answers * drawable / max);
            bars.add(new Bar(Instant.ofEpochSecond(key * size), answers, (int) Math.round(i * slot) + 1, HEIGHT - AXIS - height,
                    Math.max(1, (int) Math.floor(slot) - 2), height));
        }
        return new Chart(bars, max, SHOWN.format(Instant.ofEpochSecond(first * size)), SHOWN.format(Instant.ofEpochSecond(last * size)),
                bucket);
    }

    /**
     * When the campaign should be done at the recent pace: {@code remaining} answers at {@code recent} answers per
     * {@code window}; empty when nothing remains or nothing was answered lately (no pace to go by).
     */
    public static java.util.Optional<Duration> eta(long remaining, long recent, Duration window) {
        if (remaining <= 0 || recent <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofSeconds(Math.max(1, Math.round((double) remaining * window.toSeconds() / recent))));
    }

    /** A duration as a person says it: "45 s", "12 min", "3 h 20 min", "2 days 4 h". */
    public static String describe(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86_400) {
            long minutes = (s % 3600) / 60;
            return (s / 3600) + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        long days = s / 86_400;
        long hours = (s % 86_400) / 3600;
        return days + (days == 1 ? " day" : " days") + (hours > 0 ? " " + hours + " h" : "");
    }
}
