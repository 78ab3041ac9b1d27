package dev.laurel.payout;

import dev.laurel.task.AcceptedAnswers;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Stand-in until the game feature's points ledger exists: one point per answer accepted in the window.
 * {@link DefaultBean}, so the ledger's own {@link PointsSource} bean replaces it without touching payout.
 */
@ApplicationScoped
@DefaultBean
public class AcceptedAnswerPoints implements PointsSource {
    private final AcceptedAnswers answers;

    AcceptedAnswerPoints(AcceptedAnswers answers) {
        this.answers = answers;
    }

    @Override
    public Map<Long, Points> pointsBetween(Instant from, Instant to) {
        Map<Long, Points> points = new HashMap<>();
        answers.countByLabeler(from, to).forEach((labeler, count) -> points.put(labeler, new Points(count, count)));
        return points;
    }

    @Override
    public String ruleVersion() {
        return "accepted-answers-x1/v1";
    }
}
