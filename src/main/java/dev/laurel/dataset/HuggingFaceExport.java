package dev.laurel.dataset;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.dataset.ParquetFile.Column;
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
 * prompt ({@link TrainTestSplit}). The Parquet tables have the columns of the snapshot's JSONL files:
 *
 * <ul>
 * <li>pairwise: {@code default} = TRL conversational preference ({@code data/}), {@code standard} = TRL standard
 *     preference, {@code votes} = one row per vote;</li>
 * <li>ranking: {@code default}, {@code standard} (the pairs rankings imply), {@code rankings} = one row per ranking;</li>
 * <li>rubric: {@code default} = one row per answer, an int64 column per dimension;</li>
 * <li>categorical: {@code default} = one row per answer with its labels;</li>
 * <li>correction: {@code default} = TRL conversational prompt-completion (the corrected reply), {@code corrections}.</li>
 * </ul>
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
    private static final List<Column> VOTES = List.of(Column.string("prompt_id"), Column.string("prompt"),
            Column.string("model_a"), Column.string("model_b"), Column.string("response_a"), Column.string("response_b"),
            Column.string("winner"), Column.string("labeler"), Column.float64("reliability"), Column.string("shown_left"),
            Column.string("created_at"));
    private static final List<Column> RANKINGS = List.of(Column.string("prompt_id"), Column.string("prompt"),
            Column.structs("replies", "model", "response"), Column.strings("ranking"), Column.strings("unranked"),
            Column.string("labeler"), Column.float64("reliability"), Column.string("created_at"));
    private static final List<Column> LABELS = List.of(Column.string("prompt_id"), Column.string("prompt"),
            Column.string("model"), Column.string("response"), Column.strings("labels"), Column.string("labeler"),
            Column.float64("reliability"), Column.string("created_at"));
    private static final List<Column> COMPLETIONS = List.of(Column.messages("prompt"), Column.messages("completion"));
    private static final List<Column> CORRECTIONS = List.of(Column.string("prompt_id"), Column.string("prompt"),
            Column.string("model"), Column.string("original"), Column.string("corrected"), Column.int64("words_added"),
            Column.int64("words_removed"), Column.string("labeler"), Column.float64("reliability"), Column.string("created_at"));

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
        final String name;
        final String folder;
        final String description;
        final List<Column> columns;
        final Map<String, Path> paths = new LinkedHashMap<>();
        final Map<String, OutputStream> streams = new LinkedHashMap<>();
        final Map<String, ParquetFile> files = new LinkedHashMap<>();

        Table(Path dir, String name, String folder, String description, List<Column> columns) throws IOException {
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
            List<String> dimensions = snapshot.kind == TaskKind.RUBRIC ? dimensions(snapshot) : List.of();
            List<Table> tables = tables(dir, snapshot, dimensions);
            fill(snapshot, options.split(), tables, dimensions);
            List<DatasetCard.Config> configs = new ArrayList<>();
            for (Table table : tables) {
                configs.add(table.finish());
            }
            String card = DatasetCard.markdown(facts(snapshot, options), configs);
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

    private static List<Table> tables(Path dir, DatasetSnapshot snapshot, List<String> dimensions) throws IOException {
        List<Table> tables = new ArrayList<>();
        switch (snapshot.kind) {
            case PAIRWISE, RANKING -> {
                tables.add(new Table(dir, "default", "data", "TRL conversational preference: prompt, chosen and rejected "
                        + "as chat messages, and the margin", CONVERSATIONAL));
                tables.add(new Table(dir, "standard", "standard", "TRL standard preference: prompt, chosen, rejected as "
                        + "text, and the margin", STANDARD));
                if (snapshot.kind == TaskKind.PAIRWISE) {
                    tables.add(new Table(dir, "votes", "votes", "one row per vote, side-free, as votes.jsonl", VOTES));
                } else {
                    tables.add(new Table(dir, "rankings", "rankings", "one row per ranking, as rankings.jsonl", RANKINGS));
                }
            }
            case RUBRIC -> tables.add(new Table(dir, "default", "data", "one row per rubric answer, a column per dimension",
                    ratingColumns(dimensions)));
            case CATEGORICAL -> tables.add(new Table(dir, "default", "data", "one row per answer with the labels it picked",
                    LABELS));
            case CORRECTION -> {
                tables.add(new Table(dir, "default", "data", "TRL conversational prompt-completion: the corrected reply "
                        + "as the completion", COMPLETIONS));
                tables.add(new Table(dir, "corrections", "corrections", "one row per correction, as corrections.jsonl",
                        CORRECTIONS));
            }
        }
        return tables;
    }

    /** The rubric table: fixed columns, then an int64 column per dimension ("rating_" + it where the name is taken). */
    private static List<Column> ratingColumns(List<String> dimensions) {
        List<Column> columns = new ArrayList<>(List.of(Column.string("prompt_id"), Column.string("prompt"),
                Column.string("model"), Column.string("response"), Column.int64("scale"), Column.string("labeler"),
                Column.float64("reliability"), Column.string("created_at")));
        for (String dimension : dimensions) {
            boolean isTaken = columns.stream().anyMatch(c -> c.name().equals(dimension));
            columns.add(Column.int64(isTaken ? "rating_" + dimension : dimension));
        }
        return columns;
    }

    private void fill(DatasetSnapshot snapshot, TrainTestSplit split, List<Table> tables, List<String> dimensions) {
        if (snapshot.kind == TaskKind.PAIRWISE) {
            datasets.forEachVoteChunk(snapshot, rows -> {
                preferences(rows, split, tables);
                for (DatasetWriter.Row row : rows) {
                    tables.get(2).add(split.of(row.promptId()), row.promptId(), row.prompt(), row.modelA(), row.modelB(),
                            row.responseA(), row.responseB(), row.winner().label, row.labeler(), row.reliability(),
                            row.isAShownLeft() ? "model_a" : "model_b", row.createdAt().toString());
                }
            });
            return;
        }
        datasets.forEachAnswerChunk(snapshot, records -> {
            switch (snapshot.kind) {
                case RANKING -> {
                    List<AnswerExports.Ranking> rankings = records.stream().map(AnswerExports.Ranking.class::cast).toList();
                    preferences(AnswerExports.impliedVotes(rankings), split, tables);
                    for (AnswerExports.Ranking ranking : rankings) {
                        AnswerExports.Vote vote = ranking.vote();
                        Map<Long, String> models = new LinkedHashMap<>();
                        ranking.shown().forEach(r -> models.put(r.candidateId(), r.model()));
                        tables.get(2).add(split.of(vote.promptId()), vote.promptId(), vote.prompt(),
                                ranking.shown().stream().map(r -> List.of(r.model(), r.text())).toList(),
                                ranking.ranked().stream().map(models::get).toList(),
                                ranking.unranked().stream().map(AnswerExports.Reply::model).toList(),
                                vote.labeler(), vote.reliability(), vote.createdAt().toString());
                    }
                }
                case RUBRIC -> records.stream().map(AnswerExports.Rating.class::cast).forEach(rating -> {
                    AnswerExports.Vote vote = rating.vote();
                    List<Object> values = new ArrayList<>(List.of(vote.promptId(), vote.prompt(), rating.reply().model(),
                            rating.reply().text(), (long) rating.scale(), vote.labeler(), vote.reliability(),
                            vote.createdAt().toString()));
                    dimensions.forEach(d -> values.add(rating.ratings().get(d) == null ? null : rating.ratings().get(d).longValue()));
                    tables.get(0).add(split.of(vote.promptId()), values.toArray());
                });
                case CATEGORICAL -> records.stream().map(AnswerExports.Labeling.class::cast).forEach(labeling -> {
                    AnswerExports.Vote vote = labeling.vote();
                    tables.get(0).add(split.of(vote.promptId()), vote.promptId(), vote.prompt(),
                            labeling.reply() == null ? null : labeling.reply().model(),
                            labeling.reply() == null ? null : labeling.reply().text(), labeling.labels(), vote.labeler(),
                            vote.reliability(), vote.createdAt().toString());
                });
                case CORRECTION -> records.stream().map(AnswerExports.Correction.class::cast).forEach(correction -> {
                    AnswerExports.Vote vote = correction.vote();
                    String in = split.of(vote.promptId());
                    tables.get(0).add(in, messages(vote.promptMessages()), messages(Conversations.reply(correction.corrected())));
                    tables.get(1).add(in, vote.promptId(), vote.prompt(), correction.reply().model(), correction.reply().text(),
                            correction.corrected(), (long) correction.wordsAdded(), (long) correction.wordsRemoved(),
                            vote.labeler(), vote.reliability(), vote.createdAt().toString());
                });
                case PAIRWISE -> throw new IllegalStateException("pairwise votes are read with forEachVoteChunk");
            }
        });
    }

    /** The preferences of a chunk of votes into the conversational (first) and standard (second) tables. */
    private static void preferences(List<DatasetWriter.Row> rows, TrainTestSplit split, List<Table> tables) {
        for (DatasetWriter.Preference preference : DatasetWriter.preferences(rows)) {
            DatasetWriter.Row first = preference.first();
            String in = split.of(first.promptId());
            double margin = preference.consensus().margin();
            tables.get(0).add(in, messages(first.promptMessages()), messages(Conversations.reply(preference.chosen())),
                    messages(Conversations.reply(preference.rejected())), margin);
            tables.get(1).add(in, first.prompt(), preference.chosen(), preference.rejected(), margin);
        }
    }

    /** Chat messages as the rows of a {@link Column#messages} column. */
    private static List<List<String>> messages(List<ChatMessage> messages) {
        return messages.stream().map(m -> List.of(m.role(), m.content())).toList();
    }

    private List<String> dimensions(DatasetSnapshot snapshot) {
        Campaign campaign = QuarkusTransaction.joiningExisting().call(() -> campaigns.campaign(snapshot.campaignId));
        return campaign.kindSettings().dimensions().stream().map(KindSettings.Dimension::name).toList();
    }

    private DatasetCard.Facts facts(DatasetSnapshot snapshot, Options options) {
        Campaign campaign = QuarkusTransaction.joiningExisting().call(() -> campaigns.campaign(snapshot.campaignId));
        Datasets.Provenance provenance = datasets.provenance(snapshot);
        return new DatasetCard.Facts(options.license(), snapshot.campaignId, campaign.name, snapshot.version, snapshot.kind,
                snapshot.createdAt, provenance.firstAnswer(), provenance.lastAnswer(), snapshot.voteCount,
                provenance.labelers(), snapshot.promptCount, snapshot.modelCount, snapshot.contentSha256, options.split(),
                consensus(snapshot.kind));
    }

    /** How the rows were reduced, per kind, in one sentence for the card. */
    static String consensus(TaskKind kind) {
        return switch (kind) {
            case PAIRWISE -> "each (prompt, pair of replies) whose votes show a majority is one preference: chosen = the "
                    + "reply with more wins, margin = |wins_A - wins_B| / votes on that pair (ties and 'both bad' count as "
                    + "votes but never choose); unweighted, each vote's reliability is in the votes config.";
            case RANKING -> "each ranking implies a vote for every pair it orders (a ranked reply beats every reply ranked "
                    + "after it or left unranked); each (prompt, pair of replies) whose implied votes show a majority is "
                    + "one preference, margin = |wins_A - wins_B| / rankings comparing that pair; unweighted.";
            case RUBRIC -> "none: every rubric answer is a row, with the labeler's pseudonym and reliability.";
            case CATEGORICAL -> "none: every answer is a row with the labels it picked; labels.jsonl has the counts and "
                    + "majority per item.";
            case CORRECTION -> "none: every correction is a row; the corrected reply is the completion.";
        };
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
