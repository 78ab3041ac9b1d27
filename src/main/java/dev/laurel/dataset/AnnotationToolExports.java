package dev.laurel.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.DatasetRows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * A snapshot's answers as files that annotation tools import, for round trips: a Label Studio task list
 * ({@link DatasetFormat#LABELSTUDIO_JSON}: one task per item with {@code data} and one annotation per answer whose
 * {@code result} holds Label Studio's documented values: {@code pairwise} {selected: left|right}, {@code ranker}
 * {ranker: [item ids best first]}, {@code rating} {rating}, {@code choices} {choices: [...]}, {@code textarea}
 * {text: [...]}) and Argilla records ({@link DatasetFormat#ARGILLA_JSON}: {@code fields}, {@code metadata} and
 * {@code responses} by question, each {value, user_id}). One item is a (prompt, pair) for pairwise votes, a
 * (prompt, shown replies) for rankings and a (prompt, reply) otherwise; what an item shows and what each answer said
 * is its kind's ({@link DatasetRows#toolItem()}), the files' shape is the same for every kind. Labelers stay pseudonymous: Label Studio's
 * tasks list them in {@code meta.labelers} (annotation order), Argilla's user ids are name-based UUIDs of the
 * pseudonyms. Both files are one JSON array, written chunk by chunk like the other files. Pure.
 */
public final class AnnotationToolExports {
    private static final JsonFactory JSON = new JsonFactory();

    private final DatasetFormat format;
    private final OutputStream out;
    private final JsonGenerator json;
    private final DatasetRows dataset;
    private long items;

    public AnnotationToolExports(DatasetFormat format, OutputStream out, DatasetRows dataset) {
        if (!format.isAnnotationTool()) {
            throw new IllegalArgumentException(format + " is not an annotation tool file");
        }
        this.format = format;
        this.out = out;
        this.dataset = dataset;
        try {
            this.json = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            out.write('[');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tasks (Label Studio) or records (Argilla) written so far. */
    public long items() {
        return items;
    }

    public void finish() {
        try {
            json.flush();
            out.write("]\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chunk of a snapshot's answers in file order: one item per (prompt, shown replies) run, as its kind shows it. */
    public void write(List<Answered> answers) {
        for (List<Answered> run : runs(answers, (x, y) -> x.promptKey() == y.promptKey()
                && candidates(x).equals(candidates(y)))) {
            DatasetRows.ToolItem item = dataset.toolItem().apply(run);
            item(() -> {
                if (format.equals(DatasetFormat.LABELSTUDIO_JSON)) {
                    json.writeFieldName("data");
                    DatasetWriter.writeJson(json, item.data());
                    annotations(run, item.results());
                } else {
                    json.writeFieldName("fields");
                    DatasetWriter.writeJson(json, item.fields());
                    json.writeFieldName("metadata");
                    DatasetWriter.writeJson(json, item.metadata());
                    json.writeObjectFieldStart("responses");
                    for (String question : item.questions()) {
                        json.writeArrayFieldStart(question);
                        for (int i = 0; i < run.size(); i++) {
                            if (item.responses().get(i).containsKey(question)) {
                                json.writeStartObject();
                                json.writeFieldName("value");
                                DatasetWriter.writeJson(json, item.responses().get(i).get(question));
                                json.writeStringField("user_id", userId(run.get(i).labeler()));
                                json.writeEndObject();
                            }
                        }
                        json.writeEndArray();
                    }
                    json.writeEndObject();
                }
            });
        }
    }

    private static List<Long> candidates(Answered answer) {
        return answer.byCandidate().stream().map(Answered.Reply::candidateId).toList();
    }

    private interface Part {
        void write() throws IOException;
    }

    /** Label Studio's annotations of an item, one per answer with its results, then the item's meta. */
    private void annotations(List<Answered> answers, List<List<DatasetRows.ToolResult>> results) throws IOException {
        json.writeArrayFieldStart("annotations");
        for (int i = 0; i < answers.size(); i++) {
            json.writeStartObject();
            json.writeArrayFieldStart("result");
            int number = 0;
            for (DatasetRows.ToolResult result : results.get(i)) {
                json.writeStartObject();
                json.writeStringField("id", "r" + items + "_" + number++);
                json.writeStringField("from_name", result.from());
                json.writeStringField("to_name", result.to());
                json.writeStringField("type", result.type());
                json.writeStringField("origin", "manual");
                json.writeFieldName("value");
                DatasetWriter.writeJson(json, result.value());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeBooleanField("was_cancelled", false);
            json.writeBooleanField("ground_truth", false);
            json.writeStringField("created_at", answers.get(i).createdAt().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        labelStudioMeta(answers);
    }

    private void item(Part part) {
        try {
            json.flush();
            if (items > 0) {
                out.write(',');
            }
            out.write('\n');
            json.writeStartObject();
            part.write();
            json.writeEndObject();
            json.flush();
            items++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void labelStudioMeta(List<Answered> answers) throws IOException {
        json.writeObjectFieldStart("meta");
        json.writeStringField("source", "laurel");
        json.writeArrayFieldStart("labelers");
        for (Answered answer : answers) {
            json.writeString(answer.labeler());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("reliabilities");
        for (Answered answer : answers) {
            json.writeNumber(answer.reliability());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Argilla's user id for a pseudonym: a name-based UUID, the same for the same labeler, meaningless without the secret. */
    static String userId(String pseudonym) {
        return UUID.nameUUIDFromBytes(pseudonym.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Consecutive runs of rows the predicate says belong together. */
    private static <T> List<List<T>> runs(List<T> rows, BiPredicate<T, T> together) {
        List<List<T>> runs = new ArrayList<>();
        for (T row : rows) {
            List<T> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && together.test(last.get(0), row)) {
                last.add(row);
            } else {
                List<T> run = new ArrayList<>();
                run.add(row);
                runs.add(run);
            }
        }
        return runs;
    }
}
