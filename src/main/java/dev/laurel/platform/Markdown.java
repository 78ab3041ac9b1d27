package dev.laurel.platform;

import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateExtension;
import java.util.List;
import java.util.Map;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders untrusted text (prompts, model replies) as markdown, safely: any HTML in the input is
 * escaped, never passed through, and link/image URLs with unsafe schemes (javascript:, data:) are
 * dropped. Templates use {@code {text.markdown}}; this is the only place that produces raw HTML.
 */
public final class Markdown {
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .softbreak("<br>")
            .attributeProviderFactory(context -> Markdown::onlyWebImages)
            .build();

    private Markdown() {
    }

    public static String toSafeHtml(String untrusted) {
        return RENDERER.render(PARSER.parse(untrusted == null ? "" : untrusted));
    }

    /** sanitizeUrls keeps data: images; an image source that is not a web address is dropped. */
    private static void onlyWebImages(Node node, String tagName, Map<String, String> attributes) {
        if (node instanceof Image) {
            String src = attributes.getOrDefault("src", "").toLowerCase(java.util.Locale.ROOT);
            if (!src.startsWith("https://") && !src.startsWith("http://")) {
                attributes.remove("src");
            }
        }
    }

    @TemplateExtension
    static RawString markdown(String untrusted) {
        return new RawString(toSafeHtml(untrusted));
    }
}
