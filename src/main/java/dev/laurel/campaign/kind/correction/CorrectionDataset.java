package dev.laurel.campaign.kind.correction;

import static dev.laurel.campaign.kind.DatasetRows.Column.bool;
import static dev.laurel.campaign.kind.DatasetRows.Column.int64;
import static dev.laurel.campaign.kind.DatasetRows.Column.json;
import static dev.laurel.campaign.kind.DatasetRows.Column.messages;
import static dev.laurel.campaign.kind.DatasetRows.Column.string;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.DatasetRows.Config;
import dev.laurel.campaign.kind.DatasetRows.File;
import dev.laurel.campaign.kind.DatasetRows.Table;
import dev.laurel.campaign.kind.DatasetRows.ToolResult;
import dev.laurel.campaign.kind.TextDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A correction dataset: one row per correction with the original, the corrected text and the word diff, and the
 * corrected replies as TRL prompt-completion records (supervised fine-tuning).
 */
final class CorrectionDataset {
    private CorrectionDataset() {
    }

    static final Table CORRECTIONS = Table.perAnswer(DatasetRows.columns(string("prompt_id"), string("prompt"),
            string("model"), string("original"), string("corrected"), bool("changed"), int64("words_added"),
            int64("words_removed"), json("diff")), answer -> {
        CorrectionAnswer correction = (CorrectionAnswer) answer.answer();
        Answered.Reply reply = answer.reply(correction.generationId());
        List<Map<String, Object>> diff = correction.diff().stream().map(part -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("op", part.op().name());
            fields.put("text", part.text());
            return fields;
        }).toList();
        return DatasetRows.row(answer, answer.promptId(), answer.prompt(), reply.model(), reply.text(), correction.text(),
                !correction.diff().stream().allMatch(TextDiff.Part::isKept), (long) correction.wordsAdded(),
                (long) correction.wordsRemoved(), diff);
    });

    static final Table SFT = Table.perAnswer(List.of(string("prompt"), string("completion")),
            answer -> List.of(answer.prompt(), ((CorrectionAnswer) answer.answer()).text()));

    /** TRL's conversational prompt-completion: the prompt's messages, the corrected reply as the assistant turn. */
    static final Table COMPLETIONS = Table.perAnswer(List.of(messages("prompt"), messages("completion")),
            answer -> List.of(DatasetRows.messages(answer.promptMessages()),
                    DatasetRows.messages(List.of(ChatMessage.assistant(((CorrectionAnswer) answer.answer()).text())))));

    static final DatasetRows ROWS = new DatasetRows(
            List.of(File.jsonl("corrections.jsonl", CORRECTIONS), File.jsonl("sft.jsonl", SFT)),
            List.of(new Config("default", "data", "TRL conversational prompt-completion: the corrected reply as the completion",
                            COMPLETIONS),
                    new Config("corrections", "corrections", "one row per correction, as corrections.jsonl",
                            CORRECTIONS.only(List.of("prompt_id", "prompt", "model", "original", "corrected", "words_added",
                                    "words_removed", "labeler", "reliability", "created_at")))),
            DatasetRows::firstReply, null, "none: every correction is a row; the corrected reply is the completion.",
            group -> DatasetRows.replyItem(group, group.get(0).reply(((CorrectionAnswer) group.get(0).answer()).generationId()),
                    answer -> List.of(new ToolResult("corrected", "response", CorrectionKind.CONTROL,
                            DatasetRows.fields("text", List.of(((CorrectionAnswer) answer.answer()).text())))),
                    List.of("corrected"), answer -> DatasetRows.fields("corrected", ((CorrectionAnswer) answer.answer()).text())));
}
