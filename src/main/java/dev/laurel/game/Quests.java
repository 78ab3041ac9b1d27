package dev.laurel.game;

import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Admins create time-boxed quests; labelers see them with their own progress. */
@ApplicationScoped
public class Quests {
    private final EntityManager em;

    Quests(EntityManager em) {
        this.em = em;
    }

    public record Draft(String title, String metric, Long target, Long campaignId, Instant startsAt, Instant endsAt,
                        Long rewardPoints) {
    }

    public record QuestView(long id, String title, String metric, long target, Long campaignId, Instant startsAt,
                            Instant endsAt, long rewardPoints, long progress, boolean completed) {
        static QuestView of(Quest q, long progress, boolean completed) {
            return new QuestView(q.id, q.title, q.metric, q.target, q.campaignId, q.startsAt, q.endsAt, q.rewardPoints,
                    progress, completed);
        }
    }

    @Transactional
    public Quest create(User admin, Draft draft) {
        if (draft == null || draft.title() == null || draft.title().isBlank() || draft.metric() == null
                || draft.target() == null || draft.endsAt() == null || draft.rewardPoints() == null) {
            throw Problem.badRequest("A quest needs 'title', 'metric', 'target', 'endsAt' and 'rewardPoints' ('startsAt' defaults to now).");
        }
        Quest.Metric metric;
        try {
            metric = Quest.Metric.valueOf(draft.metric().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("'metric' must be one of ANSWERS, COMPARISONS, GOLD_PASSED, POINTS.");
        }
        if (draft.target() < 1 || draft.rewardPoints() < 0) {
            throw Problem.badRequest("A quest's target is at least 1 and its reward cannot be negative.");
        }
        if (draft.title().strip().length() > 120) {
            throw Problem.badRequest("A quest title has at most 120 characters.");
        }
        Instant starts = draft.startsAt() == null ? Instant.now() : draft.startsAt();
        if (!draft.endsAt().isAfter(starts)) {
            throw Problem.badRequest("A quest must end after it starts.");
        }
        Quest quest = new Quest();
        quest.title = draft.title().strip();
        quest.metric = metric.name();
        quest.target = draft.target();
        quest.campaignId = draft.campaignId();
        quest.startsAt = starts;
        quest.endsAt = draft.endsAt();
        quest.rewardPoints = draft.rewardPoints();
        quest.createdBy = admin.username;
        quest.createdAt = Instant.now();
        quest.persist();
        return quest;
    }

    public List<Quest> all() {
        return Quest.listAll(Sort.by("startsAt").descending().and("id").descending());
    }

    /** Quests open now, or any quest the labeler has progress on, with their progress. */
    public List<QuestView> forLabeler(long labelerId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> mine = em.createNativeQuery("select quest_id, progress, completed_at from quest_progress where labeler_id = ?1")
                .setParameter(1, labelerId).getResultList();
        Map<Long, Object[]> byQuest = new HashMap<>();
        mine.forEach(r -> byQuest.put(((Number) r[0]).longValue(), r));
        return all().stream().filter(q -> q.isOpenAt(now) || byQuest.containsKey(q.id)).map(q -> {
            Object[] p = byQuest.get(q.id);
            return QuestView.of(q, p == null ? 0 : ((Number) p[1]).longValue(), p != null && p[2] != null);
        }).toList();
    }
}
