package dev.laurel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Playwright end-to-end suite in {@code frontend/} (real Chromium) against this test
 * instance of Laurel on PostgreSQL and RabbitMQ. The suite builds its own labeler and campaigns
 * through the REST API with the modeler and admin given here.
 */
@QuarkusTest
class BrowserTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void playwrightSuitePasses() throws Exception {
        File frontend = new File("frontend");
        assertTrue(new File(frontend, "node_modules/playwright-core").isDirectory(),
                "frontend/node_modules is missing: run `cd frontend && npm ci` (bin/test does it)");
        Fixtures.User modeler = Fixtures.modeler();
        // -Dlaurel.browser-tests=admin,a11y runs only tests/admin.test.mjs and tests/a11y.test.mjs (while working on them)
        String only = System.getProperty("laurel.browser-tests", "").strip();
        List<String> command = new ArrayList<>(List.of("npm", "test"));
        if (!only.isEmpty()) {
            command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1"));
            for (String name : only.split(",")) {
                command.add("tests/" + name.strip() + ".test.mjs");
            }
        }
        ProcessBuilder node = new ProcessBuilder(command).directory(frontend).redirectErrorStream(true);
        Map<String, String> env = node.environment();
        env.put("LAUREL_URL", base.toString());
        env.put("LAUREL_ADMIN_USER", Fixtures.ADMIN);
        env.put("LAUREL_ADMIN_PASSWORD", Fixtures.ADMIN_PASSWORD);
        env.put("LAUREL_MODELER_USER", modeler.username());
        env.put("LAUREL_MODELER_PASSWORD", Fixtures.PASSWORD);
        Process process = node.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[browser] " + line);
                output.append(line).append('\n');
            }
        }
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "browser suite did not finish");
        assertEquals(0, process.exitValue(), "browser suite failed:\n" + output);
        assertTrue(output.toString().contains("# fail 0"), "no test summary from the browser suite:\n" + output);
    }
}
