package dev.laurel.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.campaign.kind.DatasetRows.Column;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the files back with DuckDB, a reader that shares no code with the writer. */
class ParquetFileTest {
    private static final List<Column> COLUMNS = List.of(Column.string("prompt_id"), Column.messages("prompt"),
            Column.messages("chosen"), Column.float64("margin"), Column.int64("votes"), Column.strings("ranking"));

    @TempDir
    Path dir;

    private static byte[] write(List<Object[]> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParquetFile file = new ParquetFile(out, COLUMNS);
        rows.forEach(file::add);
        file.finish();
        return out.toByteArray();
    }

    private static List<List<String>> messages(String... roleThenContent) {
        List<List<String>> messages = new ArrayList<>();
        for (int i = 0; i < roleThenContent.length; i += 2) {
            messages.add(List.of(roleThenContent[i], roleThenContent[i + 1]));
        }
        return messages;
    }

    private static List<Map<String, Object>> query(Path file, String sql) throws Exception {
        return DuckDb.query(sql.replace("FILE", "'" + file + "'"));
    }

    @Test
    void duckDbReadsTheSchemaAndEveryRowIncludingNestedMessageLists() throws Exception {
        Path file = dir.resolve("train-00000-of-00001.parquet");
        Files.write(file, write(List.of(
                new Object[] {"q1", messages("system", "Be brief.", "user", "Why is the sky blue? «ünïcödé» 🌤"),
                        messages("assistant", "Rayleigh scattering."), 0.5, 3L, List.of("gpt", "llama")},
                new Object[] {null, messages(), messages("assistant", ""), null, null, List.of()},
                new Object[] {"q,3\n\"quoted\"", messages("user", "x"), messages("assistant", "y"), 1.0, 0L, List.of("one")})));

        List<Map<String, Object>> schema = query(file, "select column_name, column_type from (describe select * from FILE)");
        assertEquals(List.of("prompt_id VARCHAR", "prompt STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]",
                        "chosen STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]", "margin DOUBLE", "votes BIGINT", "ranking VARCHAR[]"),
                schema.stream().map(r -> r.get("column_name") + " " + r.get("column_type")).toList());

        List<Map<String, Object>> rows = query(file, "select prompt_id, len(prompt) as turns, prompt[1].role as first_role, "
                + "prompt[2].content as second_content, chosen[1].content as chosen, margin, votes, "
                + "array_to_string(ranking, '|') as ranking, len(ranking) as ranked, prompt is null as no_prompt from FILE");
        assertEquals(3, rows.size());
        assertEquals(List.of("q1", 2L, "system", "Why is the sky blue? «ünïcödé» 🌤", "Rayleigh scattering.", 0.5, 3L, "gpt|llama",
                2L, false), List.copyOf(rows.get(0).values()));
        Map<String, Object> empty = rows.get(1);
        assertEquals(java.util.Arrays.asList(null, 0L, "", null, null, 0L, false), java.util.Arrays.asList(empty.get("prompt_id"),
                empty.get("turns"), empty.get("chosen"), empty.get("margin"), empty.get("votes"), empty.get("ranked"),
                empty.get("no_prompt")), "nulls stay null and empty lists stay empty (not null)");
        assertEquals(List.of("q,3\n\"quoted\"", 1L, "user", 1.0, 0L, "one"),
                List.of(rows.get(2).get("prompt_id"), rows.get(2).get("turns"), rows.get(2).get("first_role"),
                        rows.get(2).get("margin"), rows.get(2).get("votes"), rows.get(2).get("ranking")));
    }

    @Test
    void manyRowGroupsReadAsOneTableAndTheBytesAreTheSameEveryTime() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        String filler = "x".repeat(4096);
        // enough text to need several row groups
        for (int i = 0; i < 3 * ParquetFile.ROW_GROUP_BYTES / (3 * filler.length()) + 10; i++) {
            rows.add(new Object[] {"q" + i, messages("user", filler), messages("assistant", filler + i), (double) i, (long) i,
                    List.of(filler)});
        }
        byte[] bytes = write(rows);
        assertArrayEquals(bytes, write(rows));
        Path file = dir.resolve("many.parquet");
        Files.write(file, bytes);

        Map<String, Object> totals = query(file, "select count(*) as n, sum(votes) as s, count(distinct prompt_id) as d, "
                + "max(length(chosen[1].content)) as longest from FILE").get(0);
        long n = rows.size();
        assertEquals(n, ((Number) totals.get("n")).longValue());
        assertEquals(n * (n - 1) / 2, ((Number) totals.get("s")).longValue());
        assertEquals(n, ((Number) totals.get("d")).longValue());
        assertEquals((long) (filler + (n - 1)).length(), ((Number) totals.get("longest")).longValue());
        long groups = ((Number) query(file, "select count(distinct row_group_id) as g from parquet_metadata(FILE)").get(0).get("g")).longValue();
        assertEquals(true, groups > 1, "several row groups, got " + groups);
    }

    @Test
    void anEmptyTableIsAValidFile() throws Exception {
        Path file = dir.resolve("empty.parquet");
        Files.write(file, write(List.of()));

        assertEquals(0L, ((Number) query(file, "select count(*) as n from FILE").get(0).get("n")).longValue());
        assertEquals(6, query(file, "describe select * from FILE").size());
    }
}
