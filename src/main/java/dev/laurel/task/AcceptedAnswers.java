package dev.laurel.task;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Read side of submissions for other features: how many answers each labeler had accepted in a period. */
@ApplicationScoped
public class AcceptedAnswers {

    /** Labeler id → accepted answers with {@code from <= createdAt < to}; labelers without any are absent. */
    public Map<Long, Long> countByLabeler(Instant from, Instant to) {
        List<Object[]> rows = Submission.getEntityManager()
                .createQuery("select s.labelerId, count(s) from Submission s where s.createdAt >= ?1 and s.createdAt < ?2"
                        + " group by s.labelerId", Object[].class)
                .setParameter(1, from).setParameter(2, to).getResultList();
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : rows) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }
}
