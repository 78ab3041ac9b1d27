package dev.laurel.campaign.kind.categorical;

import static dev.laurel.campaign.kind.DatasetRows.Column.int64;
import static dev.laurel.campaign.kind.DatasetRows.Column.json;
import static dev.laurel.campaign.kind.DatasetRows.Column.string;
import static dev.laurel.campaign.kind.DatasetRows.Column.strings;

import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.DatasetRows.Column;
import dev.laurel.campaign.kind.DatasetRows.Config;
import dev.laurel.campaign.kind.DatasetRows.File;
import dev.laurel.campaign.kind.DatasetRows.Table;
import dev.laurel.campaign.kind.DatasetRows.ToolResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A categorical dataset: one row per answer with the labels it picked (the CSV a 0/1 column per label, without the
 * texts), and one JSON line per item (a reply, or the prompt alone) with every vote's labels, counts and the majority.
 */
final class CategoricalDataset {
    private CategoricalDataset() {
    }

    static DatasetRows of(List<String> labels) {
        Table answers = Table.perAnswer(DatasetRows.columns(string("prompt_id"), string("prompt"), string("model"),
                string("response"), strings("labels")), answer -> {
            Answered.Reply reply = reply(answer);
            return DatasetRows.row(answer, answer.promptId(), answer.prompt(), reply == null ? null : reply.model(),
                    reply == null ? null : reply.text(), picked(answer));
        });
        List<Column> csvColumns = new ArrayList<>(DatasetRows.columns(string("prompt_id"), string("model")));
        labels.forEach(label -> csvColumns.add(int64(label)));
        Table csv = Table.perAnswer(csvColumns, answer -> {
            Answered.Reply reply = reply(answer);
            List<Object> row = DatasetRows.row(answer, answer.promptId(), reply == null ? "" : reply.model());
            labels.forEach(label -> row.add(picked(answer).contains(label) ? 1L : 0L));
            return row;
        });
        Table items = Table.perItem(List.of(string("prompt_id"), string("prompt"), string("model"), string("response"),
                json("votes"), json("counts"), json("majority")), group -> {
            Answered first = group.get(0);
            Answered.Reply reply = reply(first);
            List<Object> votes = new ArrayList<>();
            for (Answered answer : group) {
                votes.add(DatasetRows.withVoter(Map.of("labels", picked(answer)), answer));
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String label : labels) {
                counts.put(label, (int) group.stream().filter(a -> picked(a).contains(label)).count());
            }
            return Arrays.asList(first.promptId(), first.prompt(), reply == null ? null : reply.model(),
                    reply == null ? null : reply.text(), votes, counts, majority(counts, group.size()));
        });
        return new DatasetRows(List.of(File.jsonl("labels.jsonl", items), File.csv("labels.csv", csv)),
                List.of(new Config("default", "data", "one row per answer with the labels it picked", answers)),
                DatasetRows::firstReply, null,
                "none: every answer is a row with the labels it picked; labels.jsonl has the counts and majority per item.",
                group -> {
                    Answered.Reply reply = reply(group.get(0));
                    return DatasetRows.replyItem(group, reply, answer -> List.of(new ToolResult("labels",
                                    reply == null ? "prompt" : "response", CategoricalKind.CONTROL,
                                    DatasetRows.fields("choices", picked(answer)))),
                            List.of("labels"), answer -> DatasetRows.fields("labels", picked(answer)));
                });
    }

    private static List<String> picked(Answered answer) {
        return ((CategoricalAnswer) answer.answer()).labels();
    }

    /** The reply labelled, or null when the task labels the prompt alone. */
    private static Answered.Reply reply(Answered answer) {
        Long generation = ((CategoricalAnswer) answer.answer()).generationId();
        return generation == null ? null : answer.reply(generation);
    }

    /**
     * The labels more than half of the answers picked: at most one for single-label campaigns, and none when the
     * answers split without a majority. Unweighted; each vote's reliability is in the file.
     */
    static List<String> majority(Map<String, Integer> counts, int answers) {
        return counts.entrySet().stream().filter(e -> 2 * e.getValue() > answers).map(Map.Entry::getKey).toList();
    }
}
