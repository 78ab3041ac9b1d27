package dev.laurel.campaign.kind;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Everything one task kind knows, in one place: its settings, the answer it takes (from the API and from
 * the player's form), the typed answer that comes out, and how quality reads that answer. One
 * implementation per kind, each in its own folder; {@link TaskKind#spec()} maps a kind to it. Pure: no
 * database, no CDI, so task, quality, dataset and importing can all use it.
 */
public interface KindSpec {
    TaskKind kind();

    /** The kind's name as the campaign wizard offers it: "Pairwise". */
    String title();

    /** What labelers do in a campaign of this kind, in a sentence for the wizard. */
    String explanation();

    /**
     * The settings a person typed into the campaign wizard, read from its fields (named as the {@link KindSettings}
     * fields); what cannot be read at all (a word where a number goes) is added to {@code problems}, the rest is left
     * to {@link #validated}.
     */
    KindSettings settingsFromForm(Map<String, String> form, List<String> problems);

    /** The {@link KindSettings} fields this kind takes, by their JSON names; the others are rejected. */
    List<String> settingFields();

    /** The settings as stored for a campaign of this kind: defaults filled in, names trimmed; problems added to {@code errors}. */
    KindSettings validated(KindSettings given, List<String> errors);

    /** The settings of a campaign stored before kinds had settings. */
    default KindSettings defaults() {
        return KindSettings.NONE;
    }

    /** The settings in a sentence for the campaign page; empty when there is nothing to say. */
    String describe(KindSettings settings);

    /** The {@link AnswerRequest} fields this kind's answer takes (besides 'reason'). */
    Set<String> answerFields();

    /** What to send, for error messages: "send 'labels', optionally 'reason'". */
    String expected();

    /** The record of this kind's checked answers, whose components are the fields of its stored JSON. */
    Class<? extends KindAnswer> answerType();

    /** The answer checked against the task and the campaign's settings, or a {@code Problem} saying what to fix. */
    KindAnswer answer(ShownTask task, AnswerRequest answer);

    /** The player's form read into the answer the API would take (then checked by {@link #answer} like any other). */
    AnswerRequest fromForm(KindSettings settings, Map<String, List<String>> form, String reason);

    /**
     * What makes two tasks the same for imports, which share a task among the answers about the same replies:
     * the replies in display order, unless the kind's answers do not depend on it (see {@link #asShownIn}).
     */
    default List<Long> sameTaskKey(List<Long> shown) {
        return shown;
    }

    /** An answer given about {@code answered} (the same replies as {@code shown}, maybe in another order) as it reads on a task showing {@code shown}. */
    default AnswerRequest asShownIn(AnswerRequest answer, List<Long> answered, List<Long> shown) {
        return answer;
    }

    /**
     * The replies each new task of a prompt shows, in display order, made of the prompt's replies no task of it shows
     * yet ({@code unseen}); {@code isFirst} when the prompt has no task yet. By default one task per reply. Pairwise
     * pairs are picked by the task feature instead ({@code task/PairSelection} weighs the model leaderboard's
     * uncertainty), so pairwise is never asked.
     */
    default List<List<Long>> taskGroups(KindSettings settings, List<Long> unseen, boolean isFirst, Random random) {
        return unseen.stream().map(List::of).toList();
    }

    /** Why a campaign of this kind cannot open yet: it has no task, for want of candidates' outputs. */
    default String nothingYet(long campaignId) {
        return "Nothing to label yet: campaign " + campaignId + " needs at least one candidate with outputs.";
    }

    /** {@link #nothingYet} of a kind whose tasks show two replies or more: "Nothing to rank yet: …". */
    static String nothingYetOfSeveral(String doing, long campaignId) {
        return "Nothing to " + doing + " yet: campaign " + campaignId
                + " needs at least two candidates with outputs for the same prompt.";
    }

    /**
     * The Label Studio control whose results are this kind's answers ("pairwise", "ranker", "rating", "choices",
     * "textarea"): the result type its exports write and its imports read.
     */
    String labelStudioControl();

    /** The dataset this kind's answers make with these settings: its tables, files, Hugging Face configs and comparisons. */
    DatasetRows dataset(KindSettings settings);

    /** Whether quality computes consensus and agreement for answers of this kind (given suitable settings). */
    default boolean hasConsensus() {
        return false;
    }

    /** The consensus space of a campaign of this kind with these settings, or empty when quality has none. */
    default Optional<AnswerSpace> space(KindSettings settings) {
        return Optional.empty();
    }
}
