package dev.laurel.platform;

/**
 * Channel names, in one place. The outbox relay writes each stream to its "-out" channel (a
 * RabbitMQ exchange); every consumer reads its own channel (its own durable queue bound to that
 * exchange), so each consumer gets every event and acknowledges it independently. Without a broker,
 * {@link InProcessChannels} delivers each "-out" message to every consumer channel.
 */
public final class Channels {
    public static final String SUBMISSIONS_OUT = "submissions-out";
    /** Campaign progress counters. */
    public static final String SUBMISSIONS_PROGRESS = "submissions-progress";
    /** Points ledger, levels. */
    public static final String SUBMISSIONS_GAME = "submissions-game";
    /** Gold outcomes, labeler reliability, abuse signals. */
    public static final String SUBMISSIONS_QUALITY = "submissions-quality";

    /** {@link SubmissionDropped} events, written by quality. */
    public static final String DROPS_OUT = "drops-out";
    /** Points reversals. */
    public static final String DROPS_GAME = "drops-game";

    /** {@code GenerationRequested}: batches of prompts for the workers. */
    public static final String GENERATION_REQUESTED_OUT = "generation-requested-out";
    /** Workers generating replies (one shared durable queue: each batch goes to one worker). */
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

    private Channels() {
    }
}
