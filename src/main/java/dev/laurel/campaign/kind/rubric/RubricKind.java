package dev.laurel.campaign.kind.rubric;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.Checks;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.platform.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Rate one reply on each of the campaign's dimensions on a 5- or 7-point scale. */
public final class RubricKind implements KindSpec {
    static final String CONTROL = "rating";
    static final int MAX_DIMENSIONS = 12;
    /** The player form names a dimension's rating field {@code rating:<dimension>} (see PlayerPages/play.html). */
    public static final String RATING_FIELD = "rating:";

    @Schema(name = "RubricAnswer", description = "RUBRIC: a rating from 1 to the campaign's scale (5 or 7)"
            + " for every dimension, by dimension name.",
            example = "{\"ratings\": {\"helpfulness\": 4, \"honesty\": 5}}")
    public record Format(@Schema(required = true) Map<String, Integer> ratings, String reason) {
    }

    @Override
    public TaskKind kind() {
        return TaskKind.RUBRIC;
    }

    @Override
    public String title() {
        return "Rubric";
    }

    @Override
    public String explanation() {
        return "Labelers rate each reply on your dimensions on a 5- or 7-point scale.";
    }

    /** One dimension a line, "name: what it means". */
    @Override
    public KindSettings settingsFromForm(Map<String, String> form, List<String> problems) {
        List<KindSettings.Dimension> dimensions = Checks.entries(form.get("dimensions"), "\n").stream().map(line -> {
            int colon = line.indexOf(':');
            String description = colon < 0 ? "" : line.substring(colon + 1).strip();
            return new KindSettings.Dimension(colon < 0 ? line : line.substring(0, colon).strip(),
                    description.isEmpty() ? null : description);
        }).toList();
        return new KindSettings(null, null, null, dimensions, Checks.whole("Scale", form.get("scale"), problems),
                null, null, null, null);
    }

    @Override
    public List<String> settingFields() {
        return List.of("dimensions", "scale");
    }

    @Override
    public KindSettings validated(KindSettings s, List<String> errors) {
        int scale = s.scale() == null ? 5 : s.scale();
        if (scale != 5 && scale != 7) {
            errors.add("'scale' must be 5 or 7 (points on the Likert scale), not " + scale + ".");
        }
        List<KindSettings.Dimension> dimensions = new ArrayList<>();
        if (s.dimensions() == null || s.dimensions().isEmpty() || s.dimensions().size() > MAX_DIMENSIONS) {
            errors.add("A rubric campaign needs 'dimensions': 1 to " + MAX_DIMENSIONS + " of {\"name\", \"description\"}.");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < s.dimensions().size(); i++) {
                KindSettings.Dimension d = s.dimensions().get(i);
                String name = d == null || d.name() == null ? "" : d.name().strip();
                String description = d == null || d.description() == null ? "" : d.description().strip();
                if (!Checks.NAME.matcher(name).matches()) {
                    errors.add("Dimension " + (i + 1) + " needs a name of " + Checks.NAME_RULE + ".");
                } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    errors.add("Dimension '" + name + "' is listed twice.");
                }
                if (description.length() > 500) {
                    errors.add("The description of dimension '" + name + "' is longer than 500 characters.");
                }
                dimensions.add(new KindSettings.Dimension(name, description));
            }
        }
        return new KindSettings(null, null, null, dimensions, scale, null, null, null, null);
    }

    @Override
    public String describe(KindSettings settings) {
        return "Rate " + settings.dimensions().stream().map(KindSettings.Dimension::name).collect(Collectors.joining(", "))
                + " on a " + settings.scale() + "-point scale.";
    }

    @Override
    public Set<String> answerFields() {
        return Set.of("ratings");
    }

    @Override
    public String expected() {
        return "send 'ratings', one per dimension, optionally 'reason'";
    }

    @Override
    public Class<RubricAnswer> answerType() {
        return RubricAnswer.class;
    }

    @Override
    public RubricAnswer answer(ShownTask task, AnswerRequest answer) {
        List<KindSettings.Dimension> dimensions = task.settings().dimensions();
        int scale = task.settings().scale() == null ? 5 : task.settings().scale();
        List<String> names = dimensions.stream().map(KindSettings.Dimension::name).toList();
        if (answer.ratings() == null || answer.ratings().isEmpty()) {
            throw Problem.badRequest("'ratings' is required: a rating from 1 to " + scale + " for each of "
                    + String.join(", ", names) + ", e.g. {\"" + names.get(0) + "\": " + (scale + 1) / 2 + "}.");
        }
        Map<String, Integer> given = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : answer.ratings().entrySet()) {
            given.put(Checks.known(entry.getKey(), names, "Dimension", null), entry.getValue());
        }
        Map<String, Integer> ratings = new LinkedHashMap<>();
        for (String name : names) {
            Integer rating = given.get(name);
            if (rating == null || rating < 1 || rating > scale) {
                throw Problem.badRequest("Dimension '" + name + "' needs a rating from 1 to " + scale
                        + (rating == null ? "." : ", not " + rating + "."));
            }
            ratings.put(name, rating);
        }
        return new RubricAnswer(ratings, scale, task.replies().get(0));
    }

    @Override
    public AnswerRequest fromForm(KindSettings settings, Map<String, List<String>> form, String reason) {
        Map<String, Integer> ratings = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith(RATING_FIELD) && !values.isEmpty()) {
                ratings.put(name.substring(RATING_FIELD.length()), Checks.number(values.get(0)));
            }
        });
        return new AnswerRequest(null, reason, null, null, ratings, null, null);
    }

    @Override
    public String labelStudioControl() {
        return CONTROL;
    }

    @Override
    public DatasetRows dataset(KindSettings settings) {
        return RubricDataset.of(settings);
    }
}
