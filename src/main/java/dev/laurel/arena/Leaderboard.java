package dev.laurel.arena;

import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.arena.BradleyTerry.Verdict;
import dev.laurel.quality.Reliability;
import dev.laurel.campaign.Campaigns;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
import dev.laurel.task.Submissions;
import dev.laurel.task.Submissions.PairwiseVote;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Model leaderboards: per campaign, and global (a team's campaigns together, or every campaign for
 * an admin), computed by {@link Ranking} from the task feature's side-free votes.
 *
 * <p><b>When boards are recomputed.</b> Results are cached in memory per scope, each with the
 * {@link Fingerprint} of the votes it was computed from. A request compares the cached fingerprint
 * with the current one (one aggregate query): unchanged, the cached board is served; changed, the
 * board is recomputed, except that a board younger than {@code laurel.arena.debounce} is served as
 * it is, marked {@code stale}, so a burst of votes and refreshes costs one recomputation. A
 * scheduled job ({@code laurel.arena.refresh-interval}) brings every cached board up to date and
 * drops boards nobody looked at for {@code laurel.arena.idle-eviction}.
 *
 * <p>Why not recompute on the {@code SubmissionAccepted} events: boards are cached per pod, but a
 * consumer's durable queue is shared by its pods as competing consumers, so an event reaches one pod
 * and the others would keep serving old boards; and eager recomputation spends CPU on boards
 * nobody may be looking at. The fingerprint check is one indexed aggregate per request, costs
 * nothing while nobody watches, and is never more than one debounce period behind for someone who
 * does. The seed is fixed, so pods serving the same votes agree exactly.
 */
@ApplicationScoped
public class Leaderboard {
    private final Campaigns campaigns;
    private final Submissions submissions;
    private final Candidates candidates;
    private final ArenaConfig config;
    private final Reliability reliabilities;
    private final Map<Scope, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Scope, Object> locks = new ConcurrentHashMap<>();

    Leaderboard(Campaigns campaigns, Submissions submissions, Candidates candidates, ArenaConfig config,
                Reliability reliabilities) {
        this.reliabilities = reliabilities;
        this.campaigns = campaigns;
        this.submissions = submissions;
        this.candidates = candidates;
        this.config = config;
    }

    /** Which votes a board ranks: one campaign's, a team's campaigns', or all campaigns'. */
    public record Scope(Kind kind, Long id, boolean styleControl) {
        public enum Kind { CAMPAIGN, TEAM, ALL }

        public static Scope campaign(long campaignId, boolean styleControl) {
            return new Scope(Kind.CAMPAIGN, campaignId, styleControl);
        }
    }

    /** The campaigns a board covers and how far their votes have come. */
    record Fingerprint(List<Long> campaignIds, Submissions.Stamp stamp) {
    }

    /** One model on the board; {@code winRate} is PRD's majority win rate over its tasks (ties half). */
    public record Standing(long candidateId, String name, double rating, double lower, double upper, int rank,
                           int battles, double winRate) {
    }

    /**
     * A computed leaderboard.
     *
     * @param models      best first
     * @param winFractions [row][column] = share of their tasks the row model won by majority, in the
     *                     order of {@code models}; null on the diagonal and for pairs never compared
     * @param items        [row][column] = tasks between the two models
     * @param won          [row][column] = tasks whose majority the row model won (ties not counted)
     * @param ties         [row][column] = tasks whose votes cancelled out; {@code items - ties} were decided
     * @param stale        true when newer votes exist and the board is within its debounce period
     */
    public record Board(Scope scope, List<Long> campaignIds, int votes, int rounds, Double lengthCoefficient,
                        Instant computedAt, boolean stale, List<Standing> models, List<List<Double>> winFractions,
                        List<List<Integer>> items, List<List<Integer>> won, List<List<Integer>> ties) {
        Board asStale() {
            return new Board(scope, campaignIds, votes, rounds, lengthCoefficient, computedAt, true, models,
                    winFractions, items, won, ties);
        }
    }

    private static final class Cached {
        final Fingerprint fingerprint;
        final Board board;
        volatile Instant lastRead;
        /** When the board was last found to match the votes (computed, or its fingerprint compared). */
        volatile Instant checkedAt;

