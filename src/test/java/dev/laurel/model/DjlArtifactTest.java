package dev.laurel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.platform.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DjlArtifactTest {
    private ModelArtifacts artifacts;
    private Path root;

    @BeforeEach
    void emptyStore() throws IOException {
        root = Files.createTempDirectory("artifacts");
        artifacts = new ModelArtifacts(root, 200_000_000);
    }

    @Test
    void aCharLstmTrainedHereAnswersTheQuestionsItLearned() {
        ModelArtifacts.Stored stored = artifacts.store(TinyModels.chatbotZip());
        assertEquals(ModelArtifacts.sha256(TinyModels.chatbotZip()), stored.sha256());
        try (DjlModel model = artifacts.load(stored.sha256())) {
            List<TextGenerator.Reply> replies = model.generate(
                    List.of("What do cats say?", "What color is the sky?"), new Sampling(0, 1, 60, 1L));
            assertEquals("Cats say meow.", replies.get(0).text());
            assertEquals("The sky is blue.", replies.get(1).text());
            assertTrue(replies.get(0).tokens() > 10);
        }
    }

    @Test
    void aSeedMakesSampledRepliesReproducibleWhateverTheBatch() {
        String sha = artifacts.store(TinyModels.chatbotZip()).sha256();
        try (DjlModel model = artifacts.load(sha)) {
            // an unseen prompt at a high temperature: the model is unsure, so the seed decides
            Sampling hot = new Sampling(2.0, 1, 40, 42L);
            String alone = model.generate(List.of("Tell me a story"), hot).get(0).text();
            String batched = model.generate(List.of("What do dogs say?", "Tell me a story", "x"), hot).get(1).text();
            assertEquals(alone, batched);
            String otherSeed = model.generate(List.of("Tell me a story"), new Sampling(2.0, 1, 40, 43L)).get(0).text();
            assertNotEquals(alone, otherSeed);
        }
    }

    @Test
    void theBundledMiniLmOnnxIsAcceptedAsATextScorer() {
        ModelArtifacts.Stored stored = artifacts.store(TinyModels.miniLmScorerZip());
        assertEquals(ModelManifest.SCORING, stored.manifest().kind());
        try (DjlModel model = artifacts.load(stored.sha256())) {
            float[] scores = model.score(List.of("a cat", "a dog", "quantum chromodynamics"));
            assertEquals(3, scores.length);
            assertNotEquals(scores[0], scores[2]);
        }
    }

    @Test
    void unusableUploadsAreExplainedAndNothingIsStored() throws IOException {
        assertRejected("not a zip".getBytes(), "not a zip file");
        assertRejected(ModelArtifacts.zip(Map.of("model.onnx", new byte[] {1, 2})), "no manifest.json");
        assertRejected(zip("{\"kind\": \"chat\", \"format\": \"onnx\"}", "model.onnx", new byte[] {1}), "'kind' must be");
        assertRejected(zip("{\"kind\": \"text-scoring\", \"format\": \"onnx\", \"color\": 1}", "model.onnx", new byte[] {1}),
                "manifest.json is not valid");
        Map<String, byte[]> corrupt = new LinkedHashMap<>();
        corrupt.put("manifest.json", "{\"kind\": \"text-scoring\", \"format\": \"onnx\"}".getBytes());
        corrupt.put("model.onnx", "garbage, not a graph".getBytes());
        corrupt.put("tokenizer.json", TinyModels.resource("all-minilm-l6-v2-tokenizer.json"));
        assertRejected(ModelArtifacts.zip(corrupt), "could not be loaded as onnx");
        // MiniLM needs token_type_ids: without it the forward pass fails
        Map<String, byte[]> wrongInputs = new LinkedHashMap<>();
        wrongInputs.put("manifest.json", "{\"kind\": \"text-scoring\", \"format\": \"onnx\", \"inputs\": [\"input_ids\"]}".getBytes());
        wrongInputs.put("model.onnx", TinyModels.resource("all-minilm-l6-v2.onnx"));
        wrongInputs.put("tokenizer.json", TinyModels.resource("all-minilm-l6-v2-tokenizer.json"));
        assertRejected(ModelArtifacts.zip(wrongInputs), "forward pass of the model failed");
        try (var left = Files.list(root)) {
            assertFalse(left.findAny().isPresent(), "nothing is kept of rejected uploads");
        }
    }

    @Test
    void anUploadIsStreamedToTheStoreAndTheLimitHoldsWhileCopying() throws IOException {
        ModelUploads uploads = new ModelUploads(root, 1_000_000);
        // an endless body: the limit must stop the copy, so the body is never read (or held) whole
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        Problem tooLarge = assertThrows(Problem.class, () -> uploads.receive(endless));
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.getMessage().contains("larger than the limit of 1000000 bytes"), tooLarge.getMessage());
        assertEquals(List.of(), files(), "nothing of a refused upload is kept");

        byte[] zip = TinyModels.chatbotZip();
        String sha = uploads.receive(new ByteArrayInputStream(zip));
        assertEquals(ModelArtifacts.sha256(zip), sha);
        assertEquals(List.of(uploads.zip(sha)), files());
        ModelArtifacts.Stored stored = artifacts.validate(sha, uploads.zip(sha));
        assertEquals(ModelManifest.GENERATION, stored.manifest().kind());
        assertTrue(Files.isDirectory(artifacts.directory(sha)));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] zip(String manifest, String file, byte[] content) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", manifest.getBytes());
        files.put(file, content);
        return ModelArtifacts.zip(files);
    }

    private void assertRejected(byte[] zip, String reason) {
        ArtifactRejected e = assertThrows(ArtifactRejected.class, () -> artifacts.store(zip));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
