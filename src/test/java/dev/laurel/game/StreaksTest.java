package dev.laurel.game;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StreaksTest {
    private static final LocalDate TODAY = LocalDate.of(2030, 3, 20);

    private static Set<LocalDate> daysAgo(int... offsets) {
        return IntStream.of(offsets).mapToObj(TODAY::minusDays).collect(Collectors.toSet());
    }

    @Test
    void consecutiveDaysCount() {
        assertEquals(7, Streaks.length(daysAgo(0, 1, 2, 3, 4, 5, 6), TODAY, 0, 7));
    }

    @Test
    void oneMissedDayInSevenIsForgivenTwoAreNot() {
        assertEquals(6, Streaks.length(daysAgo(0, 1, 2, 4, 5, 6), TODAY, 1, 7));
        // days 3 and 5 ago both missed within 7 days: the streak is what came after the second miss
        assertEquals(4, Streaks.length(daysAgo(0, 1, 2, 4, 6), TODAY, 1, 7));
        assertEquals(3, Streaks.length(daysAgo(0, 1, 2, 4, 5, 6), TODAY, 0, 7));
    }

    @Test
    void missesFarApartAreEachForgiven() {
        assertEquals(15, Streaks.length(daysAgo(0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 16), TODAY, 1, 7));
    }

    @Test
    void todayNotAnsweredYetDoesNotBreakTheStreakButTwoEmptyDaysDo() {
        assertEquals(3, Streaks.length(daysAgo(1, 2, 3), TODAY, 1, 7));
        assertEquals(0, Streaks.length(daysAgo(2, 3), TODAY, 1, 7));
        assertEquals(0, Streaks.length(Set.of(), TODAY, 1, 7));
    }
}
