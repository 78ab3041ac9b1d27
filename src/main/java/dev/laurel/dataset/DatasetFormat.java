package dev.laurel.dataset;

import dev.laurel.campaign.TaskKind;
import java.util.List;

/**
 * The files of a dataset snapshot; which ones a snapshot has depends on its campaign's task kind
 * ({@link #of(TaskKind)}). Schemas: {@code docs/datasets.md}.
 */
public enum DatasetFormat {
    /** TRL reward format: one preference per (prompt, pair): prompt, chosen, rejected, margin. */
    PAIRS_JSONL("pairs.jsonl", "application/jsonl"),
    /**
     * TRL conversational preference format: the same preferences as {@link #PAIRS_JSONL}, the prompt as chat
     * messages ({@link Conversations#prompt}) and chosen / rejected as the assistant turn that answers it, plus margin.
     */
    CONVERSATIONAL_PAIRS_JSONL("pairs-conversational.jsonl", "application/jsonl"),
    /** One line per vote, side-free, with a pseudonymous labeler and reliability. */
    VOTES_JSONL("votes.jsonl", "application/jsonl"),
    /** The votes as CSV, without the texts (for spreadsheets; join on prompt_id). */
    VOTES_CSV("votes.csv", "text/csv"),
    /** Ranking: one line per ranking, with every shown reply. */
    RANKINGS_JSONL("rankings.jsonl", "application/jsonl"),
    /** Ranking: one row per (ranking, shown reply) with its rank, without texts. */
    RANKINGS_CSV("rankings.csv", "text/csv"),
    /** Rubric: one line per reply with every vote's ratings and the mean of each dimension. */
    RATINGS_JSONL("ratings.jsonl", "application/jsonl"),
    /** Rubric: one row per vote, a column per dimension, without texts. */
    RATINGS_CSV("ratings.csv", "text/csv"),
    /** Categorical: one line per item (prompt or reply) with every vote's labels, counts and the majority. */
    LABELS_JSONL("labels.jsonl", "application/jsonl"),
    /** Categorical: one row per vote, a 0/1 column per label, without texts. */
    LABELS_CSV("labels.csv", "text/csv"),
    /** Correction: one line per correction: original, corrected text and the word diff. */
    CORRECTIONS_JSONL("corrections.jsonl", "application/jsonl"),
    /** Correction: TRL prompt-completion records (SFT), the corrected reply as the completion. */
    SFT_JSONL("sft.jsonl", "application/jsonl"),
    /** Every kind: Label Studio tasks (data + annotations[].result) to import into a Label Studio project. */
    LABELSTUDIO_JSON("labelstudio.json", "application/json"),
    /** Every kind: Argilla records (fields, metadata, responses by question) to log into an Argilla dataset. */
    ARGILLA_JSON("argilla.json", "application/json");

    private final String fileName;
    private final String mediaType;

    DatasetFormat(String fileName, String mediaType) {
        this.fileName = fileName;
        this.mediaType = mediaType;
    }

    public String fileName() {
        return fileName;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The files of a snapshot of a campaign of this kind, in the order they are listed. The first
     * file holding every vote with its texts is the snapshot's canonical content.
     */
    public static List<DatasetFormat> of(TaskKind kind) {
        return switch (kind) {
            case PAIRWISE -> List.of(PAIRS_JSONL, CONVERSATIONAL_PAIRS_JSONL, VOTES_JSONL, VOTES_CSV, LABELSTUDIO_JSON,
                    ARGILLA_JSON);
            case RANKING -> List.of(PAIRS_JSONL, CONVERSATIONAL_PAIRS_JSONL, RANKINGS_JSONL, RANKINGS_CSV, LABELSTUDIO_JSON,
                    ARGILLA_JSON);
            case RUBRIC -> List.of(RATINGS_JSONL, RATINGS_CSV, LABELSTUDIO_JSON, ARGILLA_JSON);
            case CATEGORICAL -> List.of(LABELS_JSONL, LABELS_CSV, LABELSTUDIO_JSON, ARGILLA_JSON);
            case CORRECTION -> List.of(CORRECTIONS_JSONL, SFT_JSONL, LABELSTUDIO_JSON, ARGILLA_JSON);
        };
    }

    /** Whether the file is one of the annotation tools' imports ({@link AnnotationToolExports}). */
    public boolean isAnnotationTool() {
        return this == LABELSTUDIO_JSON || this == ARGILLA_JSON;
    }

    /** The file whose hash is the snapshot's {@code contentSha256}: every vote, with texts. */
    public static DatasetFormat canonical(TaskKind kind) {
        return switch (kind) {
            case PAIRWISE -> VOTES_JSONL;
            case RANKING -> RANKINGS_JSONL;
            case RUBRIC -> RATINGS_JSONL;
            case CATEGORICAL -> LABELS_JSONL;
            case CORRECTION -> CORRECTIONS_JSONL;
        };
    }

    public static DatasetFormat ofFileName(String name) {
        for (DatasetFormat format : values()) {
            if (format.fileName.equals(name)) {
                return format;
            }
        }
        return null;
    }
}
