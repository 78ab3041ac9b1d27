package dev.laurel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.campaign.kind.pairwise.PairwiseAnswer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetWriterTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");
    private static final String PROMPT = "Why \"is\" the sky blue?\nExplain.";

    /** A vote between "small" (candidate 1) and "large" (candidate 2), the choice as the labeler saw the sides. */
    static Answered vote(long prompt, String promptId, Choice choice, boolean isSmallLeft, String labeler, double reliability,
                         String small, String large) {
        Answered.Reply a = new Answered.Reply(10, 1, small, "Rayleigh.");
        Answered.Reply b = new Answered.Reply(20, 2, large, "Because of scattering, which…");
        List<Answered.Reply> shown = isSmallLeft ? List.of(a, b) : List.of(b, a);
        Long preferred = choice == Choice.A ? Long.valueOf(shown.get(0).generationId())
                : choice == Choice.B ? Long.valueOf(shown.get(1).generationId()) : null;
        return new Answered(prompt, promptId, PROMPT, List.of(new ChatMessage("user", PROMPT)), shown,
                new PairwiseAnswer(choice, preferred, null, null), labeler, reliability, AT);
    }

    /** A vote for "small" (+1), "large" (-1) or neither (0: a tie), small shown on the left. */
    private static Answered row(long prompt, int sign, String labeler) {
        return vote(prompt, "q" + prompt, sign > 0 ? Choice.A : sign < 0 ? Choice.B : Choice.TIE, true, labeler, 1.0,
                "small", "large");
    }

    private static String write(DatasetFormat format, List<List<Answered>> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetWriter writer = DatasetWriter.of(Datasets.dataset(TaskKind.PAIRWISE), format, out);
        chunks.forEach(writer::write);
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static DatasetFormat file(String name) {
        return DatasetFormat.ofFileName(name);
    }

    @Test
    void pairsFileHoldsOneLinePerPromptAndPairWithAMajority() {
        List<Answered> rows = List.of(
                row(1, -1, "l_1"), row(1, -1, "l_2"), row(1, 1, "l_3"),
                row(2, 1, "l_1"), row(2, -1, "l_2"),
                row(3, 0, "l_1"), vote(3, "q3", Choice.BOTH_BAD, true, "l_2", 1.0, "small", "large"), row(3, 1, "l_3"));

        String text = write(DatasetFormat.PAIRS_JSONL, List.of(rows));

        assertEquals("""
                {"prompt":"Why \\"is\\" the sky blue?\\nExplain.","chosen":"Because of scattering, which…","rejected":"Rayleigh.","margin":0.3333333333333333}
                {"prompt":"Why \\"is\\" the sky blue?\\nExplain.","chosen":"Rayleigh.","rejected":"Because of scattering, which…","margin":0.3333333333333333}
                """, text);
    }

    @Test
    void votesFileHasFixedFieldsInAFixedOrder() {
        String text = write(file("votes.jsonl"), List.of(List.of(
                vote(1, "q1", Choice.BOTH_BAD, true, "l_ab", 1.0, "small", "large"))));

        assertEquals("{\"prompt_id\":\"q1\",\"prompt\":\"Why \\\"is\\\" the sky blue?\\nExplain.\",\"model_a\":\"small\","
                + "\"model_b\":\"large\",\"response_a\":\"Rayleigh.\",\"response_b\":\"Because of scattering, which…\","
                + "\"winner\":\"both_bad\",\"labeler\":\"l_ab\",\"reliability\":1.0,\"shown_left\":\"model_a\","
                + "\"created_at\":\"2026-01-02T03:04:05.123456Z\"}\n", text);
    }

    @Test
    void votesAreSideFreeWhicheverSideTheLabelerSawModelAOn() {
        // "large" shown on the left and chosen (A): model B won, and model A was on the right
        String text = write(file("votes.jsonl"), List.of(List.of(
                vote(1, "q1", Choice.A, false, "l_ab", 1.0, "small", "large"))));

        assertEquals(true, text.contains("\"model_a\":\"small\",\"model_b\":\"large\",\"response_a\":\"Rayleigh.\""), text);
        assertEquals(true, text.contains("\"winner\":\"model_b\",\"labeler\":\"l_ab\",\"reliability\":1.0,\"shown_left\":\"model_b\""), text);
    }

    @Test
    void csvQuotesFieldsThatNeedIt() {
        Answered row = vote(1, "q,1", Choice.B, false, "l_1", 0.5, "model \"x\"", "y");

        String text = write(file("votes.csv"), List.of(List.of(row)));

        assertEquals("prompt_id,model_a,model_b,winner,labeler,reliability,shown_left,created_at\n"
                + "\"q,1\",\"model \"\"x\"\"\",y,model_a,l_1,0.5,model_b,2026-01-02T03:04:05.123456Z\n", text);
    }

    @Test
    void chunkingDoesNotChangeTheBytes() {
        List<Answered> first = List.of(row(1, 1, "l_1"), row(1, 1, "l_2"));
        List<Answered> second = List.of(row(2, -1, "l_1"));
        for (DatasetFormat format : DatasetFormat.of(TaskKind.PAIRWISE)) {
            if (format.isAnnotationTool()) {
                continue;
            }
            List<Answered> all = new java.util.ArrayList<>(first);
            all.addAll(second);
            assertEquals(write(format, List.of(all)), write(format, List.of(first, second)), format.fileName());
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
