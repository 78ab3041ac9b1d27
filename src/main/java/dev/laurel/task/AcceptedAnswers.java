package dev.laurel.task;

import dev.laurel.campaign.TaskKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accepted answers of any kind as other features need them (the datasets export every kind). Each
 * answer carries its stored JSON, whose fields {@link AnswerSchemas} defines per kind and which names
 * generations by id, and the replies its task showed, so a reader never needs the task's tables.
 */
@ApplicationScoped
public class AcceptedAnswers {
    private final EntityManager em;

    AcceptedAnswers(EntityManager em) {
        this.em = em;
    }

    /**
     * One accepted answer.
     *
     * @param shown the generations the task showed, in display order (empty for a categorical task on the prompt alone)
     * @param json  the validated answer as stored (see {@link AnswerSchemas})
     */
    public record Answer(long submissionId, long taskId, long promptId, TaskKind kind, List<Long> shown, String json,
                         long labelerId, Instant createdAt) {
    }

    /** The campaign's accepted answers to ordinary tasks of the kind (no gold, no honeypots), by submission id. */
    public List<Answer> of(long campaignId, TaskKind kind) {
        List<Object[]> rows = em.createQuery("""
                        select s.id, t.id, t.promptId, t.replyIds, s.answer, s.labelerId, s.createdAt
                        from Submission s, Task t
                        where s.taskId = t.id and t.campaignId = ?1 and t.kind = ?2 and t.goldKind is null
                        order by s.id""", Object[].class)
                .setParameter(1, campaignId).setParameter(2, kind).getResultList();
        List<Answer> answers = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String replyIds = (String) row[3];
            List<Long> shown = replyIds == null || replyIds.isEmpty() ? List.of()
                    : Arrays.stream(replyIds.split(",")).map(Long::valueOf).toList();
            answers.add(new Answer((Long) row[0], (Long) row[1], (Long) row[2], kind, shown, (String) row[4],
                    (Long) row[5], (Instant) row[6]));
        }
        return answers;
    }
}
