package dev.laurel.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.platform.ModelEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Trains a small {@link CharLstm} on a text with DJL PyTorch and packs it as an uploadable model zip
 * (manifest.json + model-0000.params). Used by the demo seed, the tests and the benchmark: Laurel
 * makes its own generating candidate, since no model hub is reachable.
 */
public final class CharLstmTraining {
    public record Settings(int hidden, int layers, int sequence, int batch, int steps, float learningRate, long seed) {
        public static final Settings SMALL = new Settings(64, 1, 48, 32, 200, 0.01f, 7);
    }

    public record Result(byte[] zip, float finalLoss, long millis) {
    }

    private CharLstmTraining() {
    }

    /**
     * @param text the corpus; every character in it becomes part of the vocabulary
     * @param promptTemplate how prompts are fed at generation time, e.g. {@code "Q: {prompt}\nA:"}
     * @param eos the character that ends a reply; null: replies run to the length limit (benchmarks)
     */
    public static Result train(String text, String promptTemplate, Character eos, Settings settings) {
        ModelEngines.start();
        long start = System.nanoTime();
        TreeSet<Character> characters = new TreeSet<>();
        text.chars().forEach(ch -> characters.add((char) ch));
        if (eos != null) {
            characters.add(eos);
        }
        StringBuilder vocabulary = new StringBuilder();
        characters.forEach(vocabulary::append);
        int[] ids = text.chars().map(ch -> vocabulary.indexOf(String.valueOf((char) ch))).toArray();
        if (ids.length < settings.sequence() + 2) {
            throw new IllegalArgumentException("The text is shorter than one training sequence.");
        }
        Engine engine = Engine.getEngine(ModelEngines.PYTORCH);
        engine.setRandomSeed((int) settings.seed());
        Random random = new Random(settings.seed());
        int width = vocabulary.length();
        float lastLoss = Float.NaN;
        try (Model model = Model.newInstance("model", engine.getGpuCount() > 0 ? ai.djl.Device.gpu() : ai.djl.Device.cpu(),
                ModelEngines.PYTORCH)) {
            model.setBlock(new CharLstm(width, settings.hidden(), settings.layers()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                            .optClipGrad(5f).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(settings.batch(), settings.sequence()));
                for (int step = 0; step < settings.steps(); step++) {
                    try (NDManager manager = model.getNDManager().newSubManager()) {
                        long[][] inputs = new long[settings.batch()][settings.sequence()];
                        long[][] targets = new long[settings.batch()][settings.sequence()];
                        for (int b = 0; b < settings.batch(); b++) {
                            int offset = random.nextInt(ids.length - settings.sequence() - 1);
                            for (int t = 0; t < settings.sequence(); t++) {
                                inputs[b][t] = ids[offset + t];
                                targets[b][t] = ids[offset + t + 1];
                            }
                        }
                        NDArray x = manager.create(inputs);
                        NDArray y = manager.create(targets);
                        // one gradient collector per process (DJL PyTorch): another training in this process waits a step
                        synchronized (ModelEngines.GRADIENTS) {
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(new NDList(x));
                                // cross-entropy of the next character, over every position of every sequence
                                NDArray loss = out.get(0).logSoftmax(-1).mul(y.oneHot(width)).sum(new int[] {-1}).neg().mean();
                                collector.backward(loss);
                                if (step == settings.steps() - 1) {
                                    lastLoss = loss.getFloat();
                                }
                            }
                        }
                        trainer.step();
                    }
                }
            }
            Path directory = Files.createTempDirectory("char-lstm");
            try {
                model.save(directory, "model");
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("kind", ModelManifest.GENERATION);
                manifest.put("format", ModelManifest.DJL);
                manifest.put("architecture", CharLstm.ARCHITECTURE);
                manifest.put("vocabulary", vocabulary.toString());
                manifest.put("hidden", settings.hidden());
                manifest.put("layers", settings.layers());
                manifest.put("promptTemplate", promptTemplate);
                if (eos != null) {
                    manifest.put("eos", String.valueOf(eos));
                }
                Map<String, byte[]> files = new LinkedHashMap<>();
                files.put(ModelArtifacts.MANIFEST, new ObjectMapper().writeValueAsBytes(manifest));
                files.put("model-0000.params", Files.readAllBytes(directory.resolve("model-0000.params")));
                return new Result(ModelArtifacts.zip(files), lastLoss, (System.nanoTime() - start) / 1_000_000);
            } finally {
                try (var paths = Files.walk(directory)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
