package dev.laurel.campaign.kind.pairwise;

import static dev.laurel.campaign.kind.DatasetRows.Column.float64;
import static dev.laurel.campaign.kind.DatasetRows.Column.string;

import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.campaign.kind.Comparison;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.DatasetRows.Config;
import dev.laurel.campaign.kind.DatasetRows.File;
import dev.laurel.campaign.kind.DatasetRows.Table;
import dev.laurel.campaign.kind.DatasetRows.ToolItem;
import dev.laurel.campaign.kind.DatasetRows.ToolResult;
import java.util.List;

/**
 * A pairwise dataset: one row per vote, side-free (model A is the candidate with the smaller id, whichever side the
 * labeler saw it on), and each vote as one comparison for the preference pairs.
 */
public final class PairwiseDataset {
    private PairwiseDataset() {
    }

    static final Table VOTES = Table.perAnswer(List.of(string("prompt_id"), string("prompt"), string("model_a"),
            string("model_b"), string("response_a"), string("response_b"), string("winner"), string("labeler"),
            float64("reliability"), string("shown_left"), string("created_at")), PairwiseDataset::vote);

    static final DatasetRows ROWS = new DatasetRows(
            List.of(File.jsonl("votes.jsonl", VOTES), File.csv("votes.csv", VOTES.only(List.of("prompt_id", "model_a",
                    "model_b", "winner", "labeler", "reliability", "shown_left", "created_at")))),
            List.of(new Config("votes", "votes", "one row per vote, side-free, as votes.jsonl", VOTES)),
            answer -> answer.byCandidate().stream().map(Answered.Reply::candidateId).toList(),
            answer -> List.of(comparison(answer)),
            "each (prompt, pair of replies) whose votes show a majority is one preference: chosen = the reply with more "
                    + "wins, margin = |wins_A - wins_B| / votes on that pair (ties and 'both bad' count as votes but never "
                    + "choose); unweighted, each vote's reliability is in the votes config.",
            PairwiseDataset::toolItem);

    /** The votes on one pair: Label Studio's pairwise result (left = model A), or a choice for a tie or both bad. */
    private static ToolItem toolItem(List<Answered> votes) {
        Answered first = votes.get(0);
        Answered.Reply a = first.byCandidate().get(0);
        Answered.Reply b = first.byCandidate().get(1);
        return new ToolItem(DatasetRows.fields("prompt_id", first.promptId(), "prompt", first.prompt(), "text1", a.text(),
                "text2", b.text(), "model_a", a.model(), "model_b", b.model()), votes.stream().map(vote -> {
                    String winner = winner(vote);
                    return List.of(winner.equals("model_a") || winner.equals("model_b")
                            ? new ToolResult("pw", "pw", PairwiseKind.CONTROL,
                                    DatasetRows.fields("selected", winner.equals("model_a") ? "left" : "right"))
                            : new ToolResult("outcome", "prompt", "choices", DatasetRows.fields("choices", List.of(winner))));
                }).toList(),
                DatasetRows.fields("prompt", first.prompt(), "response_a", a.text(), "response_b", b.text()),
                DatasetRows.fields("prompt_id", first.promptId(), "model_a", a.model(), "model_b", b.model()),
                List.of("winner"), votes.stream().map(vote -> DatasetRows.fields("winner", winner(vote))).toList());
    }

    private static List<Object> vote(Answered answer) {
        Answered.Reply a = answer.byCandidate().get(0);
        Answered.Reply b = answer.byCandidate().get(1);
        return List.of(answer.promptId(), answer.prompt(), a.model(), b.model(), a.text(), b.text(), winner(answer),
                answer.labeler(), answer.reliability(), answer.shown().get(0).candidateId() == a.candidateId() ? "model_a" : "model_b",
                answer.createdAt().toString());
    }

    /** Who won, side-free: "model_a", "model_b", "tie" or "both_bad" (the files' and annotation tools' word). */
    public static String winner(Answered answer) {
        return switch (comparison(answer).sign()) {
            case 1 -> "model_a";
            case -1 -> "model_b";
            default -> ((PairwiseAnswer) answer.answer()).choice() == Choice.TIE ? "tie" : "both_bad";
        };
    }

    /** The vote as a comparison of the two replies: A (left) or B (right) won, or neither. */
    public static Comparison comparison(Answered answer) {
        Answered.Reply left = answer.shown().get(0);
        Answered.Reply right = answer.shown().get(1);
        return switch (((PairwiseAnswer) answer.answer()).choice()) {
            case A -> Comparison.of(left, right);
            case B -> Comparison.of(right, left);
            case TIE, BOTH_BAD -> left.candidateId() < right.candidateId() ? new Comparison(left, right, 0)
                    : new Comparison(right, left, 0);
        };
    }
}
