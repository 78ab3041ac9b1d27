package dev.laurel.payout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local anvil node on a free loopback port ({@code --port 0}: anvil picks one and prints it, so
 * parallel builds never collide). The binary comes from the npm package {@code @foundry-rs/anvil}
 * installed under {@code reward-contract/node_modules} (no download at run time).
 */
public final class Anvil implements AutoCloseable {
    /** anvil well-known test key #0 (public mnemonic "test test … junk"): funded only on local dev chains. */
    public static final String WELL_KNOWN_TEST_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public static final long CHAIN_ID = 31337;
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final String url;

    private Anvil(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static Anvil start(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("No anvil at " + binary + ": run `npm ci` in reward-contract/ or set laurel.chain.anvil-binary.");
        }
        try {
            Process process = new ProcessBuilder(List.of(binary.toString(), "--host", "127.0.0.1", "--port", "0"))
                    .redirectErrorStream(true).start();
            Deque<String> recent = new ArrayDeque<>();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            // keep draining the output for the node's whole life: anvil logs every call and a full pipe blocks it
            Thread drain = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (!port.isDone()) {
                            synchronized (recent) {
                                recent.add(line);
                                if (recent.size() > 30) {
                                    recent.removeFirst();
                                }
                            }
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                port.complete(Integer.parseInt(m.group(1)));
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
                port.completeExceptionally(new IllegalStateException("anvil exited: " + String.join("\n", recent)));
            }, "anvil-output");
            drain.setDaemon(true);
            drain.start();
            try {
                return new Anvil(process, "http://127.0.0.1:" + port.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException("anvil did not start: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start anvil " + binary + ": " + e.getMessage(), e);
        }
    }

    /** The linux/mac binary of {@code @foundry-rs/anvil-<os>-<arch>} under {@code reward-contract/node_modules}. */
    public static Path shippedBinary(Path rewardContract) {
        String os = System.getProperty("os.name").toLowerCase().contains("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").contains("aarch64") ? "arm64" : "amd64";
        return rewardContract.resolve("node_modules/@foundry-rs/anvil-" + os + "-" + arch + "/bin/anvil");
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
