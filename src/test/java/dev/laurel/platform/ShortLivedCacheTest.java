package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShortLivedCacheTest {
    @Test
    void aValueLoadedWhileItWasInvalidatedIsNotKept() {
        ShortLivedCache<String, Integer> cache = new ShortLivedCache<>(Duration.ofMinutes(10), 10);
        AtomicInteger loads = new AtomicInteger();
        // the change commits (and invalidates) while this reader still holds the old value
        assertEquals(1, cache.get("k", key -> {
            cache.invalidate(key);
            return Optional.of(loads.incrementAndGet());
        }).orElseThrow());
        assertEquals(2, cache.get("k", key -> Optional.of(loads.incrementAndGet())).orElseThrow());
        assertEquals(2, cache.get("k", key -> Optional.of(loads.incrementAndGet())).orElseThrow(), "kept once no change overlapped");
    }
}
