package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

    @Test
    void getAllReadsOnlyTheMissingKeysInOneCallAndKeepsWhatItFound() {
        ShortLivedCache<Long, String> cache = new ShortLivedCache<>(Duration.ofMinutes(10), 10);
        List<Set<Long>> calls = new ArrayList<>();
        Function<Set<Long>, Map<Long, String>> loader = keys -> {
            calls.add(Set.copyOf(keys));
            Map<Long, String> found = new HashMap<>();
            keys.stream().filter(key -> key != 3).forEach(key -> found.put(key, "v" + key)); // 3 does not exist
            return found;
        };
        assertEquals(Map.of(1L, "v1", 2L, "v2"), cache.getAll(List.of(1L, 2L, 3L), loader));
        assertEquals(Map.of(1L, "v1", 4L, "v4"), cache.getAll(List.of(1L, 4L), loader));
        assertEquals(List.of(Set.of(1L, 2L, 3L), Set.of(4L)), calls, "1 was kept; only 4 was read the second time");
        cache.getAll(List.of(3L), loader);
        assertEquals(Set.of(3L), calls.get(2), "an absent key is not kept: read again");
        cache.invalidate(2L);
        cache.getAll(List.of(1L, 2L), loader);
        assertEquals(Set.of(2L), calls.get(3), "an invalidated key is read again");
    }
}
