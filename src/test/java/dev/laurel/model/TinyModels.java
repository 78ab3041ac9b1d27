package dev.laurel.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Models made for tests: a char-lstm trained here on text written here, and the bundled MiniLM as a scorer. */
public final class TinyModels {
    /** Opening lines of the README, which the tiny decoder was trained on. */
    public static final java.util.List<String> TINY_GPT_PROMPTS = java.util.List.of(
            "# Lau", "Laurel hosts", "- **Model zip**", "The same jar", "Once labelers vote, a model team",
            "`", "## Model leader", "curl -H");

    private static byte[] chatbot;

    private TinyModels() {
    }

    /** A short question-and-answer text the model can learn in seconds: answers are predictable from questions. */
    public static String corpus() {
        String[][] pairs = {
                {"What color is the sky?", "The sky is blue."},
                {"What color is grass?", "Grass is green."},
                {"What do cats say?", "Cats say meow."},
                {"What do dogs say?", "Dogs say woof."},
                {"Is water wet?", "Yes, water is wet."},
                {"What is two plus two?", "Two plus two is four."},
        };
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            for (String[] pair : pairs) {
                text.append("Q: ").append(pair[0]).append("\nA: ").append(pair[1]).append("\n");
            }
        }
        return text.toString();
    }

    /**
     * Trained once (about a minute on two busy cores) and kept in target/ for the next test JVMs; the
     * file name carries the settings, so changing them trains again.
     */
    public static synchronized byte[] chatbotZip() {
        if (chatbot == null) {
            java.nio.file.Path cache = java.nio.file.Path.of("target", "tiny-chat-" + Integer.toHexString(
                    (corpus() + CharLstmTraining.Settings.SMALL).hashCode()) + ".zip");
            try {
                if (java.nio.file.Files.exists(cache)) {
                    chatbot = java.nio.file.Files.readAllBytes(cache);
                } else {
                    chatbot = CharLstmTraining.train(corpus(), "Q: {prompt}\nA:", '\n', CharLstmTraining.Settings.SMALL).zip();
                    java.nio.file.Files.createDirectories(cache.getParent());
                    java.nio.file.Files.write(cache, chatbot);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return chatbot;
    }

    /** all-MiniLM-L6-v2 (ONNX + tokenizer from the langchain4j jar) packed as a text-scoring upload. */
    public static byte[] miniLmScorerZip() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", ("{\"kind\": \"text-scoring\", \"format\": \"onnx\", \"maxPromptTokens\": 128,"
                + " \"inputs\": [\"input_ids\", \"attention_mask\", \"token_type_ids\"]}").getBytes());
        files.put("model.onnx", resource("all-minilm-l6-v2.onnx"));
        files.put("tokenizer.json", resource("all-minilm-l6-v2-tokenizer.json"));
        return ModelArtifacts.zip(files);
    }

    /**
     * The test decoder of src/test/resources/models/tiny-gpt (made by its make.py): {@code cached} is the
     * graph with its KV cache, otherwise the same weights without one. {@code changes} replace manifest
     * fields (a null value removes the field).
     */
    public static byte[] tinyGptZip(boolean cached, Map<String, Object> changes) {
        String directory = "models/tiny-gpt/" + (cached ? "cached" : "plain") + "/";
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(resource(directory + "manifest.json"));
            changes.forEach((field, value) -> {
                if (value == null) {
                    manifest.remove(field);
                } else {
                    manifest.set(field, json.valueToTree(value));
                }
            });
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("manifest.json", json.writeValueAsBytes(manifest));
            files.put("model.onnx", resource(directory + "model.onnx"));
            files.put("tokenizer.json", resource(directory + "tokenizer.json"));
            return ModelArtifacts.zip(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = TinyModels.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
