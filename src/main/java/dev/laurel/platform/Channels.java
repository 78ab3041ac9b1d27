package dev.laurel.platform;

import java.util.List;
import java.util.Map;

/**
 * Channel names and who hears what, in one place. The outbox relay writes each stream to its "-out"
 * channel (a RabbitMQ exchange of the same stream); every consumer reads its own channel (its own
 * quorum queue bound to that exchange), so each consumer gets every event and acknowledges it
 * independently. {@link #FANOUT} is the whole wiring: application.properties binds each consumer's
 * queue to its stream's exchange (where {@link RabbitPublisher} sends the stream's events), and
 * without a broker {@link InProcessChannels} delivers each "-out" message to the same consumers.
 *
 * <p>The answer path: {@code task} accepts an answer ({@code SubmissionAccepted} on
 * {@link #SUBMISSIONS_OUT}) → progress and quality → quality assesses it ({@code AnswerAssessed}, and
 * later perhaps {@code SubmissionDropped}, both on {@link #ASSESSMENTS_OUT}) → game scores and reverses.
 * Quality runs before game because game only hears what quality says.
 */
public final class Channels {
    /** {@code task.SubmissionAccepted}. */
    public static final String SUBMISSIONS_OUT = "submissions-out";
    /** Campaign progress counters ({@code task.SubmissionEvents}). */
    public static final String SUBMISSIONS_PROGRESS = "submissions-progress";
    /** Gold outcomes, labeler reliability, abuse signals; then the assessment ({@code quality.QualityEvents}). */
    public static final String SUBMISSIONS_QUALITY = "submissions-quality";

    /** {@code quality.QualityEvent}: answers assessed, answers dropped — in quality's order. */
    public static final String ASSESSMENTS_OUT = "assessments-out";
    /** Points ledger, levels, streaks; reversals ({@code game.GameEvents}). */
    public static final String ASSESSMENTS_GAME = "assessments-game";

    /** {@code GenerationRequested}: batches of prompts for the workers. */
    public static final String GENERATION_REQUESTED_OUT = "generation-requested-out";
    /** Workers generating replies (one shared queue: each batch goes to one worker). */
    public static final String GENERATION_WORK = "generation-work";

    /** {@code GenerationCompleted}: replies stored by a worker. */
    public static final String GENERATION_COMPLETED_OUT = "generation-completed-out";
    /** The task factory pairing replies of prompts whose replies are all in. */
    public static final String GENERATION_TASKS = "generation-tasks";
    /** Pre-scoring of new replies with the team's active reward model (rewardmodel). */
    public static final String GENERATION_REWARDS = "generation-rewards";

    /** {@code TrainingRequested} events (rewardmodel): a training job was queued. */
    public static final String TRAINING_OUT = "training-out";
    /** The training workers (one shared queue: any worker may take the wake-up). */
    public static final String TRAINING_WORKER = "training-worker";

    /** {@code RewardModelReady} events (rewardmodel): a new reward-model version exists. */
    public static final String REWARD_MODELS_OUT = "rewardmodels-out";
    /** Scoring: loads the new version ahead of its first use. */
    public static final String REWARD_MODELS_SCORING = "rewardmodels-scoring";

    /** Each "-out" channel and the consumer channels that hear it. */
    public static final Map<String, List<String>> FANOUT = Map.of(
            SUBMISSIONS_OUT, List.of(SUBMISSIONS_PROGRESS, SUBMISSIONS_QUALITY),
            ASSESSMENTS_OUT, List.of(ASSESSMENTS_GAME),
            GENERATION_REQUESTED_OUT, List.of(GENERATION_WORK),
            GENERATION_COMPLETED_OUT, List.of(GENERATION_TASKS, GENERATION_REWARDS),
            TRAINING_OUT, List.of(TRAINING_WORKER),
            REWARD_MODELS_OUT, List.of(REWARD_MODELS_SCORING));

    private Channels() {
    }
}
