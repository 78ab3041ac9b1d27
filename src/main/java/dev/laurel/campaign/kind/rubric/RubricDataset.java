package dev.laurel.campaign.kind.rubric;

import static dev.laurel.campaign.kind.DatasetRows.Column.int64;
import static dev.laurel.campaign.kind.DatasetRows.Column.json;
import static dev.laurel.campaign.kind.DatasetRows.Column.string;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.DatasetRows.Column;
import dev.laurel.campaign.kind.DatasetRows.Config;
import dev.laurel.campaign.kind.DatasetRows.File;
import dev.laurel.campaign.kind.DatasetRows.Table;
import dev.laurel.campaign.kind.DatasetRows.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rubric dataset: one row per answer with a column per dimension (the CSV without the texts), and one JSON line
 * per reply with every vote's ratings and the mean of each dimension.
 */
final class RubricDataset {
    private RubricDataset() {
    }

    static DatasetRows of(KindSettings settings) {
        List<String> dimensions = settings.dimensions() == null ? List.of() // no settings: the file names only
                : settings.dimensions().stream().map(KindSettings.Dimension::name).toList();
        List<Column> columns = new ArrayList<>(DatasetRows.columns(string("prompt_id"), string("prompt"), string("model"),
                string("response"), int64("scale")));
        List<String> csv = new ArrayList<>(List.of("prompt_id", "model", "labeler", "reliability", "created_at"));
        List<String> csvNames = new ArrayList<>(csv);
        for (String dimension : dimensions) {
            // a column name must be unique in a Parquet table, not in a CSV header
            boolean isTaken = columns.stream().anyMatch(c -> c.name().equals(dimension));
            columns.add(int64(isTaken ? "rating_" + dimension : dimension));
            csv.add(columns.get(columns.size() - 1).name());
            csvNames.add(dimension);
        }
        Table answers = Table.perAnswer(columns, answer -> {
            RubricAnswer rating = (RubricAnswer) answer.answer();
            Answered.Reply reply = answer.reply(rating.generationId());
            List<Object> row = DatasetRows.row(answer, answer.promptId(), answer.prompt(), reply.model(), reply.text(),
                    (long) rating.scale());
            dimensions.forEach(d -> row.add(rating.ratings().get(d) == null ? null : rating.ratings().get(d).longValue()));
            return row;
        });
        Table replies = Table.perItem(List.of(string("prompt_id"), string("prompt"), string("model"), string("response"),
                int64("scale"), json("votes"), json("means")), group -> {
            Answered first = group.get(0);
            RubricAnswer firstRating = (RubricAnswer) first.answer();
            Answered.Reply reply = first.reply(firstRating.generationId());
            List<Object> votes = new ArrayList<>();
            for (Answered answer : group) {
                Map<String, Object> ratings = new LinkedHashMap<>();
                dimensions.forEach(d -> ratings.put(d, ((RubricAnswer) answer.answer()).ratings().get(d)));
                votes.add(DatasetRows.withVoter(Map.of("ratings", ratings), answer));
            }
            Map<String, Object> means = new LinkedHashMap<>();
            for (String dimension : dimensions) {
                long sum = 0;
                for (Answered answer : group) {
                    sum += ((RubricAnswer) answer.answer()).ratings().get(dimension);
                }
                means.put(dimension, (double) sum / group.size());
            }
            return java.util.Arrays.asList(first.promptId(), first.prompt(), reply.model(), reply.text(),
                    (long) firstRating.scale(), votes, means);
        });
        return new DatasetRows(
                List.of(File.jsonl("ratings.jsonl", replies), File.csv("ratings.csv", answers.only(csv).named(csvNames))),
                List.of(new Config("default", "data", "one row per rubric answer, a column per dimension", answers)),
                DatasetRows::firstReply, null, "none: every rubric answer is a row, with the labeler's pseudonym and reliability.",
                group -> DatasetRows.replyItem(group, group.get(0).reply(((RubricAnswer) group.get(0).answer()).generationId()),
                        answer -> rated(answer, dimensions).entrySet().stream().map(rating -> new ToolResult(rating.getKey(),
                                "response", RubricKind.CONTROL, DatasetRows.fields("rating", rating.getValue()))).toList(),
                        dimensions, answer -> rated(answer, dimensions)));
    }

    /** The ratings an answer gave, in the campaign's order of dimensions. */
    private static Map<String, Object> rated(Answered answer, List<String> dimensions) {
        Map<String, Object> ratings = new LinkedHashMap<>();
        for (String dimension : dimensions) {
            Integer rating = ((RubricAnswer) answer.answer()).ratings().get(dimension);
            if (rating != null) {
                ratings.put(dimension, rating);
            }
        }
        return ratings;
    }
}
