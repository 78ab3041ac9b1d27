package dev.laurel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real ONNX generation graph (a word bigram model written here) through the artifact store and DJL. */
class OnnxGenerationTest {
    private static final List<String> CORPUS = List.of(
            "one two three four five six seven eight nine ten",
            "red green blue",
            "cats say meow",
            "dogs say woof");

    private static DjlModel load(boolean batched) throws IOException {
        ModelArtifacts artifacts = new ModelArtifacts(Files.createTempDirectory("onnx-artifacts"), 50_000_000);
        return artifacts.load(artifacts.store(new BigramOnnx(CORPUS).zip(batched)).sha256());
    }

    @Test
    void greedyRepliesFollowTheLearnedChainAndStopAtEndOfText() throws IOException {
        try (DjlModel model = load(false)) {
            List<TextGenerator.Reply> replies = model.generate(List.of("three", "cats say", "red"), new Sampling(0, 1, 20, 1L));
            assertEquals("four five six seven eight nine ten", replies.get(0).text());
            assertEquals("meow", replies.get(1).text());
            assertEquals("green blue", replies.get(2).text());
            assertEquals(8, replies.get(0).tokens(), "seven words and the end-of-text token");
        }
    }

    @Test
    void paddedBatchesGiveExactlyTheRepliesOfOneAtATime() throws IOException {
        Sampling hot = new Sampling(3.0, 1, 12, 99L); // hot: the seed, not the counts, decides
        List<String> prompts = List.of("one two three", "dogs", "blue", "nine ten", "say");
        List<TextGenerator.Reply> alone;
        try (DjlModel model = load(false)) {
            assertTrue(!model.manifest().batchesPrompts());
            alone = model.generate(prompts, hot);
        }
        try (DjlModel model = load(true)) {
            assertTrue(model.manifest().batchesPrompts());
            List<TextGenerator.Reply> together = model.generate(prompts, hot);
            assertEquals(alone.stream().map(TextGenerator.Reply::text).toList(), together.stream().map(TextGenerator.Reply::text).toList());
            assertEquals(alone.stream().map(TextGenerator.Reply::tokens).toList(), together.stream().map(TextGenerator.Reply::tokens).toList());
            assertEquals("four five six seven eight nine ten", model.generate(List.of("three"), new Sampling(0, 1, 20, 1L)).get(0).text());
            String otherSeed = model.generate(prompts, new Sampling(3.0, 1, 12, 100L)).stream()
                    .map(TextGenerator.Reply::text).toList().toString();
            assertNotEquals(together.stream().map(TextGenerator.Reply::text).toList().toString(), otherSeed);
        }
    }

    @Test
    void aPadTokenWithoutAnAttentionMaskIsRefused() {
        ModelManifest manifest = new ModelManifest("text-generation", "onnx", null, null, null, null, null, null, 0L, 20,
                null, List.of("input_ids"), 1L, null, null, null, null);
        assertTrue(manifest.problems().stream().anyMatch(p -> p.contains("'padTokenId'")), manifest.problems().toString());
    }
}
