package dev.laurel.task;

import dev.laurel.campaign.TaskKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accepted answers of any kind as other features need them (the datasets export every kind): what
 * each answer is about (the replies its task showed), and, fetched a chunk at a time since corrections
 * can be long, its stored JSON, whose fields {@link AnswerSchemas} defines per kind and which names
 * generations by id. A reader never needs the task's tables.
 */
@ApplicationScoped
public class AcceptedAnswers {
    private final EntityManager em;

    AcceptedAnswers(EntityManager em) {
        this.em = em;
    }

    /**
     * One accepted answer, without its content.
     *
     * @param shown the generations the task showed, in display order (one for rubric, correction and
     *              categorical-on-replies tasks, none for a categorical task on the prompt alone)
     */
    public record Answer(long submissionId, long taskId, long promptId, TaskKind kind, List<Long> shown,
                         long labelerId, Instant createdAt) {
    }

    /** The campaign's accepted answers to ordinary tasks of the kind (no gold, no honeypots), by submission id. */
    public List<Answer> of(long campaignId, TaskKind kind) {
        List<Object[]> rows = em.createQuery("""
                        select s.id, t.id, t.promptId, t.replyIds, %s, s.createdAt
                        from Submission s, Task t
                        where s.taskId = t.id and t.campaignId = ?1 and t.kind = ?2 and t.goldKind is null
                        order by s.id""".formatted(Submission.ANSWERER), Object[].class)
                .setParameter(1, campaignId).setParameter(2, kind).getResultList();
        List<Answer> answers = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String replyIds = (String) row[3];
            List<Long> shown = replyIds == null || replyIds.isEmpty() ? List.of()
                    : Arrays.stream(replyIds.split(",")).map(Long::valueOf).toList();
            answers.add(new Answer((Long) row[0], (Long) row[1], (Long) row[2], kind, shown, (Long) row[4], (Instant) row[5]));
        }
        return answers;
    }

    /** The stored answers (JSON, see {@link AnswerSchemas}) of these submissions, by submission id; callers fetch in chunks. */
    public Map<Long, String> json(Collection<Long> submissionIds) {
        if (submissionIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> answers = new HashMap<>(submissionIds.size() * 2);
        em.createQuery("select s.id, s.answer from Submission s where s.id in ?1", Object[].class)
                .setParameter(1, submissionIds).getResultList()
                .forEach(row -> answers.put((Long) row[0], (String) row[1]));
        return answers;
    }
}
