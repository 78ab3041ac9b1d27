package dev.laurel.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens per second of the tiny char-lstm through Laurel (pool + {@link DjlModel#generate}: sampling
 * in Java, per-prompt seeds, state carried per batch) next to a raw DJL loop over the same parameters
 * (argmax on the tensor, nothing else). Both generate {@code tokens} tokens per prompt, greedily.
 * Then the tiny GPT decoder with and without its KV cache ({@link #kvCache}).
 * Usage: bench/generation.sh [tokens=64] [rounds=3], or bench/generation.sh kv [rounds=3] for the KV-cache part alone
 */
public final class GenerationBench {
    private GenerationBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("kv")) { // the KV-cache part alone
            kvCache(args.length > 1 ? Integer.parseInt(args[1]) : 3);
            return;
        }
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long start = System.nanoTime();
        // no end character: every reply runs to the limit, so both sides do the same number of steps
        byte[] zip = CharLstmTraining.train(TinyModels.corpus(), "Q: {prompt}\nA:", null,
                new CharLstmTraining.Settings(64, 1, 48, 32, 30, 0.01f, 7)).zip();
        System.out.printf("trained the tiny model in %.1f s%n", (System.nanoTime() - start) / 1e9);
        Path root = Files.createTempDirectory("bench-models");
        ModelArtifacts artifacts = new ModelArtifacts(root, 100_000_000);
        ModelArtifacts.Stored stored = artifacts.store(zip);
        ModelManifest manifest = stored.manifest();
        Sampling greedy = new Sampling(0, 1, tokens, 1L);
        System.out.println("batch  laurel tokens/s  raw DJL tokens/s  ratio (goal >= 0.8)");
        try (ModelPool pool = new ModelPool(1, artifacts::load);
             ZooModel<NDList, NDList> raw = rawModel(artifacts.directory(stored.sha256()), manifest)) {
            for (int batch : new int[] {1, 8, 32}) {
                List<String> prompts = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    prompts.add("What color is question " + i + "?");
                }
                // warm up both paths once
                pool.get(stored.sha256()).generate(prompts, greedy);
                rawLoop(raw, manifest, prompts, tokens);
                double laurel = 0;
                double direct = 0;
                for (int round = 0; round < rounds; round++) {
                    long t0 = System.nanoTime();
                    int produced = pool.get(stored.sha256()).generate(prompts, greedy).stream().mapToInt(TextGenerator.Reply::tokens).sum();
                    laurel = Math.max(laurel, produced / ((System.nanoTime() - t0) / 1e9));
                    long t1 = System.nanoTime();
                    int rawProduced = rawLoop(raw, manifest, prompts, tokens);
                    direct = Math.max(direct, rawProduced / ((System.nanoTime() - t1) / 1e9));
                }
                System.out.printf("%5d  %15.0f  %16.0f  %.2f%n", batch, laurel, direct, laurel / direct);
            }
        }
        onnxBatching(tokens, rounds);
        kvCache(rounds);
    }

    /**
     * The tiny GPT generating 256 new tokens with and without its KV cache, per batch size (bench/gpu.sh too):
     * wall-clock tokens/s (best of {@code rounds} rounds cached and of at most two uncached, alternating) and the process's CPU
     * time per token, which a busy machine skews less.
     */
    static void cachedVsUncached(int[] batches, int rounds) throws Exception {
        int tokens = 256;
        ModelArtifacts artifacts = new ModelArtifacts(Files.createTempDirectory("bench-kv"), 200_000_000);
        Map<String, Object> toTheLimit = new HashMap<>();
        toTheLimit.put("eosTokenId", null);
        Sampling greedy = new Sampling(0, 1, tokens, 1L);
        System.out.printf("%nTiny GPT (3 layers, d_model 96, ONNX), %d new tokens: KV cache vs rerunning the sequence (load average %s)%n",
                tokens, loadAverage());
        System.out.println("batch  cached tokens/s  uncached tokens/s  ratio (goal >= 5)  CPU µs/token: cached  uncached  ratio");
        try (DjlModel cached = artifacts.load(artifacts.store(TinyModels.tinyGptZip(true, toTheLimit)).sha256());
             DjlModel plain = artifacts.load(artifacts.store(TinyModels.tinyGptZip(false, toTheLimit)).sha256())) {
            for (int batch : batches) {
                List<String> prompts = readmePrompts(batch);
                cached.generate(prompts, new Sampling(0, 1, 8, 1L));
                plain.generate(prompts, new Sampling(0, 1, 8, 1L));
                // rounds alternate, so that both sides see the same load; the uncached side is slow: at most two rounds
                Timing withCache = null;
                Timing without = null;
                for (int round = 0; round < rounds; round++) {
                    withCache = Timing.better(withCache, Timing.of(cached, prompts, greedy));
                    if (round < 2) {
                        without = Timing.better(without, Timing.of(plain, prompts, greedy));
                    }
                }
                System.out.printf("%5d  %15.0f  %17.0f  %17.1f  %20.0f  %8.0f  %5.1f%n", batch, withCache.tokensPerSecond(),
                        without.tokensPerSecond(), withCache.tokensPerSecond() / without.tokensPerSecond(), withCache.cpuMicrosPerToken(),
                        without.cpuMicrosPerToken(), without.cpuMicrosPerToken() / withCache.cpuMicrosPerToken());
            }
        }
    }

    /** One generation's tokens, wall-clock seconds and process CPU seconds (ONNX Runtime's threads included). */
    private record Timing(int tokens, double seconds, double cpuSeconds) {
        static Timing of(DjlModel model, List<String> prompts, Sampling sampling) {
            long cpu = processCpuNanos();
            long t0 = System.nanoTime();
            int produced = model.generate(prompts, sampling).stream().mapToInt(TextGenerator.Reply::tokens).sum();
            return new Timing(produced, (System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu) / 1e9);
        }

        static Timing better(Timing best, Timing timing) {
            return best == null || timing.tokensPerSecond() > best.tokensPerSecond() ? timing : best;
        }

        double tokensPerSecond() {
            return tokens / seconds;
        }

        double cpuMicrosPerToken() {
            return cpuSeconds * 1e6 / tokens;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " 1 min";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * The tiny GPT test decoder (src/test/resources/models/tiny-gpt) generating 256 new tokens with its
     * KV cache and without (the same weights), at batch 1 and 8; then, with end-of-text on and seeded
     * sampling, prompts
     * whose replies differ in length decoded 8 rows at a time: iteration-level batching (finished rows
     * leave, waiting prompts join) against static batches of 8 (each waits for its longest reply).
     */
    private static void kvCache(int rounds) throws Exception {
        cachedVsUncached(new int[] {1, 8}, rounds);
        ModelArtifacts artifacts = new ModelArtifacts(Files.createTempDirectory("bench-kv"), 200_000_000);
        List<String> prompts = readmePrompts(32);
        Sampling replies = new Sampling(1.0, 1, 160, 7L); // seeded: the tiny model's greedy text never ends, sampled text does
        try (DjlModel cached = artifacts.load(artifacts.store(TinyModels.tinyGptZip(true, Map.of("maxBatch", 8))).sha256())) {
            int[] lengths = cached.generate(prompts, replies).stream().mapToInt(TextGenerator.Reply::tokens).sorted().toArray();
            System.out.printf("%n%d prompts, reply lengths %d..%d tokens (median %d), 8 rows decoding at a time%n",
                    prompts.size(), lengths[0], lengths[lengths.length - 1], lengths[lengths.length / 2]);
            System.out.printf("iteration-level tokens/s  static batches tokens/s  ratio (goal >= 1)   (load average %s)%n", loadAverage());
            double iteration = 0;
            double fixed = 0;
            for (int round = 0; round < rounds; round++) {
                iteration = Math.max(iteration, tokensPerSecond(cached, prompts, replies));
                long t0 = System.nanoTime();
                int produced = 0;
                for (int start = 0; start < prompts.size(); start += 8) {
                    produced += cached.generate(prompts.subList(start, start + 8), replies).stream().mapToInt(TextGenerator.Reply::tokens).sum();
                }
                fixed = Math.max(fixed, produced / ((System.nanoTime() - t0) / 1e9));
            }
            System.out.printf("%24.0f  %23.0f  %.2f%n", iteration, fixed, iteration / fixed);
        }
    }

    /** Openings of README lines (what the decoder learned), made distinct by trailing spaces past the first few. */
    private static List<String> readmePrompts(int count) {
        List<String> prompts = new ArrayList<>();
        List<String> openings = TinyModels.TINY_GPT_PROMPTS;
        for (int i = 0; i < count; i++) {
            prompts.add(openings.get(i % openings.size()) + " ".repeat(i / openings.size()));
        }
        return prompts;
    }

    private static double tokensPerSecond(DjlModel model, List<String> prompts, Sampling sampling) {
        long t0 = System.nanoTime();
        int produced = model.generate(prompts, sampling).stream().mapToInt(TextGenerator.Reply::tokens).sum();
        return produced / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * A TorchScript/ONNX graph (the bigram ONNX model of the tests, 1k words): the same prompts run as
     * one padded batch (manifest with padTokenId) and one at a time (without), greedy, to the token limit.
     */
    private static void onnxBatching(int tokens, int rounds) throws Exception {
        List<String> corpus = new ArrayList<>();
        java.util.Random random = new java.util.Random(5);
        for (int line = 0; line < 400; line++) {
            StringBuilder text = new StringBuilder();
            for (int word = 0; word < 12; word++) {
                text.append(word == 0 ? "" : " ").append("w").append(random.nextInt(1000));
            }
            corpus.add(text.toString());
        }
        BigramOnnx bigram = new BigramOnnx(corpus);
        ModelArtifacts artifacts = new ModelArtifacts(Files.createTempDirectory("bench-onnx"), 200_000_000);
        Sampling greedy = new Sampling(0, 1, tokens, 1L);
        System.out.printf("%nONNX bigram (%d words): padded batch vs one prompt at a time%n", bigram.vocabulary.size());
        System.out.println("batch  batched tokens/s  one-at-a-time tokens/s  ratio");
        try (DjlModel together = artifacts.load(artifacts.store(bigram.zip(true, false, tokens)).sha256());
             DjlModel alone = artifacts.load(artifacts.store(bigram.zip(false, false, tokens)).sha256())) {
            for (int batch : new int[] {1, 8, 32}) {
                List<String> prompts = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    prompts.add(corpus.get(i).substring(0, corpus.get(i).indexOf(' ')));
                }
                together.generate(prompts, greedy);
                alone.generate(prompts, greedy);
                double batched = 0;
                double single = 0;
                for (int round = 0; round < rounds; round++) {
                    long t0 = System.nanoTime();
                    int produced = together.generate(prompts, greedy).stream().mapToInt(TextGenerator.Reply::tokens).sum();
                    batched = Math.max(batched, produced / ((System.nanoTime() - t0) / 1e9));
                    long t1 = System.nanoTime();
                    int producedAlone = alone.generate(prompts, greedy).stream().mapToInt(TextGenerator.Reply::tokens).sum();
                    single = Math.max(single, producedAlone / ((System.nanoTime() - t1) / 1e9));
                }
                System.out.printf("%5d  %16.0f  %22.0f  %.2f%n", batch, batched, single, batched / single);
            }
        }
    }

    private static ZooModel<NDList, NDList> rawModel(Path directory, ModelManifest manifest) throws Exception {
        return Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(directory).optModelName("model")
                .optEngine("PyTorch").optDevice(Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu())
                .optBlock(new CharLstm(manifest.vocabulary().length(), manifest.hidden(), manifest.layers()))
                .optTranslator(new NoopTranslator(null)).build().loadModel();
    }

    /** The same work with DJL alone: read each prompt, then step the batch with argmax on the tensor. */
    private static int rawLoop(ZooModel<NDList, NDList> model, ModelManifest manifest, List<String> prompts, int tokens) {
        String vocabulary = manifest.vocabulary();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            NDList last = new NDList();
            NDList hs = new NDList();
            NDList cs = new NDList();
            for (String prompt : prompts) {
                long[] ids = manifest.prompt(prompt).chars().map(vocabulary::indexOf).filter(i -> i >= 0).asLongStream().toArray();
                NDList out = model.getBlock().forward(parameters, new NDList(manager.create(new long[][] {ids})), false);
                last.add(out.get(0).get(new NDIndex(":, -1:, :")));
                hs.add(out.get(1));
                cs.add(out.get(2));
            }
            NDArray logits = prompts.size() == 1 ? last.get(0) : NDArrays.concat(last, 0);
            NDArray h = prompts.size() == 1 ? hs.get(0) : NDArrays.concat(hs, 1);
            NDArray c = prompts.size() == 1 ? cs.get(0) : NDArrays.concat(cs, 1);
            List<long[]> produced = new ArrayList<>();
            for (int step = 0; step < tokens; step++) {
                long[] chosen = logits.argMax(-1).toLongArray(); // (batch, 1)
                produced.add(chosen);
                NDArray next = manager.create(chosen, new ai.djl.ndarray.types.Shape(prompts.size(), 1));
                if (step == tokens - 1) {
                    break;
                }
                NDList out = model.getBlock().forward(parameters, new NDList(next, h, c), false);
                logits = out.get(0);
                h = out.get(1);
                c = out.get(2);
            }
            return produced.size() * prompts.size();
        }
    }
}
