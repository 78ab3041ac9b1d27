package dev.laurel.quality;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Quality defaults; a campaign's own settings ({@link CampaignQuality}) start from these. */
@ConfigMapping(prefix = "laurel.quality")
public interface QualityConfig {

    /** Share of leases that serve a gold task or honeypot when the labeler has one left. */
    @WithDefault("0.05")
    double goldRate();

    /** Honeypots made when a campaign opens, per ordinary task (at least one if the rate is above 0). */
    @WithDefault("0.05")
    double honeypotRate();

    /** Consensus posterior at which a task takes no more labelers (dynamic overlap). */
    @WithDefault("0.8")
    double consensusThreshold();

    /** Answers a task needs at least before it may settle early. */
    @WithDefault("2")
    int minOverlap();

    /** Gold answers before the gold-failure signal may fire. */
    @WithDefault("8")
    int goldFailureMinimum();

    /** Gold-failure signal: the upper end of the 95% interval of gold accuracy is below this. */
    @WithDefault("0.6")
    double goldFailureAccuracy();

    /** Position-bias signal: A-or-B answers needed before it is tested. */
    @WithDefault("20")
    int positionBiasMinimum();

    /**
     * Position-bias signal: two-sided binomial p-value (left vs right, p = 1/2) below this. Tested
     * after every answer, so small: at 0.001 an honest labeler was now and then dropped (19 of 22 on
     * one side); 20 of 20 on one side is still p ≈ 2e-6.
     */
    @WithDefault("0.0001")
    double positionBiasPValue();

    /** Too-fast signal: share of answers under the campaign minimum time (after 10 answers). */
    @WithDefault("0.5")
    double fastShare();

    /** Too-many-skips signal: skips per task seen (after 10 tasks seen). */
    @WithDefault("0.6")
    double skipShare();

    /** What each signal does: WARN, DROP (answers leave consensus, points reversed) or SUSPEND (403). */
    Map<String, String> actions();

    /** How often reliability, consensus and α are recomputed in full. */
    @WithDefault("5m")
    Duration recomputeInterval();

    /** When the first recompute runs after start (read by the schedule; mapped so a typo fails start). */
    @WithDefault("30s")
    Duration recomputeDelay();

    Multiplier multiplier();

    CollusionSignal collusion();

    DawidSkeneFit dawidSkene();

    /**
     * How the recompute's Dawid-Skene fits settle; the defaults are {@link DawidSkene.Options#DEFAULTS}
     * (a test keeps them equal) and reach the published error rates on RTE and web-search relevance.
     */
    interface DawidSkeneFit {
        /** Pseudo-count on every confusion cell and class prior (a Dirichlet prior); must be above 0. */
        @WithDefault("1.0")
        double smoothing();

        /** Extra pseudo-count where a labeler's answer is the truth: a prior "a little better than chance". */
        @WithDefault("0.1")
        double diagonalBonus();

        /** EM iterations at most; a fit that has not settled by then is logged (WARN) and used as it is. */
        @WithDefault("1000")
        int maxIterations();

        /** Settled once no task's posterior changes by more than this in an iteration. */
        @WithDefault("1e-6")
        double tolerance();
    }

    /**
     * The collusion signal ({@link dev.laurel.quality.Collusion}), tested at each recompute. Defaults keep an
     * honest crowd under 5% flagged in CollusionTest while a ring copying one 70%-accurate stream is caught.
     */
    interface CollusionSignal {
        /** Tasks two labelers must share before their agreement or timing is tested. */
        @WithDefault("15")
        int minimumShared();

        /**
         * One-sided binomial p-value below which a pair's agreement, or a group's unanimity, is not chance (many pairs
         * are tested: keep it tiny); a group's is divided by the number of groups tested in the campaign question.
         */
        @WithDefault("1e-6")
        double pValue();

        /**
         * Observed minus expected agreement rate on disputed tasks before a pair is flagged. At 0.25 a ring
         * alone on its tasks with 20 check answers each was caught in 82% of simulated crowds, at 0.2 in 90%;
         * no honest labeler was flagged at either (3000 labelers).
         */
        @WithDefault("0.2")
        double contestedExcess();

        /** The same on every shared task (easy tasks make honest labelers agree beyond the model, so larger). */
        @WithDefault("0.4")
        double sharedExcess();

        /**
         * One answer stream behind several accounts: a pair is also flagged when, over every shared task, they
         * disagreed at most this share of the times independent labelers of their accuracies would (with the
         * same p-value). Catches a ring copying an accurate stream, whose agreement exceeds the expected by less
         * than any excess threshold (EconomySeasonTest).
         */
        @WithDefault("0.25")
        double identicalShare();

        /** Check answers a labeler needs before their gold accuracy is used; below it, Dawid-Skene's estimate. */
        @WithDefault("10")
        int minimumGold();

        /** Lockstep: the median time between a pair's answers to a shared task is below this. */
        @WithDefault("5s")
        Duration lockstepMedian();

        /** Lockstep: what counts as answering close together. */
        @WithDefault("10s")
        Duration lockstepWindow();

        /** Lockstep: the share of shared tasks answered close together, at least. */
        @WithDefault("0.8")
        double lockstepShare();

        /** Lockstep: by how much that share must exceed how often others on the same tasks answered close to them. */
        @WithDefault("0.5")
        double lockstepExcess();

        /**
         * A group of near-identical labelers whose joint unanimity passed {@link #pValue()} ({@link Collusion#copyRings}):
         * each member is named only if they gave the other members' answer this unlikely often on their own (their
         * accuracy taken high), and disagreed with it at most {@link #identicalShare()} of the expected times.
         */
        @WithDefault("1e-3")
        double memberPValue();

        /**
         * Audit overlap: a task answered by a labeler with fewer than {@link #auditAnswers()} answers in the campaign
         * does not settle before this many answers, so new accounts meet each other and honest labelers on shared tasks
         * and the agreement tests get data (dynamic overlap would otherwise spread a ring over different tasks).
         */
        @WithDefault("5")
        int auditOverlap();

        /** Answers in a campaign after which a labeler's tasks settle as everyone's do (see {@link #auditOverlap()}). */
        @WithDefault("100")
        int auditAnswers();
    }

    /**
     * The quality multiplier from a labeler's 95% accuracy interval: 1.0 while the interval contains
     * {@code neutral}; above it, rising linearly with the lower end up to {@code maximum} at
     * {@code fullBonusAt}; below it, falling linearly with the upper end down to {@code minimum} at
     * {@code fullPenaltyAt}.
     */
    interface Multiplier {
        @WithDefault("0.7")
        double neutral();

        @WithDefault("0.95")
        double fullBonusAt();

        @WithDefault("0.4")
        double fullPenaltyAt();

        @WithDefault("1.25")
        double maximum();

        @WithDefault("0.25")
        double minimum();
    }
}
