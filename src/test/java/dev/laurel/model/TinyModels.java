package dev.laurel.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Models made for tests: a char-lstm trained here on text written here, and the bundled MiniLM as a scorer. */
public final class TinyModels {
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

    static byte[] resource(String name) {
        try (InputStream in = TinyModels.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