        Cached(Fingerprint fingerprint, Board board) {
            this.fingerprint = fingerprint;
            this.board = board;
            this.lastRead = Instant.now();
            this.checkedAt = this.lastRead;
        }
    }

    /** A campaign's board, for its model team or an admin. */
    public Board campaign(User viewer, long campaignId, boolean styleControl) {
        QuarkusTransaction.joiningExisting().run(() -> campaigns.managed(viewer, campaignId));
        return board(Scope.campaign(campaignId, styleControl));
    }

    /** The global board: a modeler's team's campaigns together, every campaign for an admin. */
    public Board global(User viewer, boolean styleControl) {
        if (Role.ADMIN.equals(viewer.role)) {
            return board(new Scope(Scope.Kind.ALL, null, styleControl));
        }
        if (viewer.teamId == null) {
            throw Problem.forbidden("Only model teams and admins see model leaderboards.");
        }
        return board(new Scope(Scope.Kind.TEAM, viewer.teamId, styleControl));
    }

    /**
     * A campaign's board for a page that polls (the campaign dashboard): served from the cache without even the
     * fingerprint query while the board was checked against the votes within the debounce period, so that many
     * viewers of a big campaign cost one count of its votes per period, not one per view (the REST API and the
     * scheduled refresh still check every time).
     */
    public Board campaignForPage(User viewer, long campaignId, boolean styleControl) {
        QuarkusTransaction.joiningExisting().run(() -> campaigns.managed(viewer, campaignId));
        Scope scope = Scope.campaign(campaignId, styleControl);
        Cached cached = cache.get(scope);
        if (cached != null && cached.checkedAt.plus(config.debounce()).isAfter(Instant.now())) {
            cached.lastRead = Instant.now();
            return cached.board;
        }
        return board(scope);
    }

    /** The board of a scope: cached while its votes are unchanged (or within the debounce period). */
    public Board board(Scope scope) {
        Fingerprint current = fingerprint(scope);
        Cached cached = cache.get(scope);
        if (cached != null) {
            cached.lastRead = Instant.now();
            if (cached.fingerprint.equals(current)) {
                cached.checkedAt = Instant.now();
                return cached.board;
            }
            if (cached.board.computedAt().plus(config.debounce()).isAfter(Instant.now())) {
                return cached.board.asStale();
            }
        }
        return recompute(scope, current);
    }

    /** Brings every cached board up to date and forgets those nobody read lately; returns how many it recomputed. */
    public int refreshCached() {
        Instant idleSince = Instant.now().minus(config.idleEviction());
        int recomputed = 0;
        for (Map.Entry<Scope, Cached> entry : cache.entrySet()) {
            if (entry.getValue().lastRead.isBefore(idleSince)) {
                cache.remove(entry.getKey(), entry.getValue());
                continue;
            }
            Fingerprint current = fingerprint(entry.getKey());
            if (!entry.getValue().fingerprint.equals(current)) {
                recompute(entry.getKey(), current);
                recomputed++;
            } else {
                entry.getValue().checkedAt = Instant.now();
            }
        }
        return recomputed;
    }

    private Board recompute(Scope scope, Fingerprint seen) {
        synchronized (locks.computeIfAbsent(scope, s -> new Object())) {
            Cached cached = cache.get(scope);
            if (cached != null && cached.fingerprint.equals(seen)) {
                return cached.board; // another request computed it while we waited
            }
            long start = System.nanoTime();
            Cached computed = QuarkusTransaction.joiningExisting().call(() -> compute(scope));
            Log.debugf("Leaderboard %s: %d votes in %.0f ms", scope, computed.board.votes(), (System.nanoTime() - start) / 1e6);
            cache.put(scope, computed);
            return computed.board;
        }
    }

