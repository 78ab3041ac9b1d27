package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void htmlInTheInputIsEscapedNotRendered() {
        String html = Markdown.toSafeHtml("Hi <script>alert(1)</script> and <img src=x onerror=alert(1)>\n\n<div onclick=x>block</div>");
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<div"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
    }

    @Test
    void unsafeLinkSchemesAreDropped() {
        String html = Markdown.toSafeHtml("[click](javascript:alert(1)) ![x](data:text/html,evil) [ok](https://example.org)");
        assertFalse(html.contains("javascript:"), html);
        assertFalse(html.contains("data:text/html"), html);
        assertTrue(html.contains("href=\"https://example.org\""), html);
    }

    @Test
    void markdownStillRenders() {
        String html = Markdown.toSafeHtml("**bold** and `code`\n\n- one\n- two\n\n```\nx < y\n```");
        assertTrue(html.contains("<strong>bold</strong>"));
        assertTrue(html.contains("<code>code</code>"));
        assertTrue(html.contains("<li>two</li>"));
        assertTrue(html.contains("x &lt; y"));
    }
}
