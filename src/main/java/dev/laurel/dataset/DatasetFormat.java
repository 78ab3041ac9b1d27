package dev.laurel.dataset;

import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.DatasetRows;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of a dataset snapshot. Which ones a snapshot has depends on its campaign's task kind ({@link #of(TaskKind)}):
 * the preference pairs when the kind's answers compare replies, the kind's own files ({@link DatasetRows#files()},
 * declared in its folder), and the annotation tools' imports. Schemas: {@code docs/datasets.md}.
 */
public record DatasetFormat(String fileName, String mediaType) {
    /** TRL reward format: one preference per (prompt, pair): prompt, chosen, rejected, margin. */
    public static final DatasetFormat PAIRS_JSONL = new DatasetFormat("pairs.jsonl", "application/jsonl");
    /**
     * TRL conversational preference format: the same preferences as {@link #PAIRS_JSONL}, the prompt as chat
     * messages ({@link Conversations#prompt}) and chosen / rejected as the assistant turn that answers it, plus margin.
     */
    public static final DatasetFormat CONVERSATIONAL_PAIRS_JSONL = new DatasetFormat("pairs-conversational.jsonl",
            "application/jsonl");
    /** Every kind: Label Studio tasks (data + annotations[].result) to import into a Label Studio project. */
    public static final DatasetFormat LABELSTUDIO_JSON = new DatasetFormat("labelstudio.json", "application/json");
    /** Every kind: Argilla records (fields, metadata, responses by question) to log into an Argilla dataset. */
    public static final DatasetFormat ARGILLA_JSON = new DatasetFormat("argilla.json", "application/json");

    /** A kind's own file. */
    static DatasetFormat of(DatasetRows.File file) {
        return new DatasetFormat(file.name(), file.format() == DatasetRows.Format.CSV ? "text/csv" : "application/jsonl");
    }

    /**
     * The files of a snapshot of a campaign of this kind, in the order they are listed. The kind's first own file,
     * every answer with its texts, is the snapshot's canonical content ({@link #canonical}).
     */
    public static List<DatasetFormat> of(TaskKind kind) {
        DatasetRows rows = Datasets.dataset(kind);
        List<DatasetFormat> formats = new ArrayList<>();
        if (rows.hasComparisons()) {
            formats.add(PAIRS_JSONL);
            formats.add(CONVERSATIONAL_PAIRS_JSONL);
        }
        rows.files().forEach(file -> formats.add(of(file)));
        formats.add(LABELSTUDIO_JSON);
        formats.add(ARGILLA_JSON);
        return formats;
    }

    /** Whether the file is one of the annotation tools' imports ({@link AnnotationToolExports}). */
    public boolean isAnnotationTool() {
        return equals(LABELSTUDIO_JSON) || equals(ARGILLA_JSON);
    }

    /** Whether the file holds the preference pairs ({@link PreferencePairs}). */
    public boolean isPairs() {
        return equals(PAIRS_JSONL) || equals(CONVERSATIONAL_PAIRS_JSONL);
    }

    /** The file whose hash is the snapshot's {@code contentSha256}: every answer, with texts. */
    public static DatasetFormat canonical(TaskKind kind) {
        return of(Datasets.dataset(kind).files().get(0));
    }

    /** The file of any kind with this name, or null. */
    public static DatasetFormat ofFileName(String name) {
        for (TaskKind kind : TaskKind.values()) {
            for (DatasetFormat format : of(kind)) {
                if (format.fileName.equals(name)) {
                    return format;
                }
            }
        }
        return null;
    }
}
