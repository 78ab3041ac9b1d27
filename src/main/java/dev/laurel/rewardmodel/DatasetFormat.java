package dev.laurel.rewardmodel;

/** The files of a dataset snapshot. Schemas: {@code docs/datasets.md}. */
public enum DatasetFormat {
    /** TRL reward format: one preference per (prompt, pair): prompt, chosen, rejected, margin. */
    PAIRS_JSONL("pairs.jsonl", "application/jsonl"),
    /** One line per vote, side-free, with a pseudonymous labeler and reliability. */
    VOTES_JSONL("votes.jsonl", "application/jsonl"),
    /** The votes as CSV, without the texts (for spreadsheets; join on prompt_id). */
    VOTES_CSV("votes.csv", "text/csv");

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

    public static DatasetFormat ofFileName(String name) {
        for (DatasetFormat format : values()) {
            if (format.fileName.equals(name)) {
                return format;
            }
        }
        return null;
    }
}
