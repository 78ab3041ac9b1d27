package dev.laurel.dataset;

import dev.laurel.campaign.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.laurel.dataset.DatasetWriter.Row;
import dev.laurel.dataset.DatasetWriter.Winner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetWriterTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static Row row(long prompt, Winner winner, String labeler) {
        return new Row(prompt, "q" + prompt, "Why \"is\" the sky blue?\nExplain.",
                List.of(new ChatMessage("user", "Why \"is\" the sky blue?\nExplain.")), 1, 2, "small", "large",
                "Rayleigh.", "Because of scattering, which…", winner, labeler, 1.0, true, AT);
    }

    private static String write(DatasetFormat format, List<List<Row>> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetWriter writer = new DatasetWriter(format, out);
        chunks.forEach(writer::write);
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pairsFileHoldsOneLinePerPromptAndPairWithAMajority() {
        List<Row> rows = List.of(
                row(1, Winner.MODEL_B, "l_1"), row(1, Winner.MODEL_B, "l_2"), row(1, Winner.MODEL_A, "l_3"),
                row(2, Winner.MODEL_A, "l_1"), row(2, Winner.MODEL_B, "l_2"),
                row(3, Winner.TIE, "l_1"), row(3, Winner.BOTH_BAD, "l_2"), row(3, Winner.MODEL_A, "l_3"));

        String text = write(DatasetFormat.PAIRS_JSONL, List.of(rows));

        assertEquals("""
                {"prompt":"Why \\"is\\" the sky blue?\\nExplain.","chosen":"Because of scattering, which…","rejected":"Rayleigh.","margin":0.3333333333333333}
                {"prompt":"Why \\"is\\" the sky blue?\\nExplain.","chosen":"Rayleigh.","rejected":"Because of scattering, which…","margin":0.3333333333333333}
                """, text);
    }

    @Test
    void votesFileHasFixedFieldsInAFixedOrder() {
        String text = write(DatasetFormat.VOTES_JSONL, List.of(List.of(row(1, Winner.BOTH_BAD, "l_ab"))));

        assertEquals("{\"prompt_id\":\"q1\",\"prompt\":\"Why \\\"is\\\" the sky blue?\\nExplain.\",\"model_a\":\"small\","
                + "\"model_b\":\"large\",\"response_a\":\"Rayleigh.\",\"response_b\":\"Because of scattering, which…\","
                + "\"winner\":\"both_bad\",\"labeler\":\"l_ab\",\"reliability\":1.0,\"shown_left\":\"model_a\","
                + "\"created_at\":\"2026-01-02T03:04:05.123456Z\"}\n", text);
    }

    @Test
    void csvQuotesFieldsThatNeedIt() {
        Row row = new Row(1, "q,1", "p", List.of(), 1, 2, "model \"x\"", "y", "a", "b", Winner.MODEL_A, "l_1", 0.5, false, AT);

        String text = write(DatasetFormat.VOTES_CSV, List.of(List.of(row)));

        assertEquals("prompt_id,model_a,model_b,winner,labeler,reliability,shown_left,created_at\n"
                + "\"q,1\",\"model \"\"x\"\"\",y,model_a,l_1,0.5,model_b,2026-01-02T03:04:05.123456Z\n", text);
    }

    @Test
    void chunkingDoesNotChangeTheBytes() {
        List<Row> first = List.of(row(1, Winner.MODEL_A, "l_1"), row(1, Winner.MODEL_A, "l_2"));
        List<Row> second = List.of(row(2, Winner.MODEL_B, "l_1"));
        for (DatasetFormat format : DatasetFormat.values()) {
            List<Row> all = new java.util.ArrayList<>(first);
            all.addAll(second);
            assertEquals(write(format, List.of(all)), write(format, List.of(first, second)), format.name());
        }
    }

    @Test
    void pseudonymsAreStablePerLabelerAndDifferPerSecret() {
        Pseudonyms one = new Pseudonyms("first-secret-of-sixteen");
        Pseudonyms other = new Pseudonyms("other-secret-of-sixteen");

        assertEquals(one.of(42), one.of(42));
        assertNotEquals(one.of(42), one.of(43));
        assertNotEquals(one.of(42), other.of(42));
        assertEquals(34, one.of(42).length());
    }
}
