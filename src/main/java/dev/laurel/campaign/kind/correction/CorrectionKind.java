package dev.laurel.campaign.kind.correction;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.Checks;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.campaign.kind.TextDiff;
import dev.laurel.platform.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Edit one reply into what it should have said; stored with a word diff against the original. */
public final class CorrectionKind implements KindSpec {
    static final String CONTROL = "textarea";
    public static final int MAX_TEXT = 100_000;

    @Schema(name = "CorrectionAnswer", description = "CORRECTION: the reply as it should read; the server stores"
            + " it with a word diff against the original.",
            example = "{\"text\": \"Paris is the capital of France.\"}")
    public record Format(@Schema(required = true) String text, String reason) {
    }

    @Override
    public TaskKind kind() {
        return TaskKind.CORRECTION;
    }

    @Override
    public String title() {
        return "Correction";
    }

    @Override
    public String explanation() {
        return "Labelers edit a reply into a better one; you get the corrected text and the diff.";
    }

    @Override
    public KindSettings settingsFromForm(Map<String, String> form, List<String> problems) {
        return KindSettings.NONE;
    }

    @Override
    public List<String> settingFields() {
        return List.of();
    }

    @Override
    public KindSettings validated(KindSettings given, List<String> errors) {
        return KindSettings.NONE;
    }

    @Override
    public String describe(KindSettings settings) {
        return "";
    }

    @Override
    public Set<String> answerFields() {
        return Set.of("text");
    }

    @Override
    public String expected() {
        return "send 'text', the corrected reply, optionally 'reason'";
    }

    @Override
    public Class<CorrectionAnswer> answerType() {
        return CorrectionAnswer.class;
    }

    @Override
    public CorrectionAnswer answer(ShownTask task, AnswerRequest answer) {
        String text = answer.text();
        if (text == null || text.isBlank()) {
            throw Problem.badRequest("'text' is required: the reply as it should read (send it unchanged if it needs no edit).");
        }
        if (text.length() > MAX_TEXT) {
            throw Problem.badRequest("'text' is longer than " + MAX_TEXT + " characters.");
        }
        List<TextDiff.Part> diff = TextDiff.diff(task.replyText().get(), text);
        return new CorrectionAnswer(text, task.replies().get(0), TextDiff.words(diff, TextDiff.Op.ADD),
                TextDiff.words(diff, TextDiff.Op.REMOVE), diff);
    }

    @Override
    public AnswerRequest fromForm(KindSettings settings, Map<String, List<String>> form, String reason) {
        return new AnswerRequest(null, reason, null, null, null, null, Checks.first(form, "text"));
    }

    @Override
    public String labelStudioControl() {
        return CONTROL;
    }

    @Override
    public DatasetRows dataset(KindSettings settings) {
        return CorrectionDataset.ROWS;
    }
}
