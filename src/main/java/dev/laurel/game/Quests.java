package dev.laurel.game;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.Invalidations;
import dev.laurel.platform.Problem;
import dev.laurel.platform.ShortLivedCache;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Admins create time-boxed quests; labelers see them with their own progress. */
@ApplicationScoped
public class Quests {
    private static final String CACHE = "quests";
    /** Answers older than this (replayed after a long outage) read their quests from the database. */
    private static final Duration CACHED_SPAN = Duration.ofDays(7);

    private final EntityManager em;
    private final Invalidations invalidations;
    private final Campaigns campaigns;
    /** Every scored answer reads the quests; they change a few times a season. */
    private final ShortLivedCache<String, List<Quest>> recent;

    Quests(EntityManager em, Invalidations invalidations, Campaigns campaigns) {
        this.em = em;
        this.campaigns = campaigns;
        this.invalidations = invalidations;
        this.recent = invalidations.cache(CACHE);
    }

    /** The quests open at a moment (detached copies: read them, do not change them). */
    List<Quest> openAt(Instant moment) {
        Instant horizon = Instant.now().minus(CACHED_SPAN);
        if (moment.isBefore(horizon)) {
            return Quest.list("startsAt <= ?1 and endsAt > ?1", moment);
        }
        // a list read with an older horizon holds more quests, never fewer: still right after filtering
        return recent.get(CACHE, k -> Optional.of(Quest.<Quest>list("endsAt > ?1", horizon))).orElseThrow().stream()
                .filter(q -> q.isOpenAt(moment)).toList();
    }

    public record Draft(String title, String metric, Long target, Long campaignId, Instant startsAt, Instant endsAt,
                        Long rewardPoints) {
    }

    public record QuestView(long id, String title, String metric, long target, Long campaignId, Instant startsAt,
                            Instant endsAt, long rewardPoints, long progress, boolean completed) {
        /** How far along, 0 to 100, for the progress bar. */
        public long percent() {
            return completed ? 100 : target <= 0 ? 0 : Math.min(100, Math.max(0, progress) * 100 / target);
        }

        /** The goal in words, e.g. "20 comparisons". */
        public String goal() {
            return target + " " + switch (metric) {
                case "GOLD_PASSED" -> "checks passed";
                default -> metric.toLowerCase(Locale.ROOT);
            } + (campaignId == null ? "" : " in campaign " + campaignId);
        }

        /** Whether the quest is over (the labeler sees quests they progressed on after they end). */
        public boolean isOver() {
            return !endsAt.isAfter(Instant.now());
        }

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
        invalidations.invalidate(CACHE, CACHE);
        return quest;
    }

    public List<Quest> all() {
        return Quest.listAll(Sort.by("startsAt").descending().and("id").descending());
    }

    /**
     * Quests open now, or any quest the labeler has progress on, with their progress. A quest of a campaign that
     * is still a draft is left out: labelers learn of a campaign when it opens, not from its quest.
     */
    public List<QuestView> forLabeler(long labelerId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> mine = em.createNativeQuery("select quest_id, progress, completed_at from quest_progress where labeler_id = ?1")
                .setParameter(1, labelerId).getResultList();
        Map<Long, Object[]> byQuest = new HashMap<>();
        mine.forEach(r -> byQuest.put(((Number) r[0]).longValue(), r));
        List<Quest> shown = all().stream().filter(q -> q.isOpenAt(now) || byQuest.containsKey(q.id)).toList();
        java.util.Set<Long> opened = campaigns.opened(shown.stream().map(q -> q.campaignId)
                .filter(java.util.Objects::nonNull).distinct().toList());
        return shown.stream().filter(q -> q.campaignId == null || opened.contains(q.campaignId)).map(q -> {
            Object[] p = byQuest.get(q.id);
            return QuestView.of(q, p == null ? 0 : ((Number) p[1]).longValue(), p != null && p[2] != null);
        }).toList();
    }
}
