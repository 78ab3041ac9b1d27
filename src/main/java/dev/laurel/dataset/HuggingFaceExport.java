package dev.laurel.dataset;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.DatasetRows.Column;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A snapshot as a Hugging Face dataset folder, zipped: {@code README.md} (the {@link DatasetCard}) and one Parquet
 * file per config and split, {@code <folder>/train-00000-of-00001.parquet} and {@code <folder>/test-…}, split by
 * prompt ({@link TrainTestSplit}). When the kind's answers compare replies (pairwise, ranking) the first configs are
 * the preference pairs: {@code default} = TRL conversational preference ({@code data/}), {@code standard} = TRL
 * standard preference; then come the kind's own configs as its folder declares them ({@link DatasetRows#configs()}:
 * pairwise {@code votes}, ranking {@code rankings}, rubric and categorical {@code default}, correction {@code default}
 * (TRL conversational prompt-completion) and {@code corrections}).
 *
 * The rows are read once, a chunk of prompts at a time, into temporary Parquet files, which are then zipped.
 */
@ApplicationScoped
public class HuggingFaceExport {
    /** The archive's name in a version's URL. */
    public static final String FILE_NAME = "huggingface.zip";
    private static final List<String> SPLITS = List.of(TrainTestSplit.TRAIN, TrainTestSplit.TEST);

    private static final List<Column> CONVERSATIONAL = List.of(Column.messages("prompt"), Column.messages("chosen"),
            Column.messages("rejected"), Column.float64("margin"));
    private static final List<Column> STANDARD = List.of(Column.string("prompt"), Column.string("chosen"),
            Column.string("rejected"), Column.float64("margin"));

    /** How the archive is cut and licensed; the defaults come from {@link DatasetConfig}. */
    public record Options(TrainTestSplit split, String license) {
    }

    private final Datasets datasets;
    private final Campaigns campaigns;

    HuggingFaceExport(Datasets datasets, Campaigns campaigns) {
        this.datasets = datasets;
        this.campaigns = campaigns;
    }

    /** One config being written: a Parquet file per split in a temporary folder. */
    private static final class Table {
        /** The kind's table it holds; null for the preference configs. */
        final DatasetRows.Table rows;
        long groups;
        final String name;
        final String folder;
        final String description;
        final List<Column> columns;
        final Map<String, Path> paths = new LinkedHashMap<>();
        final Map<String, OutputStream> streams = new LinkedHashMap<>();
        final Map<String, ParquetFile> files = new LinkedHashMap<>();

        Table(Path dir, String name, String folder, String description, List<Column> columns, DatasetRows.Table rows)
                throws IOException {
            this.rows = rows;
            this.name = name;
            this.folder = folder;
            this.description = description;
            this.columns = columns;
            for (String split : SPLITS) {
                Path path = dir.resolve(name + "-" + split + ".parquet");
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(path));
                paths.put(split, path);
                streams.put(split, out);
                files.put(split, new ParquetFile(out, columns));
            }
        }

        void add(String split, Object... values) {
            files.get(split).add(values);
        }

        DatasetCard.Config finish() throws IOException {
            Map<String, Long> examples = new LinkedHashMap<>();
            for (String split : SPLITS) {
                files.get(split).finish();
                streams.get(split).close();
                examples.put(split, files.get(split).rows());
            }
            return new DatasetCard.Config(name, folder, description, columns, examples);
        }
    }

    /** Writes the archive of a snapshot to {@code out}. */
    public void write(DatasetSnapshot snapshot, Options options, OutputStream out) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("laurel-hf-");
            Campaign campaign = QuarkusTransaction.joiningExisting().call(() -> campaigns.campaign(snapshot.campaignId));
            DatasetRows dataset = Datasets.dataset(campaign);
            List<Table> tables = tables(dir, dataset);
            fill(snapshot, options.split(), tables, dataset);
            List<DatasetCard.Config> configs = new ArrayList<>();
            for (Table table : tables) {
                configs.add(table.finish());
            }
            String card = DatasetCard.markdown(facts(snapshot, campaign, dataset, options), configs);
            ZipOutputStream zip = new ZipOutputStream(out);
            FileTime time = FileTime.from(snapshot.createdAt);
            entry(zip, "README.md", time);
            zip.write(card.getBytes(StandardCharsets.UTF_8));
            for (Table table : tables) {
                for (String split : SPLITS) {
                    entry(zip, table.folder + "/" + split + "-00000-of-00001.parquet", time);
                    Files.copy(table.paths.get(split), zip);
                }
            }
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static void entry(ZipOutputStream zip, String name, FileTime time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(time);
        zip.putNextEntry(entry);
    }

    /** The preference configs first when the kind's answers compare replies, then the kind's own. */
    private static List<Table> tables(Path dir, DatasetRows dataset) throws IOException {
        List<Table> tables = new ArrayList<>();
        if (dataset.hasComparisons()) {
            tables.add(new Table(dir, "default", "data", "TRL conversational preference: prompt, chosen and rejected "
                    + "as chat messages, and the margin", CONVERSATIONAL, null));
            tables.add(new Table(dir, "standard", "standard", "TRL standard preference: prompt, chosen, rejected as "
                    + "text, and the margin", STANDARD, null));
        }
        for (DatasetRows.Config config : dataset.configs()) {
            tables.add(new Table(dir, config.name(), config.folder(), config.description(),
                    config.table().columns(), config.table()));
        }
        return tables;
    }

    private void fill(DatasetSnapshot snapshot, TrainTestSplit split, List<Table> tables, DatasetRows dataset) {
        datasets.forEachChunk(snapshot, answers -> {
            for (Table table : tables) {
                if (table.rows == null) {
                    continue;
                }
                for (List<Answered> group : DatasetWriter.groups(table.rows, answers, dataset)) {
                    for (List<Object> row : table.rows.rows().of(group, ++table.groups)) {
                        table.add(split.of(group.get(0).promptId()), row.toArray());
                    }
                }
            }
            if (dataset.hasComparisons()) {
                for (PreferencePairs.Preference preference : PreferencePairs.preferences(answers, dataset.comparisons())) {
                    String in = split.of(preference.first().promptId());
                    double margin = preference.consensus().margin();
                    tables.get(0).add(in, DatasetRows.messages(preference.first().promptMessages()),
                            DatasetRows.messages(Conversations.reply(preference.chosen())),
                            DatasetRows.messages(Conversations.reply(preference.rejected())), margin);
                    tables.get(1).add(in, preference.first().prompt(), preference.chosen(), preference.rejected(), margin);
                }
            }
        });
    }

    private DatasetCard.Facts facts(DatasetSnapshot snapshot, Campaign campaign, DatasetRows dataset, Options options) {
        Datasets.Provenance provenance = datasets.provenance(snapshot);
        return new DatasetCard.Facts(options.license(), snapshot.campaignId, campaign.name, snapshot.version, snapshot.kind,
                snapshot.createdAt, provenance.firstAnswer(), provenance.lastAnswer(), snapshot.voteCount,
                provenance.labelers(), snapshot.promptCount, snapshot.modelCount, snapshot.contentSha256, options.split(),
                dataset.consensus());
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
