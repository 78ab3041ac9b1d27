package dev.laurel.campaign.kind.categorical;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.AnswerSpace;
import dev.laurel.campaign.kind.Checks;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.platform.Problem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Pick one (or several) of the campaign's labels for a prompt item or a reply. */
public final class CategoricalKind implements KindSpec {
    static final String CONTROL = "choices";
    static final int MAX_LABELS = 9;
    /** No commas: a multi-label answer's summary joins its labels with them. */
    private static final Pattern LABEL = Pattern.compile("[^\\p{Cntrl},]{1,60}");

    @Schema(name = "CategoricalAnswer", description = "CATEGORICAL: one label from the campaign's labels,"
            + " or one or more when it allows several (multi).",
            example = "{\"labels\": [\"entailment\"]}")
    public record Format(@Schema(required = true) List<String> labels, String reason) {
    }

    @Override
    public TaskKind kind() {
        return TaskKind.CATEGORICAL;
    }

    @Override
    public String title() {
        return "Categorical";
    }

    @Override
    public String explanation() {
        return "Labelers pick one (or several) of your labels for each prompt or reply.";
    }

    /** One label a line; 'multi' is a checkbox (any value is checked); 'target' PROMPT or REPLY. */
    @Override
    public KindSettings settingsFromForm(Map<String, String> form, List<String> problems) {
        String multi = form.get("multi");
        String target = form.get("target");
        return new KindSettings(null, null, null, null, null, Checks.entries(form.get("labels"), "\n"),
                multi != null && !multi.isBlank(),
                "REPLY".equalsIgnoreCase(target == null ? "" : target.strip()) ? KindSettings.Target.REPLY : KindSettings.Target.PROMPT,
                null);
    }

    @Override
    public List<String> settingFields() {
        return List.of("labels", "multi", "target");
    }

    @Override
    public KindSettings validated(KindSettings s, List<String> errors) {
        List<String> labels;
        if (s.labels() == null || s.labels().size() < 2) {
            errors.add("A categorical campaign needs 'labels': 2 to " + MAX_LABELS + " names to choose from.");
            labels = List.of();
        } else {
            labels = Checks.names(s.labels(), "label", 2, MAX_LABELS, LABEL, "1 to 60 characters without commas", errors);
        }
        return new KindSettings(null, null, null, null, null, labels, s.picksSeveral(),
                s.target() == null ? KindSettings.Target.PROMPT : s.target(), null);
    }

    @Override
    public String describe(KindSettings settings) {
        return (settings.picksSeveral() ? "Any of " : "One of ") + String.join(", ", settings.labels())
                + (settings.target() == KindSettings.Target.REPLY ? " per reply." : " per prompt item.");
    }

    @Override
    public Set<String> answerFields() {
        return Set.of("labels");
    }

    @Override
    public String expected() {
        return "send 'labels', optionally 'reason'";
    }

    @Override
    public Class<CategoricalAnswer> answerType() {
        return CategoricalAnswer.class;
    }

    @Override
    public CategoricalAnswer answer(ShownTask task, AnswerRequest answer) {
        List<String> allowed = task.settings().labels();
        boolean multi = task.settings().picksSeveral();
        if (answer.labels() == null || answer.labels().isEmpty()) {
            throw Problem.badRequest("'labels' is required: " + (multi ? "one or more" : "exactly one") + " of "
                    + String.join(", ", allowed) + ".");
        }
        Set<String> picked = new LinkedHashSet<>();
        for (String label : answer.labels()) {
            picked.add(Checks.known(label, allowed, "Label", null));
        }
        if (!multi && picked.size() > 1) {
            throw Problem.badRequest("Pick exactly one label, not " + picked.size() + ": this campaign takes a single label"
                    + " (one of " + String.join(", ", allowed) + ").");
        }
        // keep the campaign's label order, so equal answers are stored and summarized alike
        return new CategoricalAnswer(allowed.stream().filter(picked::contains).toList(), task.reply(0));
    }

    @Override
    public AnswerRequest fromForm(KindSettings settings, Map<String, List<String>> form, String reason) {
        return new AnswerRequest(null, reason, null, null, null, form.get("label") == null ? List.of() : form.get("label"), null);
    }

    @Override
    public boolean hasConsensus() {
        return true;
    }

    @Override
    public Optional<AnswerSpace> space(KindSettings settings) {
        if (settings == null || settings.labels() == null || settings.labels().size() < 2) {
            return Optional.empty();
        }
        return Optional.of(AnswerSpace.labels(TaskKind.CATEGORICAL, settings.labels(), settings.picksSeveral()));
    }

    /** A task per reply, or on the item alone one task per prompt, showing no reply. */
    @Override
    public List<List<Long>> taskGroups(KindSettings settings, List<Long> unseen, boolean isFirst, Random random) {
        if (settings.target() == KindSettings.Target.REPLY) {
            return unseen.stream().map(List::of).toList();
        }
        return isFirst ? List.of(List.of()) : List.of();
    }

    @Override
    public String labelStudioControl() {
        return CONTROL;
    }

    @Override
    public DatasetRows dataset(KindSettings settings) {
        return CategoricalDataset.of(settings.labels() == null ? List.of() : settings.labels());
    }
}
