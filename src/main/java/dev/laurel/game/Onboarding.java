package dev.laurel.game;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Rows;
import dev.laurel.quality.GoldTasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A labeler's first visit: whether they have finished (or skipped) the onboarding, and its practice.
 * Practice tasks are the practice gold items of the open campaigns (a model team marks them so; they
 * never enter the queue), then a few examples that ship with Laurel. A practice answer is checked here
 * and explained, and nothing else: it is no submission, so it earns no points and counts for no
 * quality figure or consensus.
 */
@ApplicationScoped
public class Onboarding {
    /** How many practice tasks the onboarding offers. */
    static final int PRACTICE_TASKS = 4;
    private static final Set<String> CHOICES = Set.of("A", "B", "TIE", "BOTH_BAD");

    private final GoldTasks gold;
    private final Campaigns campaigns;

    Onboarding(GoldTasks gold, Campaigns campaigns) {
        this.gold = gold;
        this.campaigns = campaigns;
    }

    /**
     * One practice task. {@code key} names it in URLs: {@code g<id>} for a campaign's practice item,
     * {@code b<n>} for a built-in example; {@code source} says where it comes from.
     */
    public record PracticeTask(String key, String source, String prompt, String replyA, String replyB, String answer,
                               String explanation) {
        /** The answer in words, as the player's buttons say it. */
        public String answerText() {
            return describe(answer);
        }
    }

    /** What the labeler is told after a practice answer. */
    public record Feedback(String choice, boolean right, String expected, String explanation) {
        public String choiceText() {
            return describe(choice);
        }
    }

    /** Examples that ship with Laurel, so the practice works before any team has uploaded practice items. */
    static final List<PracticeTask> BUILT_IN = List.of(
            new PracticeTask("b1", "Laurel example",
                    "What is the boiling point of water at sea level, in degrees Celsius?",
                    "Water boils at 100 °C at sea level (standard atmospheric pressure).",
                    "Water boils at 90 °C at sea level, and at higher temperatures in the mountains.",
                    "A",
                    "Reply A is correct. Reply B gets the number wrong and has the altitude effect backwards: water"
                            + " boils at a lower temperature in the mountains. Correctness comes before style."),
            new PracticeTask("b2", "Laurel example",
                    "Write a one-sentence reminder to water the plants.",
                    "Reminder: please water the plants today!",
                    "Don't forget to water the plants today.",
                    "TIE",
                    "Both replies do exactly what was asked, in one clear sentence; neither is better. When replies are"
                            + " equally good, Tie is the right answer — picking a side at random adds noise to the data."),
            new PracticeTask("b3", "Laurel example",
                    "How many legs does a spider have?",
                    "Spiders have six legs, like all insects.",
                    "Spiders have ten legs.",
                    "BOTH_BAD",
                    "Spiders have eight legs (and are not insects), so both replies are wrong. Both bad tells the model"
                            + " team that neither reply should be learned from."),
            new PracticeTask("b4", "Laurel example",
                    "Explain in one or two sentences why the sky is blue.",
                    "Because it reflects the ocean.",
                    "Sunlight is scattered by the molecules in the air, and blue light, with its shorter wavelength, is"
                            + " scattered much more than red, so blue light reaches our eyes from all over the sky.",
                    "B",
                    "Reply B gives the real reason (Rayleigh scattering) within the length asked for. Reply A is a common"
                            + " myth: short is not better when it is wrong."));

    /** Whether the labeler has finished or skipped the onboarding. */
    public boolean isFinished(long labelerId) {
        return !Rows.sql("select 1 from labeler_onboarding where labeler_id = ?1", "labeler_onboarding")
                .setParameter(1, labelerId).getResultList().isEmpty();
    }

    /** Marks the onboarding finished (or skipped): the first-visit banner stops. Doing it twice changes nothing. */
    @Transactional
    public void finish(long labelerId) {
        Rows.sql("insert into labeler_onboarding (labeler_id, finished_at) select cast(?1 as bigint),"
                        + " cast(?2 as timestamp(6) with time zone)"
                        + " where not exists (select 1 from labeler_onboarding where labeler_id = ?1)", "labeler_onboarding")
                .setParameter(1, labelerId).setParameter(2, Instant.now()).executeUpdate();
    }

    /** The practice tasks the labeler is offered, in order: practice items of open campaigns first. */
    public List<PracticeTask> practice(User labeler) {
        List<Long> open = campaigns.visibleTo(labeler).stream().filter(c -> c.kind == dev.laurel.campaign.TaskKind.PAIRWISE)
                .map(c -> c.id).toList();
        List<PracticeTask> tasks = new ArrayList<>();
        for (GoldTasks.PracticeItem item : gold.practiceItems(open, PRACTICE_TASKS)) {
            tasks.add(of(item, campaigns.terms(labeler, item.campaignId()).name()));
        }
        for (PracticeTask example : BUILT_IN) {
            if (tasks.size() < PRACTICE_TASKS) {
                tasks.add(example);
            }
        }
        return tasks;
    }

    /** One practice task by its key, if the labeler may see it (a campaign's item: while the campaign is open to them). */
    public PracticeTask task(User labeler, String key) {
        Optional<PracticeTask> found = Optional.empty();
        if (key != null && key.startsWith("b")) {
            found = BUILT_IN.stream().filter(t -> t.key().equals(key)).findFirst();
        } else if (key != null && key.matches("g\\d{1,18}")) {
            found = gold.practiceItem(Long.parseLong(key.substring(1))).map(item -> of(item, campaigns.terms(labeler, item.campaignId()).name()));
        }
        return found.orElseThrow(() -> Problem.notFound("Practice task " + key + " does not exist."));
    }

    /** Checks a practice answer. Writes nothing: a practice answer is no submission. */
    public Feedback check(PracticeTask task, String choice) {
        String picked = choice == null ? "" : choice.strip().toUpperCase(Locale.ROOT);
        if (!CHOICES.contains(picked)) {
            throw Problem.badRequest("Choose A, B, Tie or Both bad.");
        }
        return new Feedback(picked, picked.equals(task.answer()), task.answer(), task.explanation());
    }

    private static PracticeTask of(GoldTasks.PracticeItem item, String campaignName) {
        return new PracticeTask("g" + item.id(), campaignName, item.prompt(), item.replyA(), item.replyB(), item.answer(),
                item.explanation());
    }

    static String describe(String choice) {
        return switch (choice) {
            case "A" -> "A is better";
            case "B" -> "B is better";
            case "TIE" -> "Tie";
            case "BOTH_BAD" -> "Both bad";
            default -> choice;
        };
    }
}
