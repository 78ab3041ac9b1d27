package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SiteOriginTest {

    @Test
    void theDefaultPortWrittenOutIsTheSameOrigin() {
        assertEquals(SiteOrigin.parse("https://laurel.example"), SiteOrigin.parse("https://Laurel.Example:443"));
        assertEquals(SiteOrigin.parse("http://localhost"), SiteOrigin.parse("http://localhost:80/"));
        assertEquals("https://laurel.example", SiteOrigin.parse("https://laurel.example:443").orElseThrow().toString());
        assertEquals("http://localhost:8080", SiteOrigin.parse("http://localhost:8080").orElseThrow().toString());
    }

    @Test
    void aRefererIsReducedToItsOrigin() {
        assertEquals(SiteOrigin.parse("http://localhost:8080"), SiteOrigin.parse("http://localhost:8080/play/3?x=1#top"));
    }

    @Test
    void schemeHostAndPortEachMatter() {
        assertNotEquals(SiteOrigin.parse("http://laurel.example"), SiteOrigin.parse("https://laurel.example"));
        assertNotEquals(SiteOrigin.parse("https://laurel.example"), SiteOrigin.parse("https://sub.laurel.example"));
        assertNotEquals(SiteOrigin.parse("http://localhost:8080"), SiteOrigin.parse("http://localhost:8081"));
    }

    @Test
    void hiddenOrUnparsableOriginsAreNone() {
        for (String value : new String[] {null, "", "null", "/relative", "file:///etc/passwd", "ftp://x.example", "http://%zz"}) {
            assertTrue(SiteOrigin.parse(value).isEmpty(), String.valueOf(value));
        }
    }
}