    private Cached compute(Scope scope) {
        List<Long> campaignIds = campaignIds(scope);
        // stamp first: if a vote lands between the two reads the stored stamp is older than the
        // votes used, and the next request merely recomputes once more
        Submissions.Stamp stamp = submissions.stamp(campaignIds);
        List<PairwiseVote> all = submissions.pairwise(campaignIds);
        // imported replies no model gave ("human", "unknown") are compared in datasets, not ranked here
        Set<Long> notModels = candidates.notModels(all.stream()
                .flatMap(vote -> Stream.of(vote.candidateA(), vote.candidateB())).collect(Collectors.toSet()));
        List<PairwiseVote> votes = notModels.isEmpty() ? all : all.stream()
                .filter(vote -> !notModels.contains(vote.candidateA()) && !notModels.contains(vote.candidateB())).toList();
        List<Ranking.Vote> ranked = new ArrayList<>(votes.size());
        Map<Long, Double> weights = new java.util.HashMap<>(); // one look-up per labeler, not per vote
        for (PairwiseVote vote : votes) {
            double weight = config.reliabilityWeighting()
                    ? weights.computeIfAbsent(vote.labelerId(), id -> weight(reliabilities.of(id))) : 1.0;
            ranked.add(new Ranking.Vote(vote.taskId(), vote.candidateA(), vote.candidateB(), verdict(vote.outcome()),
                    vote.lengthA(), vote.lengthB(), weight));
        }
        int rounds = config.bootstrapRounds();
        Ranking.Result result = Ranking.compute(ranked, rounds, config.seed(), scope.styleControl());
        Map<Long, String> names = candidates.names(result.candidates());
        List<Standing> models = result.entries().stream()
                .map(e -> new Standing(e.candidateId(), names.get(e.candidateId()), e.rating(), e.lower(), e.upper(),
                        e.rank(), e.battles(), e.winRate()))
                .toList();
        List<List<Double>> fractions = new ArrayList<>();
        List<List<Integer>> items = new ArrayList<>();
        List<List<Integer>> won = new ArrayList<>();
        List<List<Integer>> ties = new ArrayList<>();
        for (Standing row : models) {
            int r = result.candidates().indexOf(row.candidateId());
            List<Double> fractionRow = new ArrayList<>();
            List<Integer> itemRow = new ArrayList<>();
            List<Integer> wonRow = new ArrayList<>();
            List<Integer> tieRow = new ArrayList<>();
            for (Standing column : models) {
                int c = result.candidates().indexOf(column.candidateId());
                double fraction = result.winRates().winFraction(r, c);
                fractionRow.add(Double.isNaN(fraction) ? null : fraction);
                itemRow.add(result.winRates().items()[r][c]);
                wonRow.add(result.winRates().won()[r][c]);
                tieRow.add(result.winRates().ties()[r][c]);
            }
            fractions.add(java.util.Collections.unmodifiableList(fractionRow));
            items.add(List.copyOf(itemRow));
            won.add(List.copyOf(wonRow));
            ties.add(List.copyOf(tieRow));
        }
        Board board = new Board(scope, campaignIds, result.votes(), rounds, result.lengthCoefficient(), Instant.now(),
                false, models, List.copyOf(fractions), List.copyOf(items), List.copyOf(won), List.copyOf(ties));
        return new Cached(new Fingerprint(campaignIds, stamp), board);
    }

    private Fingerprint fingerprint(Scope scope) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Long> campaignIds = campaignIds(scope);
            return new Fingerprint(campaignIds, submissions.stamp(campaignIds));
        });
    }

    private List<Long> campaignIds(Scope scope) {
        return switch (scope.kind()) {
            case CAMPAIGN -> List.of(scope.id());
            case TEAM -> campaigns.campaignIds(scope.id());
            case ALL -> campaigns.campaignIds(null);
        };
    }

    /**
     * A labeler's weight in Bradley-Terry when {@code laurel.arena.reliability-weighting} is on: the
     * quality multiplier, the one number quality publishes for "how much this labeler's work counts"
     * (1 for a labeler without evidence, so an unknown labeler counts as today; 0 silences a spammer).
     */
    static double weight(Reliability.LabelerReliability reliability) {
        double weight = reliability.multiplierMillionths() / (double) Reliability.LabelerReliability.ONE;
        return Double.isFinite(weight) && weight > 0 ? weight : 0;
    }

    private static Verdict verdict(Submissions.Outcome outcome) {
        return switch (outcome) {
            case A_BETTER -> Verdict.A_BETTER;
            case B_BETTER -> Verdict.B_BETTER;
            case TIE -> Verdict.TIE;
            case BOTH_BAD -> Verdict.BOTH_BAD;
        };
    }
}
