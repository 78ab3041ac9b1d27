package dev.laurel.campaign.kind.ranking;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.AnswerSpace;
import dev.laurel.campaign.kind.Checks;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.platform.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Order the replies a task shows from best to worst (or only the best topK). */
public final class RankingKind implements KindSpec {
    static final String CONTROL = "ranker";
    /** The most replies one ranking task shows: every reply of a prompt up to this many (issue 15 asks for 16 at least). */
    public static final int MAX_GROUP = 32;

    @Schema(name = "RankingAnswer", description = "RANKING: the reply numbers (1..k, as shown) from best to worst;"
            + " each exactly once, or only the best topK when the campaign sets topK.",
            example = "{\"ranking\": [3, 1, 4, 2]}")
    public record Format(@Schema(required = true) List<Integer> ranking, String reason) {
    }

    @Override
    public TaskKind kind() {
        return TaskKind.RANKING;
    }

    @Override
    public String title() {
        return "Ranking";
    }

    @Override
    public String explanation() {
        return "Labelers order a prompt's replies (all of them, or up to k per task) from best to worst (or only the best few).";
    }

    @Override
    public KindSettings settingsFromForm(Map<String, String> form, List<String> problems) {
        return new KindSettings(null, Checks.whole("Most replies per task (k)", form.get("k"), problems),
                Checks.whole("Rank only the best", form.get("topK"), problems), null, null, null, null, null, null);
    }

    @Override
    public List<String> settingFields() {
        return List.of("k", "topK");
    }

    @Override
    public KindSettings validated(KindSettings s, List<String> errors) {
        if (s.k() != null && (s.k() < 2 || s.k() > MAX_GROUP)) {
            errors.add("'k', the most replies one ranking task shows, must be from 2 to " + MAX_GROUP
                    + "; leave it out to rank all replies of a prompt together.");
            return KindSettings.NONE;
        }
        if (s.topK() != null && s.k() != null && (s.topK() < 1 || s.topK() >= s.k())) {
            errors.add("'topK' must be between 1 and " + (s.k() - 1) + " (k - 1); leave it out to rank all " + s.k() + " replies.");
        } else if (s.topK() != null && (s.topK() < 1 || s.topK() >= MAX_GROUP)) {
            errors.add("'topK' must be between 1 and " + (MAX_GROUP - 1) + "; leave it out to rank every reply a task shows.");
        }
        return new KindSettings(null, s.k(), s.topK(), null, null, null, null, null, null);
    }

    @Override
    public String describe(KindSettings settings) {
        String group = settings.k() == null ? "all replies of a prompt" : "up to " + settings.k() + " replies";
        return "Rank " + (settings.topK() == null ? group : "the best " + settings.topK() + " of " + group) + " per task.";
    }

    @Override
    public Set<String> answerFields() {
        return Set.of("ranking");
    }

    @Override
    public String expected() {
        return "send 'ranking', the reply numbers from best to worst, optionally 'reason'";
    }

    @Override
    public Class<RankingAnswer> answerType() {
        return RankingAnswer.class;
    }

    @Override
    public RankingAnswer answer(ShownTask task, AnswerRequest answer) {
        int k = task.replies().size();
        int wanted = task.settings().topK() == null ? k : Math.min(task.settings().topK(), k);
        List<Integer> ranking = answer.ranking();
        String what = wanted == k
                ? "The ranking must list each of the " + k + " replies exactly once"
                : "The ranking must list your best " + wanted + " of the " + k + " replies, each once";
        if (ranking == null) {
            throw Problem.badRequest("'ranking' is required: reply numbers 1 to " + k + " from best to worst"
                    + (wanted == k ? "" : ", your best " + wanted + " only") + ", e.g. " + example(wanted) + ".");
        }
        Set<Integer> seen = new HashSet<>();
        boolean valid = ranking.size() == wanted;
        for (Integer n : ranking) {
            valid &= n != null && n >= 1 && n <= k && seen.add(n);
        }
        if (!valid) {
            throw Problem.badRequest(what + " (numbers 1 to " + k + ", best first); got " + ranking + ".");
        }
        List<Long> generations = ranking.stream().map(n -> task.replies().get(n - 1)).toList();
        return new RankingAnswer(List.copyOf(ranking), generations, wanted == k ? null : k);
    }

    private static String example(int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = count; i >= 1; i--) {
            numbers.add(i);
        }
        return numbers.toString();
    }

    @Override
    public AnswerRequest fromForm(KindSettings settings, Map<String, List<String>> form, String reason) {
        // the reply numbers arrive in the order the labeler arranged them (every reply the task shows,
        // however many); only the best topK count
        List<String> order = form.get("order") == null ? List.of() : form.get("order");
        int counted = settings.topK() == null ? order.size() : Math.min(settings.topK(), order.size());
        List<Integer> ranking = order.stream().limit(counted).map(Checks::number).toList();
        return new AnswerRequest(null, reason, null, ranking, null, null, null);
    }

    @Override
    public boolean hasConsensus() {
        return true;
    }

    /** Full rankings only: a top-k answer says nothing about the pairs below its k. */
    @Override
    public Optional<AnswerSpace> space(KindSettings settings) {
        if (settings == null || settings.topK() != null) {
            return Optional.empty();
        }
        return Optional.of(AnswerSpace.ranking(TaskKind.RANKING, settings.maxGroup()));
    }

    /**
     * A prompt with at most the campaign's largest group of replies is ranked in one task of its own size; more are
     * split into groups of that size in random order, the last topped up with replies already grouped, so every reply
     * is ranked at least once and no task of the prompt is smaller. Fewer than two replies: nothing to rank.
     */
    @Override
    public List<List<Long>> taskGroups(KindSettings settings, List<Long> unseen, boolean isFirst, Random random) {
        List<Long> ids = new ArrayList<>(unseen);
        int k = Math.min(ids.size(), settings.maxGroup());
        List<List<Long>> groups = new ArrayList<>();
        if (k >= 2) {
            Collections.shuffle(ids, random);
            for (int start = 0; start < ids.size(); start += k) {
                List<Long> group = new ArrayList<>(ids.subList(start, Math.min(start + k, ids.size())));
                List<Long> others = new ArrayList<>(ids.subList(0, start));
                Collections.shuffle(others, random);
                for (int i = 0; group.size() < k; i++) {
                    group.add(others.get(i));
                }
                Collections.shuffle(group, random);
                groups.add(group);
            }
        }
        return groups;
    }

    @Override
    public String nothingYet(long campaignId) {
        return KindSpec.nothingYetOfSeveral("rank", campaignId);
    }

    @Override
    public String labelStudioControl() {
        return CONTROL;
    }

    @Override
    public DatasetRows dataset(KindSettings settings) {
        return RankingDataset.ROWS;
    }
}
