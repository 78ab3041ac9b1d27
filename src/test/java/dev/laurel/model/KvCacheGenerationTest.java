package dev.laurel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tiny GPT of src/test/resources/models/tiny-gpt, exported with and without its KV cache from the
 * same weights: greedy generation must give the same tokens either way, alone, in a mixed-length batch,
 * and when prompts wait for a free row and join a batch already decoding.
 */
class KvCacheGenerationTest {
    private static final Sampling GREEDY = new Sampling(0, 1, 48, 1L);

    private static DjlModel load(boolean cached, Map<String, Object> changes) throws IOException {
        ModelArtifacts artifacts = new ModelArtifacts(Files.createTempDirectory("kv-artifacts"), 50_000_000);
        return artifacts.load(artifacts.store(TinyModels.tinyGptZip(cached, changes)).sha256());
    }

    private static List<String> texts(List<TextGenerator.Reply> replies) {
        return replies.stream().map(TextGenerator.Reply::text).toList();
    }

    private static List<Integer> tokens(List<TextGenerator.Reply> replies) {
        return replies.stream().map(TextGenerator.Reply::tokens).toList();
    }

    @Test
    void cachedGreedyRepliesEqualUncachedOnesTokenForToken() throws IOException {
        List<String> prompts = TinyModels.TINY_GPT_PROMPTS;
        List<TextGenerator.Reply> alone;
        List<TextGenerator.Reply> batched;
        try (DjlModel plain = load(false, Map.of())) {
            assertTrue(plain.manifest().cache() == null);
            alone = prompts.stream().map(p -> plain.generate(List.of(p), GREEDY).get(0)).toList();
            batched = plain.generate(prompts, GREEDY);
        }
        assertEquals(texts(alone), texts(batched), "left padding must not change an uncached reply");
        assertTrue(alone.stream().allMatch(r -> !r.text().isBlank()), texts(alone).toString());

        try (DjlModel cached = load(true, Map.of())) {
            assertEquals(3, cached.manifest().cache().layers());
            for (int i = 0; i < prompts.size(); i++) {
                TextGenerator.Reply one = cached.generate(List.of(prompts.get(i)), GREEDY).get(0);
                assertEquals(alone.get(i).text(), one.text(), "batch 1, prompt " + prompts.get(i));
                assertEquals(alone.get(i).tokens(), one.tokens());
            }
            List<TextGenerator.Reply> together = cached.generate(prompts, GREEDY);
            assertEquals(texts(alone), texts(together), "a mixed-length batch");
            assertEquals(tokens(alone), tokens(together));
        }
        // three rows for eight prompts: five wait and join as replies finish
        try (DjlModel cached = load(true, Map.of("maxBatch", 3))) {
            List<TextGenerator.Reply> joined = cached.generate(prompts, GREEDY);
            assertEquals(texts(alone), texts(joined), "prompts that joined a running batch");
            assertEquals(tokens(alone), tokens(joined));
        }
    }

    @Test
    void seededSamplingGivesTheSameRepliesWhenFinishedRowsLeaveAndWaitingPromptsJoin() throws IOException {
        Sampling hot = new Sampling(1.0, 1, 120, 7L); // the tiny model's greedy text never ends; sampled text does
        List<String> prompts = TinyModels.TINY_GPT_PROMPTS;
        List<TextGenerator.Reply> alone;
        try (DjlModel plain = load(false, Map.of())) {
            alone = prompts.stream().map(p -> plain.generate(List.of(p), hot).get(0)).toList();
        }
        assertTrue(tokens(alone).stream().distinct().count() > 3, "replies of mixed lengths: " + tokens(alone));
        assertTrue(tokens(alone).stream().anyMatch(t -> t < hot.maxTokens()), "some reply ends at <eos>: " + tokens(alone));
        try (DjlModel cached = load(true, Map.of("maxBatch", 3))) {
            List<TextGenerator.Reply> joined = cached.generate(prompts, hot);
            assertEquals(texts(alone), texts(joined));
            assertEquals(tokens(alone), tokens(joined));
        }
    }

    @Test
    void withoutAPadTokenCachedPromptsRunOneAtATimeWithTheSameReplies() throws IOException {
        Map<String, Object> noPad = new HashMap<>();
        noPad.put("padTokenId", null);
        List<String> prompts = TinyModels.TINY_GPT_PROMPTS.subList(0, 3);
        try (DjlModel cached = load(true, noPad); DjlModel withPad = load(true, Map.of())) {
            assertTrue(!cached.manifest().batchesPrompts());
            assertEquals(texts(withPad.generate(prompts, GREEDY)), texts(cached.generate(prompts, GREEDY)));
        }
    }

    @Test
    void aReplyRunsToTheTokenLimitWhenTheManifestNamesNoEndToken() throws IOException {
        Map<String, Object> noEos = new HashMap<>();
        noEos.put("eosTokenId", null);
        try (DjlModel cached = load(true, noEos)) {
            List<TextGenerator.Reply> replies = cached.generate(TinyModels.TINY_GPT_PROMPTS.subList(0, 2), new Sampling(0, 1, 200, 1L));
            assertEquals(List.of(200, 200), tokens(replies));
        }
    }

    @Test
    void aCacheIsRefusedWhereLaurelCannotFeedIt() {
        ModelManifest.KvCache cache = new ModelManifest.KvCache(2, 4, 16, null, null);
        ModelManifest torchscript = new ModelManifest("text-generation", "torchscript", null, null, null, null, null, null, 0L,
                20, null, null, 1L, null, null, cache, null);
        assertTrue(torchscript.problems().stream().anyMatch(p -> p.contains("ONNX text-generation graphs only")), torchscript.problems().toString());
        ModelManifest noMask = new ModelManifest("text-generation", "onnx", null, null, null, null, null, null, 0L,
                20, null, List.of("input_ids"), null, null, null, cache, 0);
        assertTrue(noMask.problems().stream().anyMatch(p -> p.contains("attention_mask")), noMask.problems().toString());
        assertTrue(noMask.problems().stream().anyMatch(p -> p.contains("'maxBatch'")), noMask.problems().toString());
        ModelManifest badNames = new ModelManifest("text-generation", "onnx", null, null, null, null, null, null, 0L,
                20, null, null, 1L, null, null, new ModelManifest.KvCache(2, 4, 16, "past.key", null), null);
        assertTrue(badNames.problems().stream().anyMatch(p -> p.contains("{i}")), badNames.problems().toString());
        assertEquals(List.of("past_key_values.1.key", "past_key_values.1.value"), cache.past(1));
    }

    @Test
    void aCacheThatDoesNotMatchTheGraphIsRejectedAtUploadWithTheReason() throws IOException {
        ModelArtifacts artifacts = new ModelArtifacts(Files.createTempDirectory("kv-artifacts"), 50_000_000);
        ArtifactRejected layers = assertThrows(ArtifactRejected.class, () -> artifacts.store(TinyModels.tinyGptZip(true,
                Map.of("cache", Map.of("layers", 4, "heads", 4, "headSize", 24)))));
        assertTrue(layers.getMessage().contains("the manifest's 'inputs' and 'cache' declare"), layers.getMessage());
        ArtifactRejected heads = assertThrows(ArtifactRejected.class, () -> artifacts.store(TinyModels.tinyGptZip(true,
                Map.of("cache", Map.of("layers", 3, "heads", 2, "headSize", 48)))));
        assertTrue(heads.getMessage().contains("past_key_values.0.key"), heads.getMessage());
    }
}
