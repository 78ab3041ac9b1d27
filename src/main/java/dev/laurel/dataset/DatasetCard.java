package dev.laurel.dataset;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.DatasetRows;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code README.md} of a Hugging Face dataset export: the Hub's YAML header (license, configs with their
 * {@code data_files}, {@code dataset_info} features and split sizes, and Laurel's provenance block), then a text
 * for people. Features are derived from the Parquet columns, so the card always describes the files next to it.
 * Pure.
 */
public final class DatasetCard {
    /** Hugging Face license ids are lower-case words, digits, dots and dashes (e.g. cc-by-4.0, apache-2.0, other). */
    static final String LICENSE_PATTERN = "[a-z0-9][a-z0-9.+-]{0,63}";

    /**
     * One configuration (table) of the dataset.
     *
     * @param folder   where its files are: {@code <folder>/<split>-00000-of-00001.parquet}
     * @param examples rows per split, in split order
     */
    public record Config(String name, String folder, String description, List<DatasetRows.Column> columns,
                         Map<String, Long> examples) {
    }

    /** What the card says about where the data comes from. */
    public record Facts(String license, long campaignId, String campaignName, int version, TaskKind kind,
                        Instant snapshotAt, Instant firstAnswer, Instant lastAnswer, long answers, long labelers,
                        long prompts, int models, String contentSha256, TrainTestSplit split, String consensus) {
    }

    private DatasetCard() {
    }

