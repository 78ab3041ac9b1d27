package dev.laurel.arena;

import dev.laurel.campaign.Campaign;
import dev.laurel.task.PairUncertainty;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The campaign leaderboard's view for pair selection: how likely the two candidates' order on the
 * board is wrong. With ratings r and bootstrap 95% intervals of half-width h, each rating's spread is
 * σ ≈ h / 1.96 and the difference's is √(σa² + σb²) (treating the two as independent, which
 * overstates the spread a little and so errs toward exploring). The value is 2·Φ(−|ra − rb| / σ):
 * 1 for a pair the board cannot tell apart, toward 0 for a clearly separated pair. Candidates not
 * on the board yet count as unknown (1).
 */
@ApplicationScoped
class LeaderboardUncertainty implements PairUncertainty {
    private static final double Z95 = 1.959964;

    private final Leaderboard leaderboard;
    private final ArenaConfig config;

    LeaderboardUncertainty(Leaderboard leaderboard, ArenaConfig config) {
        this.leaderboard = leaderboard;
        this.config = config;
    }

    @Override
    public Optional<double[]> of(Campaign campaign, long promptId, List<ReplyPair> pairs) {
        Leaderboard.Board board = leaderboard.board(Leaderboard.Scope.campaign(campaign.id, false));
        if (board.votes() < config.pairSelectionMinVotes()) {
            return Optional.empty();
        }
        Map<Long, Leaderboard.Standing> standings = new HashMap<>();
        board.models().forEach(s -> standings.put(s.candidateId(), s));
        double[] values = new double[pairs.size()];
        for (int i = 0; i < values.length; i++) {
            Leaderboard.Standing a = standings.get(pairs.get(i).a().candidateId());
            Leaderboard.Standing b = standings.get(pairs.get(i).b().candidateId());
            values[i] = a == null || b == null ? 1.0 : orderUncertainty(a, b);
        }
        return Optional.of(values);
    }

    static double orderUncertainty(Leaderboard.Standing a, Leaderboard.Standing b) {
        double spreadA = (a.upper() - a.lower()) / (2 * Z95);
        double spreadB = (b.upper() - b.lower()) / (2 * Z95);
        double spread = Math.sqrt(spreadA * spreadA + spreadB * spreadB);
        double gap = Math.abs(a.rating() - b.rating());
        if (spread == 0) {
            return gap == 0 ? 1.0 : 0.0;
        }
        return Math.min(1.0, 2 * normalTail(gap / spread)); // the fit is off by ~1e-7 at 0
    }

    /** P(Z > z) for a standard normal z ≥ 0 (erfc by Numerical Recipes' Chebyshev fit, error below 1.2e-7). */
    static double normalTail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return erfc / 2;
    }
}
