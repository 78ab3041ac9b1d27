package dev.laurel.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real ONNX text generator made here without any ML toolkit: a word bigram model counted from a
 * corpus, written as an ONNX graph (logits = Gather(table, input_ids)) in protobuf wire format, with
 * a Hugging Face WordLevel tokenizer.json. Its next-token logits depend only on the last token, so
 * left padding cannot change a reply: batched and one-at-a-time generation must agree exactly.
 */
final class BigramOnnx {
    static final String EOS = "<eos>";
    static final String PAD = "<pad>";
    static final String UNK = "<unk>";

    final List<String> vocabulary = new ArrayList<>(List.of(EOS, PAD, UNK));
    final float[][] logits;

    /** Each line of the corpus is a sentence ending in EOS; counts with add-0.01 smoothing. */
    BigramOnnx(List<String> corpus) {
        Map<String, Integer> index = new LinkedHashMap<>();
        vocabulary.forEach(w -> index.put(w, index.size()));
        for (String line : corpus) {
            for (String word : line.split(" ")) {
                if (!index.containsKey(word)) {
                    index.put(word, index.size());
                    vocabulary.add(word);
                }
            }
        }
        int size = vocabulary.size();
        double[][] counts = new double[size][size];
        for (String line : corpus) {
            String[] words = line.split(" ");
            for (int i = 0; i < words.length; i++) {
                int next = i + 1 < words.length ? index.get(words[i + 1]) : 0;
                counts[index.get(words[i])][next]++;
            }
        }
        logits = new float[size][size];
        for (int a = 0; a < size; a++) {
            double total = 0;
            for (double c : counts[a]) {
                total += c + 0.01;
            }
            for (int b = 0; b < size; b++) {
                logits[a][b] = (float) Math.log((counts[a][b] + 0.01) / total);
            }
        }
    }

    /** The upload zip; {@code batched} declares the pad token so that prompts run as one batch. */
    byte[] zip(boolean batched) {
        return zip(batched, true, 20);
    }

    /** Without {@code stopAtEos} every reply runs to {@code maxTokens} (benchmarks: equal work per reply). */
    byte[] zip(boolean batched, boolean stopAtEos, int maxTokens) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", ("{\"kind\": \"text-generation\", \"format\": \"onnx\","
                + (stopAtEos ? " \"eosTokenId\": 0," : "")
                + " \"maxTokens\": " + maxTokens + ", \"inputs\": [\"input_ids\", \"attention_mask\"]"
                + (batched ? ", \"padTokenId\": 1" : "") + "}").getBytes(StandardCharsets.UTF_8));
        files.put("model.onnx", onnx());
        files.put("tokenizer.json", tokenizer().getBytes(StandardCharsets.UTF_8));
        return ModelArtifacts.zip(files);
    }

    String tokenizer() {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < vocabulary.size(); i++) {
            vocab.append(i == 0 ? "" : ", ").append('"').append(vocabulary.get(i)).append("\": ").append(i);
        }
        return "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": ["
                + special(0, EOS) + ", " + special(1, PAD) + ", " + special(2, UNK) + "],"
                + " \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}, \"post_processor\": null,"
                + " \"decoder\": null, \"model\": {\"type\": \"WordLevel\", \"vocab\": {" + vocab + "}, \"unk_token\": \"" + UNK + "\"}}";
    }

    private static String special(int id, String content) {
        return "{\"id\": " + id + ", \"content\": \"" + content + "\", \"single_word\": false, \"lstrip\": false,"
                + " \"rstrip\": false, \"normalized\": false, \"special\": true}";
    }

    // ---- ONNX (onnx.proto3 field numbers) ----

    byte[] onnx() {
        int size = vocabulary.size();
        ByteBuffer raw = ByteBuffer.allocate(4 * size * size).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : logits) {
            for (float v : row) {
                raw.putFloat(v);
            }
        }
        Proto table = new Proto().int64(1, size).int64(1, size).int32(2, 1 /* FLOAT */).string(8, "table").bytes(9, raw.array());
        Proto gather = new Proto().string(1, "table").string(1, "input_ids").string(2, "logits")
                .string(3, "lookup").string(4, "Gather");
        Proto graph = new Proto().message(1, gather).string(2, "bigram").message(5, table)
                .message(11, valueInfo("input_ids", 7 /* INT64 */, "batch", "time"))
                .message(11, valueInfo("attention_mask", 7, "batch", "time"))
                .message(12, valueInfo("logits", 1, "batch", "time", Integer.toString(size)));
        return new Proto().int64(1, 8 /* IR version */).string(2, "laurel-test").message(7, graph)
                .message(8, new Proto().string(1, "").int64(2, 13)).toBytes();
    }

    /** A tensor's name, element type and shape; numeric dimensions are fixed, others named (dynamic). */
    private static Proto valueInfo(String name, int elementType, String... dims) {
        Proto shape = new Proto();
        for (String dim : dims) {
            shape.message(1, dim.chars().allMatch(Character::isDigit) ? new Proto().int64(1, Long.parseLong(dim)) : new Proto().string(2, dim));
        }
        Proto tensor = new Proto().int32(1, elementType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
    }

    /** Just enough of the protobuf wire format: varints and length-delimited fields. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto int64(int field, long value) {
            varint((long) field << 3);
            varint(value);
            return this;
        }

        Proto int32(int field, int value) {
            return int64(field, value);
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.toBytes());
        }

        Proto bytes(int field, byte[] value) {
            varint(((long) field << 3) | 2);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
