package dev.laurel.rewardmodel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "laurel.rewardmodel")
public interface RewardModelConfig {
    /** Directory of training data and model artifacts; shared storage when web and worker pods are separate. */
    @WithDefault("./data/reward-models")
    String store();

    /** How often the worker reports its heartbeat and looks for queued jobs. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Load the DJL engines when a worker starts rather than with its first job (tests turn it off). */
    @WithDefault("true")
    boolean startEnginesAtStartup();

    /** A running job whose worker has not reported for this long is given to another worker. */
    @WithDefault("PT2M")
    Duration jobLease();

    /** After this many starts (restarts included) a job fails instead of being retried again. */
    @WithDefault("3")
    int maxAttempts();

    /** Embeddings kept in memory (LRU), about 1.6 kB each. */
    @WithDefault("20000")
    int embeddingCacheSize();

    /** Also keep embeddings in the database, so a restarted worker does not recompute them. */
    @WithDefault("true")
    boolean persistEmbeddings();

    /** Largest training set accepted in one upload. */
    @WithDefault("200000")
    int maxPairs();

    /** Largest batch the scoring endpoint accepts. */
    @WithDefault("256")
    int maxScoreBatch();

    /** Largest scorer parameter file accepted (streamed to the store; larger gets 413 while it streams). */
    @WithDefault("209715200")
    long maxScorerBytes();

    /** How often worker-role processes look for uploaded scorers to validate. */
    @WithDefault("3s")
    Duration validationPoll();

    /** A validation claim older than this is taken over by another worker (its worker stopped). */
    @WithDefault("10m")
    Duration validationLease();

    /** How often worker-role processes look for scoring requests (POST /api/reward-models/{id}/score) written elsewhere. */
    @WithDefault("500ms")
    Duration scorePoll();

    /** How long POST …/score waits for a worker's rewards before it answers 202 with the request to poll. */
    @WithDefault("10s")
    Duration scoreWait();

    /** A scoring claim older than this is taken over by another worker (its worker stopped). */
    @WithDefault("2m")
    Duration scoreLease();

    /** Finished scoring requests are deleted after this long (their caller has read them by then). */
    @WithDefault("1h")
    Duration scoreKeep();
}
