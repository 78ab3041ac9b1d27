package dev.laurel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json} of a model zip: what the model does and how Laurel runs it.
 *
 * <pre>
 * {"kind": "text-generation" | "text-scoring",
 *  "format": "torchscript" (model.pt) | "onnx" (model.onnx) | "djl" (model-0000.params),
 *  "architecture": "char-lstm"          (format djl: the block Laurel builds; "vocabulary", "hidden", "layers"),
 *  "promptTemplate": "Q: {prompt}\nA: " (generation: how a prompt is fed; default "{prompt}"),
 *  "chatTemplate": "{% for m in messages %}…{% endfor %}" (generation: a Hugging Face chat template, Jinja; when
 *                  given, a conversation is rendered with it instead of promptTemplate, see {@link ChatTemplate}),
 *  "bosToken": "&lt;s&gt;"            (the chat template's bos_token; its eos_token is "eos"),
 *  "eos": "\n" | "eosTokenId": 2        (generation: where a reply ends),
 *  "maxTokens": 256, "maxPromptTokens": 512,
 *  "inputs": ["input_ids", "attention_mask", "position_ids"]   (torchscript/onnx: tensors fed, in order),
 *  "padTokenId": 0                      (prompts may run as one left-padded, masked batch),
 *  "cache": {"layers": 2, "heads": 4, "headSize": 32}   (onnx: the graph's KV cache, see {@link KvCache}),
 *  "maxBatch": 8                        (with a cache: sequences decoded together; the rest wait and join)}
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(String kind, String format, String architecture, String vocabulary, Integer hidden,
                            Integer layers, String promptTemplate, String eos, Long eosTokenId, Integer maxTokens,
                            Integer maxPromptTokens, List<String> inputs, Long padTokenId, String chatTemplate,
                            String bosToken, KvCache cache, Integer maxBatch) {
    public static final String GENERATION = "text-generation";
    public static final String SCORING = "text-scoring";
    public static final String TORCHSCRIPT = "torchscript";
    public static final String ONNX = "onnx";
    public static final String DJL = "djl";
    private static final List<String> KNOWN_INPUTS = List.of("input_ids", "attention_mask", "token_type_ids", "position_ids");

    /** Every problem with the manifest, as sentences; empty when it is usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!GENERATION.equals(kind) && !SCORING.equals(kind)) {
            problems.add("manifest.json: 'kind' must be \"text-generation\" or \"text-scoring\".");
        }
        if (!TORCHSCRIPT.equals(format) && !ONNX.equals(format) && !DJL.equals(format)) {
            problems.add("manifest.json: 'format' must be \"torchscript\", \"onnx\" or \"djl\".");
        }
        if (DJL.equals(format)) {
            if (!CharLstm.ARCHITECTURE.equals(architecture)) {
                problems.add("manifest.json: format \"djl\" needs 'architecture' \"char-lstm\" (the one Laurel knows).");
            }
            if (vocabulary == null || vocabulary.length() < 2 || vocabulary.length() > 4096) {
                problems.add("manifest.json: a char-lstm needs a 'vocabulary' of 2 to 4096 characters.");
            } else if (vocabulary.chars().distinct().count() != vocabulary.length()) {
                problems.add("manifest.json: 'vocabulary' lists a character twice.");
            }
            if (hidden == null || hidden < 1 || hidden > 4096 || layers == null || layers < 1 || layers > 8) {
                problems.add("manifest.json: a char-lstm needs 'hidden' (1-4096) and 'layers' (1-8).");
            }
            if (SCORING.equals(kind)) {
                problems.add("manifest.json: a char-lstm generates text; its 'kind' must be \"text-generation\".");
            }
            if (eos != null && eos.length() != 1) {
                problems.add("manifest.json: 'eos' of a char-lstm is one character.");
            }
        }
        if (maxTokens != null && (maxTokens < 1 || maxTokens > 8192)) {
            problems.add("manifest.json: 'maxTokens' must be between 1 and 8192.");
        }
        if (maxPromptTokens != null && (maxPromptTokens < 1 || maxPromptTokens > 32768)) {
            problems.add("manifest.json: 'maxPromptTokens' must be between 1 and 32768.");
        }
        if (promptTemplate != null && (!promptTemplate.contains("{prompt}") || promptTemplate.length() > 2000)) {
            problems.add("manifest.json: 'promptTemplate' must contain {prompt} and be at most 2000 characters.");
        }
        if (chatTemplate != null) {
            if (!GENERATION.equals(kind)) {
                problems.add("manifest.json: 'chatTemplate' applies to text-generation models only.");
            } else {
                problems.addAll(ChatTemplate.problems(chatTemplate));
            }
        }
        if (padTokenId != null && (padTokenId < 0 || !inputsOrDefault().contains("attention_mask"))) {
            problems.add("manifest.json: 'padTokenId' (for batched generation) must be 0 or more, and 'inputs' must"
                    + " include attention_mask so that the model can ignore the padding.");
        }
        if (inputs != null && (inputs.isEmpty() || !KNOWN_INPUTS.containsAll(inputs))) {
            problems.add("manifest.json: 'inputs' may list only input_ids, attention_mask, token_type_ids and position_ids.");
        }
        if (cache != null) {
            if (!ONNX.equals(format) || !GENERATION.equals(kind)) {
                problems.add("manifest.json: a 'cache' is read from ONNX text-generation graphs only.");
            }
            if (!inputsOrDefault().contains("attention_mask")) {
                problems.add("manifest.json: a graph with a 'cache' must take attention_mask (listed in 'inputs'),"
                        + " which covers the past and the new positions.");
            }
            problems.addAll(cache.problems());
        }
        if (maxBatch != null && (maxBatch < 1 || maxBatch > 256)) {
            problems.add("manifest.json: 'maxBatch' must be between 1 and 256.");
        }
        return problems;
    }

    public boolean isGeneration() {
        return GENERATION.equals(kind);
    }

    /** The file the format loads from. */
    public String modelFile() {
        return switch (format) {
            case TORCHSCRIPT -> "model.pt";
            case ONNX -> "model.onnx";
            default -> "model-0000.params";
        };
    }

    public boolean needsTokenizer() {
        return !DJL.equals(format);
    }

    public String prompt(String text) {
        return promptTemplate == null ? text : promptTemplate.replace("{prompt}", text);
    }

    /**
     * Whether several prompts may run as one padded batch: only when the graph takes an attention
     * mask and the manifest names the pad token (an arbitrary graph's padding convention is unknown).
     */
    public boolean batchesPrompts() {
        return padTokenId != null && inputsOrDefault().contains("attention_mask");
    }

    /** Sequences a cached graph decodes at once (default 8); more prompts wait and join as others finish. */
    public int maxBatchOrDefault() {
        return maxBatch == null ? 8 : maxBatch;
    }

    public int maxPromptTokensOrDefault() {
        return maxPromptTokens == null ? 512 : maxPromptTokens;
    }

    public List<String> inputsOrDefault() {
        return inputs == null ? List.of("input_ids", "attention_mask") : inputs;
    }

    /**
     * The KV cache of a decoder graph, in the layout Hugging Face Optimum exports: for each layer
     * {@code i}, inputs {@code past_key_values.{i}.key/value} and outputs {@code present.{i}.key/value},
     * each (batch, heads, positions, headSize); a present covers the past and the new positions, and
     * attention_mask covers both. Other names may be given with {@code {i}} where the layer goes. The
     * cache is float32.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KvCache(Integer layers, Integer heads, Integer headSize, String pastKey, String pastValue) {
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (layers == null || layers < 1 || layers > 256 || heads == null || heads < 1 || heads > 1024
                    || headSize == null || headSize < 1 || headSize > 4096) {
                problems.add("manifest.json: 'cache' needs 'layers' (1-256), 'heads' (1-1024) and 'headSize' (1-4096).");
            }
            for (String name : new String[] {pastKey, pastValue}) {
                if (name != null && (!name.contains("{i}") || name.length() > 200)) {
                    problems.add("manifest.json: cache tensor names must contain {i} (the layer) and be at most 200 characters.");
                    break;
                }
            }
            return problems;
        }

        /** The graph inputs carrying layer {@code i}'s past: key, value. */
        List<String> past(int i) {
            return List.of(name(pastKey, "past_key_values.{i}.key", i), name(pastValue, "past_key_values.{i}.value", i));
        }

        private static String name(String given, String optimum, int layer) {
            return (given == null ? optimum : given).replace("{i}", Integer.toString(layer));
        }
    }
}
