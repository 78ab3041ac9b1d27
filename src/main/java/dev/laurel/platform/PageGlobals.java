package dev.laurel.platform;

import io.quarkus.qute.TemplateGlobal;
import org.eclipse.microprofile.config.ConfigProvider;

/** Values every page template may read. */
@TemplateGlobal
public class PageGlobals {
    private static volatile Boolean apiDocs;

    /**
     * Whether the pages may link to Swagger UI ({@code /q/swagger-ui}): not in {@code prod}, where everything under
     * {@code /q/} is on the management port, which the public never reaches.
     */
    static boolean apiDocsLinked() {
        if (apiDocs == null) {
            apiDocs = ConfigProvider.getConfig().getOptionalValue("laurel.pages.api-docs-linked", Boolean.class).orElse(true);
        }
        return apiDocs;
    }
}