    public static String markdown(Facts facts, List<Config> configs) {
        StringBuilder card = new StringBuilder("---\n");
        card.append("license: ").append(facts.license()).append('\n');
        card.append("pretty_name: ").append(quote(title(facts))).append('\n');
        card.append("tags:\n- laurel\n- human-feedback\n");
        if (Datasets.dataset(facts.kind()).hasComparisons()) {
            card.append("- preference\n- trl\n");
        }
        long rows = configs.get(0).examples().values().stream().mapToLong(Long::longValue).sum();
        card.append("size_categories:\n- ").append(sizeCategory(rows)).append('\n');
        card.append("configs:\n");
        for (Config config : configs) {
            card.append("- config_name: ").append(config.name()).append('\n');
            if (config.name().equals("default")) {
                card.append("  default: true\n");
            }
            card.append("  data_files:\n");
            for (String split : config.examples().keySet()) {
                card.append("  - split: ").append(split).append('\n');
                card.append("    path: ").append(config.folder()).append('/').append(split).append("-*\n");
            }
        }
        card.append("dataset_info:\n");
        for (Config config : configs) {
            card.append("- config_name: ").append(config.name()).append('\n');
            card.append("  features:\n");
            for (DatasetRows.Column column : config.columns()) {
                card.append("  - name: ").append(quote(column.name())).append('\n');
                switch (column.type()) {
                    case STRING -> card.append("    dtype: string\n");
                    case DOUBLE -> card.append("    dtype: float64\n");
                    case INT64 -> card.append("    dtype: int64\n");
                    case STRING_LIST -> card.append("    sequence: string\n");
                    case STRUCT_LIST -> {
                        card.append("    list:\n");
                        for (String field : column.fields()) {
                            card.append("    - name: ").append(field).append("\n      dtype: string\n");
                        }
                    }
                }
            }
            card.append("  splits:\n");
            config.examples().forEach((split, count) ->
                    card.append("  - name: ").append(split).append("\n    num_examples: ").append(count).append('\n'));
        }
        card.append("laurel:\n");
        card.append("  campaign_id: ").append(facts.campaignId()).append('\n');
        card.append("  campaign_name: ").append(quote(facts.campaignName())).append('\n');
        card.append("  dataset_version: ").append(facts.version()).append('\n');
        card.append("  task_kind: ").append(kind(facts)).append('\n');
        card.append("  snapshot_at: ").append(quote(String.valueOf(facts.snapshotAt()))).append('\n');
        card.append("  first_answer_at: ").append(quote(String.valueOf(facts.firstAnswer()))).append('\n');
        card.append("  last_answer_at: ").append(quote(String.valueOf(facts.lastAnswer()))).append('\n');
        card.append("  answers: ").append(facts.answers()).append('\n');
        card.append("  labelers: ").append(facts.labelers()).append('\n');
        card.append("  prompts: ").append(facts.prompts()).append('\n');
        card.append("  models: ").append(facts.models()).append('\n');
        card.append("  content_sha256: ").append(quote(facts.contentSha256())).append('\n');
        card.append("  consensus: ").append(quote(facts.consensus())).append('\n');
        card.append("  split:\n    by: prompt_id\n    test_fraction: ").append(facts.split().testFraction())
                .append("\n    seed: ").append(facts.split().seed()).append('\n');
        card.append("---\n\n");

        card.append("# ").append(title(facts)).append("\n\n");
        card.append("Human feedback collected with Laurel in the ").append(kind(facts)).append(" campaign \"")
                .append(oneLine(facts.campaignName())).append("\" (id ").append(facts.campaignId()).append("), dataset version ")
                .append(facts.version()).append(", frozen at ").append(facts.snapshotAt()).append(". It holds ")
                .append(facts.answers()).append(" accepted answers on ").append(facts.prompts()).append(" prompts and replies of ")
                .append(facts.models()).append(" models, given by ").append(facts.labelers()).append(" labelers between ")
                .append(facts.firstAnswer()).append(" and ").append(facts.lastAnswer()).append(".\n\n");
        card.append("## Configurations\n\n| config | files | ");
        card.append(String.join(" | ", configs.get(0).examples().keySet())).append(" | content |\n|---|---|");
        card.append("---|".repeat(configs.get(0).examples().size())).append("---|\n");
        for (Config config : configs) {
            card.append("| `").append(config.name()).append("` | `").append(config.folder()).append("/` | ");
            config.examples().values().forEach(count -> card.append(count).append(" | "));
            card.append(config.description()).append(" |\n");
        }
        card.append("\nLoad it with 🤗 Datasets, from this folder or once uploaded to the Hub:\n\n```python\n")
                .append("from datasets import load_dataset\n")
                .append("ds = load_dataset(\"parquet\", data_files={\"train\": \"")
                .append(configs.get(0).folder()).append("/train-*.parquet\", \"test\": \"")
                .append(configs.get(0).folder()).append("/test-*.parquet\"})\n")
                .append("# on the Hub: load_dataset(\"<you>/<name>\"")
                .append(configs.size() > 1 ? ", \"" + configs.get(1).name() + "\"" : "").append(")\n```\n\n");
        if (Datasets.dataset(facts.kind()).hasComparisons()) {
            card.append("The `default` and `standard` configs are TRL's conversational and standard preference formats: ")
                    .append("pass `ds[\"train\"]` and `ds[\"test\"]` to TRL's `RewardTrainer` or `DPOTrainer`. ")
                    .append("`margin` is the strength of the consensus, which `RewardTrainer` adds to its loss.\n\n");
        }
        card.append("## How it was made\n\n")
                .append("- **Consensus**: ").append(facts.consensus()).append('\n')
                .append("- **Labelers** appear only as pseudonyms (`l_` + an HMAC of their account with a secret of the ")
                .append("deployment): the same labeler has the same pseudonym throughout, and nobody without the secret ")
                .append("can tell who it is.\n")
                .append("- **Split** by prompt: a prompt is in `test` when SHA-256(seed ").append(facts.split().seed())
                .append(", prompt id) falls below ").append(facts.split().testFraction())
                .append(", so every row of a prompt is in one split and a prompt keeps its split in later versions.\n")
                .append("- **Integrity**: the version's canonical file hashes to SHA-256 `").append(facts.contentSha256())
                .append("`; Laurel regenerates these files byte for byte from the version.\n\n");
        card.append("## License\n\n`").append(facts.license()).append("`")
                .append(facts.license().equals("other")
                        ? ": the campaign's owners have not chosen a license yet; set one before publishing.\n"
                        : ", as chosen by the campaign's owners.\n");
        return card.toString();
    }

    private static String title(Facts facts) {
        return "Laurel " + oneLine(facts.campaignName()) + " v" + facts.version();
    }

    /** A name as one line of Markdown: line breaks would end a heading. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    private static String kind(Facts facts) {
        return facts.kind().name().toLowerCase(Locale.ROOT);
    }

    /** The Hub's size buckets. */
    static String sizeCategory(long rows) {
        if (rows < 1_000) {
            return "n<1K";
        }
        if (rows < 10_000) {
            return "1K<n<10K";
        }
        if (rows < 100_000) {
            return "10K<n<100K";
        }
        if (rows < 1_000_000) {
            return "100K<n<1M";
        }
        return "1M<n<10M";
    }

    /** A YAML double-quoted scalar: JSON's escapes are YAML's. */
    static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text == null ? "" : text)) + '"';
    }
}
