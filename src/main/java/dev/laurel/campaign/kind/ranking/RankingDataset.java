package dev.laurel.campaign.kind.ranking;

import static dev.laurel.campaign.kind.DatasetRows.Column.float64;
import static dev.laurel.campaign.kind.DatasetRows.Column.int64;
import static dev.laurel.campaign.kind.DatasetRows.Column.string;
import static dev.laurel.campaign.kind.DatasetRows.Column.strings;
import static dev.laurel.campaign.kind.DatasetRows.Column.structs;

import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.Comparison;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.DatasetRows.Config;
import dev.laurel.campaign.kind.DatasetRows.File;
import dev.laurel.campaign.kind.DatasetRows.Table;
import dev.laurel.campaign.kind.DatasetRows.ToolItem;
import dev.laurel.campaign.kind.DatasetRows.ToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ranking dataset: one row per ranking with every shown reply (in candidate order), the CSV one row per
 * (ranking, shown reply) with its rank, and the comparisons each ranking implies for the preference pairs.
 */
public final class RankingDataset {
    private RankingDataset() {
    }

    static final Table RANKINGS = Table.perAnswer(DatasetRows.columns(string("prompt_id"), string("prompt"),
            structs("replies", "model", "response"), strings("ranking"), strings("unranked")), answer -> DatasetRows.row(answer,
            answer.promptId(), answer.prompt(), answer.byCandidate().stream().map(r -> List.of(r.model(), r.text())).toList(),
            ranked(answer).stream().map(Answered.Reply::model).toList(),
            unranked(answer).stream().map(Answered.Reply::model).toList()));

    /** Every row of one ranking carries its number in the file, 1, 2, …; unranked replies of a top-k ranking have no rank. */
    static final Table RANK_ROWS = new Table(List.of(string("prompt_id"), int64("ranking_no"), string("model"),
            string("rank"), string("labeler"), float64("reliability"), string("created_at")), false, (group, number) -> {
        Answered answer = group.get(0);
        List<List<Object>> rows = new ArrayList<>();
        int rank = 1;
        for (Answered.Reply reply : ranked(answer)) {
            rows.add(DatasetRows.row(answer, answer.promptId(), number, reply.model(), Integer.toString(rank++)));
        }
        for (Answered.Reply reply : unranked(answer)) {
            rows.add(DatasetRows.row(answer, answer.promptId(), number, reply.model(), ""));
        }
        return rows;
    });

    static final DatasetRows ROWS = new DatasetRows(
            List.of(File.jsonl("rankings.jsonl", RANKINGS), File.csv("rankings.csv", RANK_ROWS)),
            List.of(new Config("rankings", "rankings", "one row per ranking, as rankings.jsonl", RANKINGS)),
            answer -> List.of(), RankingDataset::comparisons,
            "each ranking implies a vote for every pair it orders (a ranked reply beats every reply ranked after it or "
                    + "left unranked); each (prompt, pair of replies) whose implied votes show a majority is one preference, "
                    + "margin = |wins_A - wins_B| / rankings comparing that pair; unweighted.",
            RankingDataset::toolItem);

    /** The rankings of the same shown replies: Label Studio's ranker over its items, Argilla's ranking of responses. */
    private static ToolItem toolItem(List<Answered> rankings) {
        Answered first = rankings.get(0);
        List<Answered.Reply> shown = first.byCandidate();
        Map<String, Object> fields = DatasetRows.fields("prompt", first.prompt());
        Map<String, Object> metadata = DatasetRows.fields("prompt_id", first.promptId());
        for (int i = 0; i < shown.size(); i++) {
            fields.put("response_" + (i + 1), shown.get(i).text());
            metadata.put("model_" + (i + 1), shown.get(i).model());
        }
        return new ToolItem(DatasetRows.fields("prompt_id", first.promptId(), "prompt", first.prompt(), "items",
                shown.stream().map(r -> DatasetRows.fields("id", r.model(), "title", r.model(), "body", r.text())).toList()),
                rankings.stream().map(ranking -> List.of(new ToolResult("rank", "replies", RankingKind.CONTROL,
                        DatasetRows.fields("ranker", ranked(ranking).stream().map(Answered.Reply::model).toList())))).toList(),
                fields, metadata, List.of("ranking"), rankings.stream().map(ranking -> DatasetRows.fields("ranking",
                        ranked(ranking).stream().map(reply -> "response_" + (position(shown, reply) + 1)).toList())).toList());
    }

    /** Where a reply is among the shown ones, by its model. */
    private static int position(List<Answered.Reply> shown, Answered.Reply reply) {
        int position = 0;
        while (!shown.get(position).model().equals(reply.model())) {
            position++;
        }
        return position;
    }

    /** The replies ranked, best first. */
    public static List<Answered.Reply> ranked(Answered answer) {
        return ((RankingAnswer) answer.answer()).generationIds().stream().map(answer::reply).toList();
    }

    /** The shown replies a top-k ranking left unranked, in candidate order. */
    public static List<Answered.Reply> unranked(Answered answer) {
        Set<Long> ranked = new HashSet<>(((RankingAnswer) answer.answer()).generationIds());
        return answer.byCandidate().stream().filter(r -> !ranked.contains(r.generationId())).toList();
    }

    /**
     * The comparisons a ranking implies: each ranked reply beats every reply ranked after it and every shown reply
     * left unranked (a top-k ranking says the best k beat the rest); two unranked replies are not compared.
     */
    static List<Comparison> comparisons(Answered answer) {
        List<Answered.Reply> below = new ArrayList<>(ranked(answer));
        int rankedCount = below.size();
        below.addAll(unranked(answer));
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < rankedCount; i++) {
            for (int j = i + 1; j < below.size(); j++) {
                comparisons.add(Comparison.of(below.get(i), below.get(j)));
            }
        }
        return comparisons;
    }
}
