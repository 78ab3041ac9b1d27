package dev.laurel.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Pairs and rings of labelers who agree far more than their accuracies explain, or who answer in
 * lockstep. Under the one-coin model of {@link ConsensusPosterior} two independent labelers of
 * accuracies p and q over K classes give the same answer with probability
 * {@code pq + (1-p)(1-q)/(K-1)}, whatever the task's true class; copying one answer stream breaks
 * that independence, and sharing the same wrong answers is what gives it away (the copying test of
 * Dong, Berti-Equille &amp; Srivastava, "Integrating Conflicting Data: The Role of Source
 * Dependence", VLDB 2009). Honest accurate labelers agree often, but no more than expected.
 *
 * <p>Agreement is counted on <em>contested</em> tasks (where the other labelers did not all give the
 * same answer, or nobody else answered), since easy tasks make everyone agree beyond the model; a
 * ring that is alone on its tasks leaves none contested, so agreement on every shared task is also
 * tested, with a larger excess required. Accuracies come from Dawid-Skene with near-identical
 * labelers counted once ({@link #dawidSkeneAccuracies}), capped by check-question accuracy
 * ({@link #accuracy}). A one-sided exact binomial test against the expected rate
 * must be extremely significant, and the excess large, for a pair to be flagged. Lockstep pairs
 * answered most shared tasks within seconds of each other while the rest of the crowd, on the same
 * tasks, did not. Rings are the connected components of flagged pairs.
 */
public final class Collusion {

    /** One answer: its labeler, task, class index and when it was accepted. */
    public record Answer(long labelerId, long taskId, int value, Instant at) {
    }

    /**
     * @param minimumShared   tasks a pair must share before either test runs
     * @param pValue          the binomial p-value below which agreement counts as not by chance
     * @param contestedExcess observed minus expected agreement rate needed on contested tasks
     * @param sharedExcess    the same on every shared task (easy tasks included, so larger)
     * @param identicalShare  one answer stream: on every shared task the pair disagreed at most this share of the
     *                        times independent labelers of their accuracies would (and as extremely unlikely by chance)
     * @param lockstepMedian  lockstep: the median time between the pair's answers to a shared task is below this
     * @param lockstepWindow  lockstep: "close" means within this of each other
     * @param lockstepShare   lockstep: at least this share of shared tasks are close
     * @param lockstepExcess  lockstep: and that share exceeds, by this much, how often the others on those tasks
     *                        answered close to either of them (a queue that hands one task to many at once makes
     *                        everyone close; that is not collusion)
     * @param memberPValue    a group of near-identical labelers ({@link #copyRings}) whose joint agreement passed
     *                        {@code pValue}: a member is named only if their own agreement with the others is this
     *                        unlikely too
     * @param minimumGold     check answers a labeler needs before their gold accuracy is used
     */
    public record Thresholds(int minimumShared, double pValue, double contestedExcess, double sharedExcess,
                             double identicalShare, Duration lockstepMedian, Duration lockstepWindow, double lockstepShare,
                             double lockstepExcess, double memberPValue, int minimumGold) {
        public static final Thresholds DEFAULTS = new Thresholds(15, 1e-6, 0.2, 0.4, 0.25, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 0.8, 0.5, 1e-3, 10);

        static Thresholds of(QualityConfig.CollusionSignal config) {
            return new Thresholds(config.minimumShared(), config.pValue(), config.contestedExcess(), config.sharedExcess(),
                    config.identicalShare(), config.lockstepMedian(), config.lockstepWindow(), config.lockstepShare(),
                    config.lockstepExcess(), config.memberPValue(), config.minimumGold());
        }
    }

    /** Agreement of a pair on a set of tasks: how many, how many the same, how many expected, and the chance of as many. */
    public record Agreement(int tasks, int agreed, double expected, double pValue) {
        double excess() {
            return tasks == 0 ? 0 : (agreed - expected) / tasks;
        }
    }

    /**
     * What was found for one pair ({@code first < second}).
     *
     * @param close     shared tasks the two answered within the lockstep window of each other
     * @param medianGap the median time between their answers to a shared task
     */
    public record Pair(long first, long second, int shared, Agreement contested, Agreement all, int close,
                       Duration medianGap, boolean isAgreementSuspect, boolean isLockstep) {
        public boolean isSuspect() {
            return isAgreementSuspect || isLockstep;
        }

        public long partnerOf(long labeler) {
            return labeler == first ? second : first;
        }

        /** The smallest p-value of the agreement tests, for ordering evidence by strength. */
        double strongestPValue() {
            return Math.min(contested.pValue(), all.pValue());
        }
    }

    /** A labeler in a ring: the other members, and a sentence with the evidence. */
    public record Suspect(long labelerId, List<Long> partners, String reason) {
    }

    /** At most this many partners are described in a reason (the flag's reason holds 2000 characters). */
    static final int PARTNERS_DESCRIBED = 3;
    /** At most this many ring members are named; the rest are counted. */
    static final int NAMED = 12;

    private Collusion() {
    }

    /**
     * One question of a campaign as the recompute sees it.
     *
     * @param answers the answers that count for consensus
     * @param checks  check answers and dropped answers: not consensus, but evidence of who answers as one stream (every
     *                labeler gets the same check task of an item, and a ring member's answers stay evidence against the
     *                members not caught yet after they were dropped)
     * @param fitted  the server's Dawid-Skene fit over {@code answers}, or null
     */
    public record Question(List<Answer> answers, List<Answer> checks, int classes, DawidSkene.Result fitted) {
    }

    /** A labeler's check answers: how many were right of how many. */
    public record Gold(long correct, long seen) {
    }

    /** What {@link #find} found: members of rings whose agreement is beyond chance, and of rings answering in lockstep. */
    public record Findings(List<Suspect> colluding, List<Suspect> lockstep) {
    }

    /**
     * Everything the recompute tests for one campaign, per question: each labeler's accuracy from Dawid-Skene
     * (refitted with near-identical labelers counted once, if there are any) and their check answers; suspect pairs
     * ({@link #pairs}) and groups copying one stream ({@link #copyRings}, which also counts check and dropped answers)
     * are collusion; pairs suspect of lockstep timing only are reported apart (timing alone never costs an honest
     * labeler their points).
     */
    public static Findings find(List<Question> questions, Map<Long, Gold> gold, DawidSkene.Options options, Thresholds t) {
        List<Pair> pairs = new ArrayList<>();
        Map<Long, Suspect> copying = new LinkedHashMap<>();
        Gold none = new Gold(0, 0);
        for (Question question : questions) {
            int classes = question.classes();
            Map<Long, Double> dawidSkene = dawidSkeneAccuracies(question.answers(), classes, options, t, question.fitted());
            Map<Long, Double> accuracy = new HashMap<>();
            dawidSkene.forEach((labeler, estimate) -> {
                Gold g = gold.getOrDefault(labeler, none);
                accuracy.put(labeler, accuracy(estimate, g.correct(), g.seen(), t.minimumGold()));
            });
            pairs.addAll(pairs(question.answers(), classes, accuracy, t));
            // the group test: accuracy is the larger of Dawid-Skene's and the gold mean, for labelers with enough check
            // answers only (Dawid-Skene alone, early and smoothed, put honest labelers low and made a group of them look
            // copied; the optimistic gold estimate let a ring of five earn for a week before it was caught)
            List<Answer> withChecks = new ArrayList<>(question.answers());
            withChecks.addAll(question.checks());
            // (each member's own test takes the gold estimate high instead: see copyRings)
            Map<Long, Double> groupAccuracy = new HashMap<>();
            Map<Long, Double> upper = new HashMap<>();
            withChecks.stream().map(Answer::labelerId).distinct().forEach(labeler -> {
                Gold g = gold.getOrDefault(labeler, none);
                Double checked = goldMean(g.correct(), g.seen(), t.minimumGold());
                if (checked != null) {
                    Double estimate = dawidSkene.get(labeler);
                    groupAccuracy.put(labeler, estimate == null ? checked : Math.max(estimate, checked));
                    upper.put(labeler, Math.max(groupAccuracy.get(labeler), optimisticGold(g.correct(), g.seen())));
                }
            });
            List<Answer> assessed = withChecks.stream().filter(a -> groupAccuracy.containsKey(a.labelerId())).toList();
            copyRings(assessed, groupAccuracy, upper, t).forEach(s -> copying.putIfAbsent(s.labelerId(), s));
        }
        Map<Long, Suspect> agreeing = new LinkedHashMap<>();
        rings(pairs.stream().filter(Pair::isAgreementSuspect).toList(), t).forEach(s -> agreeing.put(s.labelerId(), s));
        copying.forEach(agreeing::putIfAbsent); // the pair evidence, where there is some, names each partner's counts
        return new Findings(List.copyOf(agreeing.values()), rings(pairs.stream().filter(Pair::isLockstep).toList(), t));
    }

    /**
     * A labeler's accuracy for the expectation. Dawid-Skene's estimate rests on many answers, but a
     * ring that dominates its tasks defines their consensus and so looks accurate; check questions
     * cannot be steered by a ring but are few. So: the Dawid-Skene estimate, capped by gold accuracy
     * once there are {@code minimumGold} check answers, taken one standard deviation above its mean
     * (Jeffreys posterior, about its 84th percentile) so a few unlucky check answers cannot make an
     * honest labeler's agreement look unexplained. The 95% upper end was tried: with 20 check answers it
     * put a 70% stream at about 0.9, and a ring alone on its tasks went uncaught in 2 of 6 crowds.
     *
     * @param dawidSkene the estimate, or null if the labeler was not in the fit
     * @return null if there is neither
     */
    public static Double accuracy(Double dawidSkene, long goldCorrect, long goldSeen, int minimumGold) {
        Double gold = goldSeen >= Math.max(1, minimumGold) ? optimisticGold(goldCorrect, goldSeen) : null;
        if (dawidSkene == null || gold == null) {
            return dawidSkene == null ? gold : dawidSkene;
        }
        return Math.min(dawidSkene, gold);
    }

    /**
     * The mean of the Jeffreys posterior of gold accuracy, for the group test ({@link #copyRings}), or null below
     * {@code minimumGold} check answers. Not the optimistic estimate: a group is judged on many members and tasks at
     * once, and what guards honest labelers there is the identical-share rule (a group must disagree at most a quarter
     * as often as independent labelers would), which a mean that is a little low does not make easier to meet.
     */
    public static Double goldMean(long correct, long seen, int minimumGold) {
        return seen >= Math.max(1, minimumGold) ? (0.5 + correct) / (1.0 + seen) : null;
    }

    private static double optimisticGold(long correct, long seen) {
        double a = 0.5 + correct;
        double b = 0.5 + seen - correct;
        double mean = a / (a + b);
        double sd = Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        return Math.min(mean + sd, 1 - 1e-9);
    }

    /** Labelers who agree on at least this share of many shared tasks count as one voter in {@link #dawidSkeneAccuracies}. */
    static final double IDENTICAL = 0.95;

    /**
     * Each labeler's Dawid-Skene accuracy with near-identical labelers (the same answer on at least
     * 95% of at least {@code minimumShared} shared tasks) counted as one voter: five copies of one
     * stream would otherwise outvote the crowd, make the consensus theirs and look accurate, so that
     * their agreement seems explained. Honest labelers this alike are nearly always right, so counting
     * them once changes little.
     *
     * @param fitted the fit over every answer as they are, if there is one: used when nobody is near-identical
     */
    public static Map<Long, Double> dawidSkeneAccuracies(List<Answer> answers, int classes, DawidSkene.Options options,
                                                         Thresholds t, DawidSkene.Result fitted) {
        Map<Long, Map<Long, Answer>> byTask = byTask(answers);
        Map<Long, Long> parent = new HashMap<>();
        shared(byTask).forEach((pair, tasks) -> {
            if (tasks.size() >= t.minimumShared()) {
                long same = tasks.stream().filter(task -> byTask.get(task).get(pair.get(0)).value()
                        == byTask.get(task).get(pair.get(1)).value()).count();
                if (same >= IDENTICAL * tasks.size()) {
                    union(parent, pair.get(0), pair.get(1));
                }
            }
        });
        List<Label> labels = new ArrayList<>();
        if (parent.isEmpty() && fitted != null) {
            Map<Long, Double> accuracy = new HashMap<>();
            byTask.values().forEach(onTask -> onTask.keySet().forEach(l ->
                    accuracy.computeIfAbsent(l, x -> fitted.accuracy(Long.toString(x)))));
            return accuracy;
        }
        for (Map.Entry<Long, Map<Long, Answer>> task : byTask.entrySet()) {
            TreeSet<Long> voted = new TreeSet<>();
            for (Answer a : task.getValue().values()) {
                long voter = parent.containsKey(a.labelerId()) ? find(parent, a.labelerId()) : a.labelerId();
                if (voted.add(voter)) {
                    labels.add(new Label(Long.toString(task.getKey()), Long.toString(voter), a.value()));
                }
            }
        }
        DawidSkene.Result fit = DawidSkene.fit(labels, classes, options);
        Map<Long, Double> accuracy = new HashMap<>();
        for (Map<Long, Answer> onTask : byTask.values()) {
            for (long labeler : onTask.keySet()) {
                accuracy.computeIfAbsent(labeler, l -> fit.accuracy(Long.toString(parent.containsKey(l) ? find(parent, l) : l)));
            }
        }
        return accuracy;
    }

    /** The chance that two independent labelers of these accuracies give the same one of {@code classes} answers. */
    public static double expectedAgreement(double p, double q, int classes) {
        return p * q + (1 - p) * (1 - q) / (classes - 1);
    }

    /**
     * Every pair sharing enough tasks, tested; labelers without an accuracy are left out of the
     * agreement test (there is nothing to expect) but not of lockstep.
     *
     * @param answers  one campaign question's answers (a labeler's second answer to a task is ignored)
     * @param classes  the number of classes of that question
     * @param accuracy each labeler's accuracy (see {@link #accuracy})
     */
    public static List<Pair> pairs(List<Answer> answers, int classes, Map<Long, Double> accuracy, Thresholds t) {
        if (classes < 2) {
            throw new IllegalArgumentException("Need at least 2 classes, got " + classes);
        }
        Map<Long, Map<Long, Answer>> byTask = byTask(answers);
        Map<List<Long>, List<Long>> shared = shared(byTask);
        // No division of pValue by the number of pairs (tried: Bonferroni over ~1000 pairs): the pair tests never flagged
        // an honest labeler in simulated seasons, with or without it, but without it a ring is caught up to four days
        // sooner, before its points settle (EconomySeasonTest paid a ring 28 % of an honest labeler's rate with it)
        List<Pair> pairs = new ArrayList<>();
        shared.forEach((pair, tasks) -> {
            if (tasks.size() >= t.minimumShared()) {
                pairs.add(test(pair.get(0), pair.get(1), tasks, byTask, classes, accuracy, t));
            }
        });
        return pairs;
    }

    /** Task → labeler → answer; a labeler's second answer to a task is ignored. */
    private static Map<Long, Map<Long, Answer>> byTask(List<Answer> answers) {
        Map<Long, Map<Long, Answer>> byTask = new LinkedHashMap<>();
        for (Answer a : answers) {
            byTask.computeIfAbsent(a.taskId(), x -> new TreeMap<>()).putIfAbsent(a.labelerId(), a);
        }
        return byTask;
    }

    /** (labeler, labeler) → the tasks both answered, from the tasks: Σ overlap² work, not labelers² × tasks. */
    private static Map<List<Long>, List<Long>> shared(Map<Long, Map<Long, Answer>> byTask) {
        Map<List<Long>, List<Long>> shared = new TreeMap<>(Comparator.<List<Long>>comparingLong(p -> p.get(0))
                .thenComparingLong(p -> p.get(1)));
        for (Map.Entry<Long, Map<Long, Answer>> task : byTask.entrySet()) {
            List<Long> on = new ArrayList<>(task.getValue().keySet());
            for (int x = 0; x < on.size(); x++) {
                for (int y = x + 1; y < on.size(); y++) {
                    shared.computeIfAbsent(List.of(on.get(x), on.get(y)), p -> new ArrayList<>()).add(task.getKey());
                }
            }
        }
        return shared;
    }

    private static Pair test(long i, long j, List<Long> shared, Map<Long, Map<Long, Answer>> byTask, int classes,
                             Map<Long, Double> accuracy, Thresholds t) {
        int contested = 0;
        int contestedAgreed = 0;
        int agreed = 0;
        int close = 0;
        long othersClose = 0;
        long othersCompared = 0;
        long windowMs = t.lockstepWindow().toMillis();
        List<Long> gaps = new ArrayList<>();
        for (long task : shared) {
            Map<Long, Answer> onTask = byTask.get(task);
            Answer a = onTask.get(i);
            Answer b = onTask.get(j);
            boolean same = a.value() == b.value();
            agreed += same ? 1 : 0;
            // contested: the others split, or nobody else answered (nothing shows the task is easy)
            long otherValues = onTask.values().stream().filter(o -> o.labelerId() != i && o.labelerId() != j)
                    .mapToInt(Answer::value).distinct().count();
            if (otherValues != 1) {
                contested++;
                contestedAgreed += same ? 1 : 0;
            }
            long gap = Math.abs(a.at().toEpochMilli() - b.at().toEpochMilli());
            gaps.add(gap);
            close += gap <= windowMs ? 1 : 0;
            for (Answer other : onTask.values()) {
                if (other.labelerId() != i && other.labelerId() != j) {
                    othersCompared++;
                    long toA = Math.abs(other.at().toEpochMilli() - a.at().toEpochMilli());
                    long toB = Math.abs(other.at().toEpochMilli() - b.at().toEpochMilli());
                    othersClose += Math.min(toA, toB) <= windowMs ? 1 : 0;
                }
            }
        }
        Double p = accuracy.get(i);
        Double q = accuracy.get(j);
        double rate = p == null || q == null ? Double.NaN : expectedAgreement(p, q, classes);
        Agreement onContested = agreement(contested, contestedAgreed, rate);
        Agreement onAll = agreement(shared.size(), agreed, rate);
        boolean agreementSuspect = !Double.isNaN(rate)
                && (significant(onContested, t.minimumShared(), t.pValue(), t.contestedExcess())
                    || significant(onAll, t.minimumShared(), t.pValue(), t.sharedExcess())
                    || isOneStream(onAll, t.minimumShared(), t.pValue(), t.identicalShare()));

        gaps.sort(Comparator.naturalOrder());
        int n = gaps.size();
        long median = n % 2 == 1 ? gaps.get(n / 2) : (gaps.get(n / 2 - 1) + gaps.get(n / 2)) / 2;
        double closeShare = (double) close / n;
        double baseline = othersCompared == 0 ? 0 : (double) othersClose / othersCompared;
        boolean lockstep = median < t.lockstepMedian().toMillis() && closeShare >= t.lockstepShare()
                && closeShare - baseline >= t.lockstepExcess();
        return new Pair(i, j, n, onContested, onAll, close, Duration.ofMillis(median), agreementSuspect, lockstep);
    }

    private static Agreement agreement(int tasks, int agreed, double rate) {
        if (Double.isNaN(rate)) {
            return new Agreement(tasks, agreed, Double.NaN, 1);
        }
        return new Agreement(tasks, agreed, rate * tasks, upperTail(agreed, tasks, rate));
    }

    private static boolean significant(Agreement a, int minimum, double pValue, double excess) {
        return a.tasks() >= minimum && a.pValue() < pValue && a.excess() >= excess;
    }

    /**
     * One answer stream behind two accounts: as unlikely by chance as {@link #significant} asks, and the pair
     * disagreed at most {@code share} of the times independent labelers of their accuracies would. The excess
     * tests cannot see a ring copying an accurate stream: two honest labelers right 90 % of the time already
     * agree on 81 %, so even a perfect copy exceeds that by less than 0.2. What gives copying away is the
     * disagreements that never happen (their errors are the same errors, Dong et al.): independent 90 %
     * labelers disagree on about one task in five, copies on none. Honest labelers whose errors fall on the
     * same hard tasks disagree less than the one-coin model says, but not four times less.
     */
    private static boolean isOneStream(Agreement a, int minimum, double pValue, double share) {
        double expectedDisagreements = a.tasks() - a.expected();
        return a.tasks() >= minimum && a.pValue() < pValue && a.tasks() - a.agreed() <= share * expectedDisagreements;
    }

    /**
     * One answer stream behind a group of accounts, tested as a group. A pair of copies of an accurate stream
     * needs about 70 shared tasks before its agreement alone is as unlikely as {@code pValue} (independent 90 %
     * labelers agree on 81 %), and the pairs of a ring spread over different tasks; but that every member present
     * on a task gives the same answer, task after task, is far less likely for independent labelers (five of
     * them at 90 % are unanimous on 59 % of tasks). So: groups are the connected components of near-identical
     * pairs (the same answer on at least 95 % of at least {@code minimumShared} shared tasks); on every task where
     * two or more members answered, independent members are unanimous with probability at most
     * {@code Π p + Π (1-p)} (the bound {@link #agreementBound} gives for two); the group is one stream when its count
     * of unanimous tasks is as unlikely as {@code pValue} divided by the number of groups tested (Bonferroni: each
     * question of each campaign tests its groups anew) and it disagreed at most {@code identicalShare} of the times
     * independent labelers would.
     *
     * <p>A member is named only if their own answers say so: on each task they share with the group, their answer
     * against the other members' (what most of those present said), expected to agree at most {@link #agreementBound}
     * of the member's own accuracy taken high (a few unlucky check answers must not make their agreement look
     * unexplained) and the best of theirs, as unlikely as {@code memberPValue}, and disagreeing at most
     * {@code identicalShare} of the times that expects. (The others' majority can be a little more accurate than
     * the best of them when they are independent; the identical-share rule, which asks for four times fewer
     * disagreements than expected, leaves that no room.) Their share of the group's unanimity would not do: the other members' copying makes every
     * task they are on unanimous far beyond chance, so an honest labeler who worked beside a ring and happened to
     * match it on a few tasks carried the ring's surprise as their own (EconomySeasonTest flagged 2 of 20 honest
     * labelers so in one run of three). Members without an accuracy are left out.
     *
     * @param accuracy each labeler's accuracy for the group's unanimity
     * @param upper    each labeler's accuracy taken high (few check answers say little), for their own member test
     */
    public static List<Suspect> copyRings(List<Answer> answers, Map<Long, Double> accuracy, Map<Long, Double> upper,
                                          Thresholds t) {
        Map<Long, Map<Long, Answer>> byTask = byTask(answers);
        Map<Long, Long> parent = new HashMap<>();
        shared(byTask).forEach((pair, tasks) -> {
            if (tasks.size() >= t.minimumShared() && accuracy.containsKey(pair.get(0)) && accuracy.containsKey(pair.get(1))) {
                long same = tasks.stream().filter(task -> byTask.get(task).get(pair.get(0)).value()
                        == byTask.get(task).get(pair.get(1)).value()).count();
                if (same >= IDENTICAL * tasks.size()) {
                    union(parent, pair.get(0), pair.get(1));
                }
            }
        });
        Map<Long, TreeSet<Long>> groups = new TreeMap<>();
        new ArrayList<>(parent.keySet()).forEach(l -> groups.computeIfAbsent(find(parent, l), r -> new TreeSet<>()).add(l));
        double jointPValue = t.pValue() / Math.max(1, groups.size());
        List<Suspect> suspects = new ArrayList<>();
        for (TreeSet<Long> component : groups.values()) {
            // an honest labeler who happened to match one member is in the component but not in the stream: a member
            // whose own tasks do not look copied is left out and the rest tested again, until nobody leaves
            Set<Long> group = new TreeSet<>(component);
            while (group.size() >= 2) {
                Unanimity found = unanimity(group, byTask, accuracy, upper);
                // one at a time, the weakest first: an outsider's disagreements also blur the members' own counts
                Long weakest = group.stream()
                        .filter(m -> !isOneStream(found.of(m), t.minimumShared(), t.memberPValue(), t.identicalShare()))
                        .max(Comparator.comparingDouble((Long m) -> found.of(m).pValue())
                                .thenComparingLong(m -> found.of(m).agreed() - found.of(m).tasks()))
                        .orElse(null);
                if (weakest != null) {
                    group.remove(weakest);
                    continue;
                }
                if (isOneStream(found.joint(), t.minimumShared(), jointPValue, t.identicalShare())) {
                    for (long member : group) {
                        List<Long> partners = group.stream().filter(m -> m != member).toList();
                        Agreement own = found.of(member);
                        Agreement joint = found.joint();
                        suspects.add(new Suspect(member, partners, String.format(Locale.ROOT,
                                "Your answers look copied from one stream shared with %s: on %d of %d tasks that two or more of"
                                        + " you answered, all of you gave the same answer, where your estimated accuracies explain"
                                        + " about %.0f (chance of as many: %.1g); on the %d such tasks you answered, you gave"
                                        + " another member's answer %d times (at most about %.0f expected).", names(partners),
                                joint.agreed(), joint.tasks(), joint.expected(), joint.pValue(), own.tasks(), own.agreed(),
                                own.expected())));
                    }
                }
                break;
            }
        }
        return suspects;
    }

    /** {@link #copyRings} with one accuracy for both tests. */
    public static List<Suspect> copyRings(List<Answer> answers, Map<Long, Double> accuracy, Thresholds t) {
        return copyRings(answers, accuracy, accuracy, t);
    }

    /**
     * The most two independent labelers of accuracies p and q can agree, whatever their wrong answers look like:
     * {@code pq + (1-p)(1-q)}, reached when every wrong answer is the same wrong answer (a pairwise task's other
     * side). {@link #expectedAgreement} spreads wrong answers evenly over the other classes, which is a third of
     * this coincidence for 4 classes: right for a labeler guessing among them, too little for an honest one who,
     * when wrong on a pairwise task, picks the other reply.
     */
    public static double agreementBound(double p, double q) {
        return p * q + (1 - p) * (1 - q);
    }

    /** A group's unanimity over the tasks two or more of its members answered, and each member's own agreement with it. */
    private record Unanimity(Agreement joint, Map<Long, Agreement> members) {
        Agreement of(long member) {
            return members.getOrDefault(member, new Agreement(0, 0, 0, 1));
        }
    }

    private static Unanimity unanimity(Set<Long> group, Map<Long, Map<Long, Answer>> byTask, Map<Long, Double> accuracy,
                                       Map<Long, Double> upper) {
        List<double[]> tasks = new ArrayList<>(); // per task: chance of unanimity, unanimous (1/0)
        Map<Long, List<double[]>> byMember = new HashMap<>(); // per task: chance of agreeing with the reference, agreed
        for (Map<Long, Answer> onTask : byTask.values()) {
            List<Answer> present = onTask.values().stream().filter(a -> group.contains(a.labelerId())).toList();
            if (present.size() < 2) {
                continue;
            }
            double all = 1;
            double allWrong = 1;
            for (Answer a : present) {
                double p = accuracy.get(a.labelerId());
                all *= p;
                allWrong *= 1 - p;
            }
            boolean unanimous = present.stream().mapToInt(Answer::value).distinct().count() == 1;
            tasks.add(new double[] {all + allWrong, unanimous ? 1 : 0});
            for (Answer a : present) {
                // the others' answer: what most of them said (present is in labeler order, so a tie goes to the lowest
                // numbered), as accurate as the most accurate of them
                Map<Integer, Integer> votes = new LinkedHashMap<>();
                double best = 0;
                for (Answer other : present) {
                    if (other != a) {
                        votes.merge(other.value(), 1, Integer::sum);
                        best = Math.max(best, accuracy.get(other.labelerId()));
                    }
                }
                int most = votes.values().stream().max(Integer::compare).orElseThrow();
                int theirs = votes.entrySet().stream().filter(v -> v.getValue() == most).findFirst().orElseThrow().getKey();
                double rate = agreementBound(upper.getOrDefault(a.labelerId(), accuracy.get(a.labelerId())), best);
                byMember.computeIfAbsent(a.labelerId(), m -> new ArrayList<>()).add(new double[] {rate, a.value() == theirs ? 1 : 0});
            }
        }
        Map<Long, Agreement> members = new HashMap<>();
        byMember.forEach((member, own) -> members.put(member, unanimity(own)));
        return new Unanimity(unanimity(tasks), members);
    }

    /** Successes (unanimous tasks, agreements) against their chances: count, expected count, and P(as many or more) (Poisson-binomial). */
    private static Agreement unanimity(List<double[]> tasks) {
        int n = tasks.size();
        int agreed = 0;
        double expected = 0;
        double[] distribution = new double[n + 1]; // P(k unanimous among the tasks so far)
        distribution[0] = 1;
        for (int i = 0; i < n; i++) {
            double rate = tasks.get(i)[0];
            agreed += (int) tasks.get(i)[1];
            expected += rate;
            for (int k = i + 1; k >= 1; k--) {
                distribution[k] = distribution[k] * (1 - rate) + distribution[k - 1] * rate;
            }
            distribution[0] *= 1 - rate;
        }
        double tail = 0;
        for (int k = agreed; k <= n; k++) {
            tail += distribution[k];
        }
        return new Agreement(n, agreed, expected, agreed == 0 ? 1 : Math.min(1, tail));
    }

    /** P(X ≥ k) for X ~ Binomial(n, rate), summed in log space so long runs neither overflow nor underflow. */
    static double upperTail(int k, int n, double rate) {
        if (k <= 0) {
            return 1;
        }
        if (rate <= 0) {
            return 0;
        }
        if (rate >= 1) {
            return 1;
        }
        double logRate = Math.log(rate);
        double logMiss = Math.log1p(-rate);
        double logN = BetaInterval.logGamma(n + 1.0);
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[n - k + 1];
        for (int x = k; x <= n; x++) {
            double term = logN - BetaInterval.logGamma(x + 1.0) - BetaInterval.logGamma(n - x + 1.0)
                    + x * logRate + (n - x) * logMiss;
            terms[x - k] = term;
            max = Math.max(max, term);
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return Math.min(1, Math.exp(max) * sum);
    }

    /**
     * Rings from suspect pairs (several questions of one campaign may report the same pair; the
     * strongest evidence is kept): every member of a connected component gets one {@link Suspect}
     * naming the other members and the evidence of its own suspect pairs, strongest first.
     */
    public static List<Suspect> rings(List<Pair> pairs, Thresholds t) {
        Map<String, Pair> strongest = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            if (pair.isSuspect()) {
                strongest.merge(pair.first() + "-" + pair.second(), pair, Collusion::stronger);
            }
        }
        Map<Long, Long> parent = new HashMap<>();
        for (Pair pair : strongest.values()) {
            union(parent, pair.first(), pair.second());
        }
        Map<Long, TreeSet<Long>> members = new TreeMap<>();
        parent.keySet().forEach(l -> members.computeIfAbsent(find(parent, l), r -> new TreeSet<>()).add(l));
        List<Suspect> suspects = new ArrayList<>();
        for (TreeSet<Long> ring : members.values()) {
            for (long labeler : ring) {
                List<Long> partners = ring.stream().filter(m -> m != labeler).toList();
                List<Pair> own = strongest.values().stream()
                        .filter(p -> p.first() == labeler || p.second() == labeler)
                        .sorted(Comparator.comparingDouble(Pair::strongestPValue)
                                .thenComparing(p -> -p.close()))
                        .toList();
                suspects.add(new Suspect(labeler, partners, reason(labeler, partners, own, t)));
            }
        }
        return suspects;
    }

    private static Pair stronger(Pair a, Pair b) {
        if (a.isAgreementSuspect() != b.isAgreementSuspect()) {
            return a.isAgreementSuspect() ? a : b;
        }
        return a.strongestPValue() <= b.strongestPValue() ? a : b;
    }

    private static String reason(long labeler, List<Long> partners, List<Pair> own, Thresholds t) {
        StringBuilder reason = new StringBuilder(String.format(Locale.ROOT,
                "Your answers look coordinated with %s, more than independent work explains.", names(partners)));
        for (Pair pair : own.subList(0, Math.min(PARTNERS_DESCRIBED, own.size()))) {
            reason.append(" With labeler #").append(pair.partnerOf(labeler)).append(':');
            List<String> facts = new ArrayList<>();
            if (pair.isAgreementSuspect()) {
                Agreement a = pair.contested().pValue() <= pair.all().pValue() ? pair.contested() : pair.all();
                facts.add(String.format(Locale.ROOT,
                        "you gave the same answer on %d of %d %s you both answered, where your estimated"
                                + " accuracies explain about %.0f (chance of as many: %.1g)",
                        a.agreed(), a.tasks(), a == pair.contested() ? "disputed tasks" : "tasks", a.expected(),
                        a.pValue()));
            }
            if (pair.isLockstep()) {
                facts.add(String.format(Locale.ROOT,
                        "%d of %d shared tasks were answered within %d seconds of each other (median %.1f seconds apart)",
                        pair.close(), pair.shared(), t.lockstepWindow().toSeconds(), pair.medianGap().toMillis() / 1000.0));
            }
            reason.append(' ').append(String.join("; ", facts)).append('.');
        }
        if (own.size() > PARTNERS_DESCRIBED) {
            reason.append(String.format(Locale.ROOT, " Similar evidence links you to %d more.", own.size() - PARTNERS_DESCRIBED));
        }
        return reason.toString();
    }

    private static String names(List<Long> partners) {
        List<String> names = partners.stream().limit(NAMED).map(p -> "#" + p).collect(Collectors.toList());
        if (partners.size() > NAMED) {
            names.add((partners.size() - NAMED) + " others");
        }
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return (names.size() == 1 ? "labeler " : "labelers ") + list;
    }

    private static long find(Map<Long, Long> parent, long x) {
        parent.putIfAbsent(x, x);
        long root = x;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        parent.put(x, root);
        return root;
    }

    private static void union(Map<Long, Long> parent, long a, long b) {
        long ra = find(parent, a);
        long rb = find(parent, b);
        if (ra != rb) {
            parent.put(Math.max(ra, rb), Math.min(ra, rb));
        }
    }
}
