package dev.laurel.payout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The colleague-built {@code reward-contract/} package as a test dependency: its node_modules hold
 * anvil and {@code @openzeppelin/merkle-tree}. Installed on first use ({@code npm ci}, ~10 s) so a
 * fresh checkout needs no manual step.
 */
public final class RewardContract {
    public static final Path DIR = Path.of("reward-contract").toAbsolutePath();

    private RewardContract() {
    }

    public static synchronized void ensureInstalled() {
        if (Files.isDirectory(DIR.resolve("node_modules/@openzeppelin/merkle-tree"))) {
            return;
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), null, 300);
    }

    /** Runs an ES module snippet with reward-contract's node_modules in scope; returns its stdout. */
    static String node(String script, String stdin) {
        ensureInstalled();
        return run(List.of("node", "--input-type=module", "-e", script), stdin, 120);
    }

    static String run(List<String> command, String stdin, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("reward-contract", ".out");
            Path err = Files.createTempFile("reward-contract", ".err");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(DIR.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            Files.delete(out);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + stderr);
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
