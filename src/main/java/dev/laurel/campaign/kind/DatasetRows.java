package dev.laurel.campaign.kind;

import dev.laurel.campaign.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind's dataset, declared once in the kind's folder ({@link KindSpec#dataset}): the tables its answers make, the
 * files and Hugging Face configs each table fills, and, for kinds whose answers compare replies, those comparisons
 * (the dataset's preference pairs, in TRL's formats). The dataset feature writes any table as JSONL, CSV or Parquet
 * with one writer, so these are descriptions only: names, types and values, no I/O.
 *
 * @param files       the kind's own files in the order a snapshot lists them; the first is the snapshot's canonical
 *                    content (every answer, with texts)
 * @param configs     the kind's own Hugging Face configs, after the preference configs when there are comparisons
 * @param item        what an answer is about, by candidate ids (none for a ranking or a label of the prompt alone):
 *                    rows are ordered by prompt, then this, then acceptance, and per-item tables group by it
 * @param comparisons the comparisons an answer makes, or null when the kind's answers compare nothing
 * @param consensus   how the dataset reduces the answers, in a sentence for the dataset card
 * @param toolItem    the answers about one item (one prompt, the same shown replies) as the annotation tools' files
 *                    show them
 */
public record DatasetRows(List<File> files, List<Config> configs, Function<Answered, List<Long>> item,
                          Function<Answered, List<Comparison>> comparisons, String consensus,
                          Function<List<Answered>, ToolItem> toolItem) {

    /** What a column holds; a JSON column (nested objects, written to JSONL only) holds maps, lists and scalars. */
    public enum Type { STRING, DOUBLE, INT64, BOOLEAN, STRING_LIST, STRUCT_LIST, JSON }

    /**
     * One column of a table.
     *
     * @param fields the string fields of each struct of a {@link Type#STRUCT_LIST}, in order; empty otherwise
     */
    public record Column(String name, Type type, List<String> fields) {
        public static Column string(String name) {
            return new Column(name, Type.STRING, List.of());
        }

        public static Column float64(String name) {
            return new Column(name, Type.DOUBLE, List.of());
        }

        public static Column int64(String name) {
            return new Column(name, Type.INT64, List.of());
        }

        public static Column bool(String name) {
            return new Column(name, Type.BOOLEAN, List.of());
        }

        public static Column strings(String name) {
            return new Column(name, Type.STRING_LIST, List.of());
        }

        public static Column structs(String name, String... fields) {
            return new Column(name, Type.STRUCT_LIST, List.of(fields));
        }

        /** Chat messages: a list of {role, content}, whose values {@link #messages(List)} makes. */
        public static Column messages(String name) {
            return structs(name, "role", "content");
        }

        public static Column json(String name) {
            return new Column(name, Type.JSON, List.of());
        }

        public Column named(String other) {
            return new Column(other, type, fields);
        }
    }

    /**
     * The rows of a group of answers: one answer, or for a per-item table the answers about one item (consecutive
     * in file order).
     */
    @FunctionalInterface
    public interface Rows {
        /**
         * @param number the group's place in the file, from 1
         * @return rows of values, one per column in column order: a STRING a String (or null), a DOUBLE a Double, an
         *         INT64 a Number, a STRING_LIST a list of String, a STRUCT_LIST a list of lists of String (a struct's
         *         fields in order)
         */
        List<List<Object>> of(List<Answered> group, long number);
    }

    /** A table: its columns and how answers fill them, one group of answers at a time. */
    public record Table(List<Column> columns, boolean isPerItem, Rows rows) {
        /** A table with one row per answer. */
        public static Table perAnswer(List<Column> columns, Function<Answered, List<Object>> row) {
            return new Table(columns, false, (group, number) -> List.of(row.apply(group.get(0))));
        }

        /** A table with one row per item: the answers about one reply (or the prompt alone). */
        public static Table perItem(List<Column> columns, Function<List<Answered>, List<Object>> row) {
            return new Table(columns, true, (group, number) -> List.of(row.apply(group)));
        }

        /** The same rows with only these columns (CSV files leave out the texts), in this order. */
        public Table only(List<String> names) {
            List<Integer> picked = names.stream().map(this::index).toList();
            List<Column> kept = picked.stream().map(columns::get).toList();
            return new Table(kept, isPerItem, (group, number) -> rows.of(group, number).stream()
                    .map(row -> picked.stream().map(row::get).toList()).toList());
        }

        /** The same rows with the columns renamed, in column order. */
        public Table named(List<String> names) {
            List<Column> renamed = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                renamed.add(columns.get(i).named(names.get(i)));
            }
            return new Table(renamed, isPerItem, rows);
        }

        private int index(String name) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + name);
        }
    }

    /** How a file is written: JSON lines (every column) or CSV (a header, then flat values). */
    public enum Format { JSONL, CSV }

    /** A file of a snapshot: {@code table} written as {@code format}. */
    public record File(String name, Format format, Table table) {
        public static File jsonl(String name, Table table) {
            return new File(name, Format.JSONL, table);
        }

        public static File csv(String name, Table table) {
            return new File(name, Format.CSV, table);
        }
    }

    /** A Hugging Face config: one Parquet table per split in {@code folder}, described in a phrase for the card. */
    public record Config(String name, String folder, String description, Table table) {
    }

    /**
     * One item of the annotation tools' files: a Label Studio task ({@code data}, then an annotation per answer with
     * its {@code results}) and an Argilla record ({@code fields}, {@code metadata}, and per question the answers'
     * {@code responses}). Values are JSON: maps (in order), lists, strings, numbers.
     *
     * @param results   per answer, its Label Studio results
     * @param questions the Argilla questions, in order
     * @param responses per answer, its value for each question it answered
     */
    public record ToolItem(Map<String, Object> data, List<List<ToolResult>> results, Map<String, Object> fields,
                           Map<String, Object> metadata, List<String> questions, List<Map<String, Object>> responses) {
    }

    /** A Label Studio result: the control it comes from, what it labels, the control's type and its value. */
    public record ToolResult(String from, String to, String type, Map<String, Object> value) {
    }

    /**
     * The annotation-tool item of answers about one reply, or the prompt alone when {@code reply} is null: Label Studio
     * data and Argilla fields show the prompt and the reply.
     */
    public static ToolItem replyItem(List<Answered> answers, Answered.Reply reply, Function<Answered, List<ToolResult>> results,
                                     List<String> questions, Function<Answered, Map<String, Object>> responses) {
        Answered first = answers.get(0);
        Map<String, Object> data = fields("prompt_id", first.promptId(), "prompt", first.prompt());
        Map<String, Object> fields = fields("prompt", first.prompt());
        Map<String, Object> metadata = fields("prompt_id", first.promptId());
        if (reply != null) {
            data.putAll(fields("model", reply.model(), "response", reply.text()));
            fields.put("response", reply.text());
            metadata.put("model", reply.model());
        }
        return new ToolItem(data, answers.stream().map(results).toList(), fields, metadata, questions,
                answers.stream().map(responses).toList());
    }

    /** An ordered JSON object of these names and values: "name", value, "name", value, … */
    public static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** Whether the kind's answers compare replies, so its dataset has preference pairs. */
    public boolean hasComparisons() {
        return comparisons != null;
    }

    /** The columns every answer's row ends with: who gave it (a pseudonym), their reliability and when. */
    public static final List<Column> VOTER = List.of(Column.string("labeler"), Column.float64("reliability"),
            Column.string("created_at"));

    /** The values of the {@link #VOTER} columns. */
    public static List<Object> voter(Answered answer) {
        return List.of(answer.labeler(), answer.reliability(), answer.createdAt().toString());
    }

    /** The {@link #VOTER} columns as the fields of a JSON object, after {@code fields}. */
    public static Map<String, Object> withVoter(Map<String, Object> fields, Answered answer) {
        Map<String, Object> object = new LinkedHashMap<>(fields);
        for (int i = 0; i < VOTER.size(); i++) {
            object.put(VOTER.get(i).name(), voter(answer).get(i));
        }
        return object;
    }

    /** A row: these values, then the {@link #VOTER} values. */
    public static List<Object> row(Answered answer, Object... values) {
        List<Object> row = new ArrayList<>(java.util.Arrays.asList(values));
        row.addAll(voter(answer));
        return row;
    }

    /** These columns, then the {@link #VOTER} columns. */
    public static List<Column> columns(Column... columns) {
        List<Column> all = new ArrayList<>(List.of(columns));
        all.addAll(VOTER);
        return all;
    }

    /** Chat messages as the values of a {@link Column#messages} column. */
    public static List<List<String>> messages(List<ChatMessage> messages) {
        return messages.stream().map(m -> List.of(m.role(), m.content())).toList();
    }

    /** What an answer about the first reply it showed is about: that reply's candidate, or nothing for the prompt alone. */
    public static List<Long> firstReply(Answered answer) {
        return answer.shown().isEmpty() ? List.of() : List.of(answer.shown().get(0).candidateId());
    }
}
