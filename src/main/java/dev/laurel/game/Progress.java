package dev.laurel.game;

import dev.laurel.platform.Rows;
import dev.laurel.platform.ShortLivedCache;
import dev.laurel.quality.AnswerAssessed;
import io.quarkus.panache.common.Sort;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A labeler's progress beyond points: the days they answered (streaks), badges earned from the
 * {@code badge} table, quest progress, and the toasts their browser shows. Called by
 * {@link PointsLedger} inside the scoring transaction, so it happens exactly once per answer.
 */
@ApplicationScoped
public class Progress {
    private final EntityManager em;
    private final Leaderboards leaderboards;
    private final LevelCurve curve = LevelCurve.openAssistant();

    private final Quests quests;
    private final TransactionSynchronizationRegistry transaction;
    /** Badge definitions: rows only migrations write, so read once per process. */
    private volatile List<Badge> badges;
    private final ShortLivedCache<Long, Set<String>> heldBadges = new ShortLivedCache<>(Duration.ofMinutes(10), 100_000);

    Progress(EntityManager em, Leaderboards leaderboards, Quests quests, TransactionSynchronizationRegistry transaction) {
        this.transaction = transaction;
        this.em = em;
        this.quests = quests;
        this.leaderboards = leaderboards;
    }

    public record BadgeView(String code, String name, String description, Instant awardedAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    LabelerProgress lockOrCreate(long labelerId) {
        LabelerProgress row = LabelerProgress.findById(labelerId, LockModeType.PESSIMISTIC_WRITE);
        if (row != null) {
            return row;
        }
        // a missing row cannot be locked: two first scores at once would both insert. Insert in a
        // transaction of its own, let the loser's duplicate key go, then lock the one row there is.
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                LabelerProgress created = new LabelerProgress();
                created.labelerId = labelerId;
                created.persist();
            });
        } catch (RuntimeException e) {
            if (QuarkusTransaction.requiringNew().call(() -> LabelerProgress.findById(labelerId)) == null) {
                throw e; // not a lost race: a real failure
            }
        }
        return LabelerProgress.findById(labelerId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Records a day the labeler answered and returns their streak up to that day. */
    @Transactional(Transactional.TxType.MANDATORY)
    int answeredOn(long labelerId, LocalDate day, int graceDays, int window) {
        Rows.sql("insert into labeler_day (labeler_id, answered_on) select cast(?1 as bigint), cast(?2 as date)"
                        + " where not exists (select 1 from labeler_day where labeler_id = ?1 and answered_on = ?2)", "labeler_day")
                .setParameter(1, labelerId).setParameter(2, Date.valueOf(day)).executeUpdate();
        return streak(labelerId, day, graceDays, window);
    }

    /** The streak as of a day; reads only the last year of days. */
    public int streak(long labelerId, LocalDate today, int graceDays, int window) {
        @SuppressWarnings("unchecked")
        List<Object> rows = Rows.sql("select answered_on from labeler_day where labeler_id = ?1 and answered_on >= ?2 and answered_on <= ?3", "labeler_day")
                .setParameter(1, labelerId).setParameter(2, Date.valueOf(today.minusDays(366)))
                .setParameter(3, Date.valueOf(today)).getResultList();
        Set<LocalDate> days = new HashSet<>();
        for (Object row : rows) {
            days.add(row instanceof Date d ? d.toLocalDate() : (LocalDate) row);
        }
        return Streaks.length(days, today, graceDays, window);
    }

    /**
     * Moves every open quest this answer counts for; a quest reached pays its reward through
     * {@code pay} (a QUEST ledger row, unique per quest and submission) exactly once per labeler.
     * Returns the reward points paid.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    long advanceQuests(AnswerAssessed event, String kind, long earned, BiConsumer<Quest, String> pay) {
        List<Quest> open = quests.openAt(event.acceptedAt());
        long paid = 0;
        for (Quest quest : open) {
            if (quest.campaignId != null && quest.campaignId != event.campaignId()) {
                continue;
            }
            long step = switch (Quest.Metric.valueOf(quest.metric)) {
                case ANSWERS -> 1;
                case COMPARISONS -> "PAIRWISE".equals(kind) ? 1 : 0;
                case GOLD_PASSED -> Boolean.TRUE.equals(event.goldCorrect()) ? 1 : 0;
                case POINTS -> Math.max(0, earned);
            };
            if (step == 0) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Object[]> found = Rows.sql("select progress, completed_at from quest_progress where quest_id = ?1 and labeler_id = ?2 for update",
                            "quest_progress")
                    .setParameter(1, quest.id).setParameter(2, event.labelerId()).getResultList();
            if (!found.isEmpty() && found.get(0)[1] != null) {
                continue; // reached before: paid once
            }
            long now = (found.isEmpty() ? 0 : ((Number) found.get(0)[0]).longValue()) + step;
            boolean reached = now >= quest.target;
            if (found.isEmpty()) {
                Rows.sql("insert into quest_progress (quest_id, labeler_id, progress, completed_at) values (?1, ?2, ?3, ?4)",
                                "quest_progress")
                        .setParameter(1, quest.id).setParameter(2, event.labelerId()).setParameter(3, now)
                        .setParameter(4, reached ? event.acceptedAt() : null).executeUpdate();
            } else {
                Rows.sql("update quest_progress set progress = ?3, completed_at = ?4 where quest_id = ?1 and labeler_id = ?2",
                                "quest_progress")
                        .setParameter(1, quest.id).setParameter(2, event.labelerId()).setParameter(3, now)
                        .setParameter(4, reached ? event.acceptedAt() : null).executeUpdate();
            }
            if (reached) {
                pay.accept(quest, "+" + quest.rewardPoints + " points: quest \"" + quest.title + "\" complete");
                notify(event.labelerId(), "QUEST", "Quest complete: " + quest.title + " (+" + quest.rewardPoints + " XP)",
                        event.acceptedAt());
                paid += quest.rewardPoints;
            }
        }
        return paid;
    }

    /** A badge as the {@code badge} table defines it. */
    record Badge(String code, String name, String description, String metric, long threshold, int minAccuracyPercent) {
    }

    /**
     * Level-up toasts and any badge the labeler now qualifies for (each awarded once: primary key).
     * Badges are defined by migrations and never taken back, so both the definitions and the codes a
     * labeler holds are cached; a code another process awarded meanwhile only makes the insert below
     * find its row, and the cached codes are read again after this transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void afterScoring(LabelerProgress mine, long pointsBefore, long pointsAfter, Instant at) {
        int levelBefore = curve.levelOf(pointsBefore);
        int levelAfter = curve.levelOf(pointsAfter);
        if (levelAfter > levelBefore) {
            notify(mine.labelerId, "LEVEL", "Level " + levelAfter, at);
        }
        Set<String> held = heldBadges.get(mine.labelerId, this::loadHeld).orElseThrow();
        if (badges == null) {
            badges = loadBadges();
        }
        for (Badge badge : badges) {
            if (held.contains(badge.code())) {
                continue;
            }
            boolean earned = switch (badge.metric()) {
                case "ANSWERS" -> mine.answers >= badge.threshold();
                case "COMPARISONS" -> mine.comparisons >= badge.threshold();
                case "GOLD_PASSED" -> mine.goldPassed >= badge.threshold()
                        && mine.goldPassed * 100 >= (long) badge.minAccuracyPercent() * mine.goldSeen;
                case "STREAK_DAYS" -> mine.streakDays >= badge.threshold();
                case "LEVEL" -> levelAfter >= badge.threshold();
                // two statements: only when this answer moved the labeler's points (a rank is reached by gaining)
                case "WEEKLY_RANK" -> pointsAfter > pointsBefore
                        && leaderboards.weeklyRankAtMost(mine.labelerId, at, badge.threshold());
                default -> false;
            };
            if (earned) {
                heldBadges.invalidateWith(transaction, mine.labelerId);
                int inserted = Rows.sql("insert into labeler_badge (labeler_id, badge_code, awarded_at)"
                                + " select cast(?1 as bigint), cast(?2 as varchar(64)), cast(?3 as timestamp(6) with time zone)"
                                + " where not exists (select 1 from labeler_badge where labeler_id = ?1 and badge_code = ?2)", "labeler_badge")
                        .setParameter(1, mine.labelerId).setParameter(2, badge.code()).setParameter(3, at).executeUpdate();
                if (inserted == 1) {
                    notify(mine.labelerId, "BADGE", "Badge: " + badge.name(), at);
                }
            }
        }
    }

    private Optional<Set<String>> loadHeld(long labelerId) {
        @SuppressWarnings("unchecked")
        List<String> codes = em.createNativeQuery("select badge_code from labeler_badge where labeler_id = ?1")
                .setParameter(1, labelerId).getResultList();
        return Optional.of(Set.copyOf(codes));
    }

    private List<Badge> loadBadges() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select code, name, description, metric, threshold, min_accuracy_percent from badge order by code")
                .getResultList();
        return rows.stream().map(r -> new Badge((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).longValue(), ((Number) r[5]).intValue())).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void notify(long labelerId, String kind, String text, Instant at) {
        Notification n = new Notification();
        n.labelerId = labelerId;
        n.kind = kind;
        n.text = text;
        n.createdAt = at;
        n.persist();
    }

    /** The toasts not shown yet, oldest first; marks them shown. */
    @Transactional
    public List<Notification> takeToasts(long labelerId) {
        List<Notification> unshown = Notification.list("labelerId = ?1 and shown = false", Sort.by("id"), labelerId);
        unshown.forEach(n -> n.shown = true);
        return unshown;
    }

    public List<BadgeView> badges(long labelerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select b.code, b.name, b.description, l.awarded_at from labeler_badge l"
                        + " join badge b on b.code = l.badge_code where l.labeler_id = ?1 order by l.awarded_at, b.code")
                .setParameter(1, labelerId).getResultList();
        return rows.stream().map(r -> new BadgeView((String) r[0], (String) r[1], (String) r[2], instant(r[3]))).toList();
    }

    /**
     * A badge in the gallery: earned (with when) or locked, with the labeler's progress towards it as
     * {@code current} of {@code target} and a sentence saying what is still missing.
     */
    public record BadgeCard(String code, String name, String description, Instant awardedAt, long current, long target,
                            String progress) {
        public boolean isEarned() {
            return awardedAt != null;
        }

        /** How far along, 0 to 100, for the progress bar. */
        public long percent() {
            return isEarned() ? 100 : target <= 0 ? 0 : Math.min(100, Math.max(0, current) * 100 / target);
        }
    }

    /**
     * Every badge there is, earned ones first, each with the labeler's progress: read from their counters,
     * their all-time points and (for a weekly-rank badge) a bounded count on this week's board.
     */
    public List<BadgeCard> gallery(long labelerId, Instant now) {
        if (badges == null) {
            badges = loadBadges();
        }
        java.util.Map<String, Instant> earned = new java.util.HashMap<>();
        badges(labelerId).forEach(b -> earned.put(b.code(), b.awardedAt()));
        LabelerProgress mine = of(labelerId);
        int level = curve.levelOf(leaderboards.allTime(labelerId));
        List<BadgeCard> cards = new java.util.ArrayList<>();
        for (Badge badge : badges) {
            long target = badge.threshold();
            String description = badge.description();
            Instant at = earned.get(badge.code());
            BadgeCard card = switch (badge.metric()) {
                case "ANSWERS" -> new BadgeCard(badge.code(), badge.name(), description, at, mine.answers, target,
                        mine.answers + " of " + target + " answers");
                case "COMPARISONS" -> new BadgeCard(badge.code(), badge.name(), description, at, mine.comparisons, target,
                        mine.comparisons + " of " + target + " comparisons");
                case "GOLD_PASSED" -> new BadgeCard(badge.code(), badge.name(), description, at, mine.goldPassed, target,
                        mine.goldPassed + " of " + target + " checks passed"
                                + (badge.minAccuracyPercent() > 0 ? "; " + (mine.goldSeen == 0 ? "no checks answered yet"
                                : "accuracy " + (mine.goldPassed * 100 / mine.goldSeen) + "%") + ", needs at least "
                                + badge.minAccuracyPercent() + "%" : ""));
                case "STREAK_DAYS" -> new BadgeCard(badge.code(), badge.name(), description, at, mine.streakDays, target,
                        "current streak " + mine.streakDays + " of " + target + " days");
                case "LEVEL" -> new BadgeCard(badge.code(), badge.name(), description, at, level, target,
                        "level " + level + " of " + target);
                case "WEEKLY_RANK" -> {
                    long cap = Math.max(target, 1000);
                    Long rank = leaderboards.weeklyRank(labelerId, now, cap);
                    // the closer to the top, the fuller the bar: at rank 2·target it is half full
                    long current = rank == null ? 0 : rank <= target ? target : target * target / rank;
                    String where = rank == null ? "not on this week's board yet"
                            : rank > cap ? "below #" + cap + " on this week's board" : "#" + rank + " on this week's board";
                    yield new BadgeCard(badge.code(), badge.name(), description, at, current, target,
                            where + "; needs the top " + target);
                }
                default -> new BadgeCard(badge.code(), badge.name(), description, at, 0, target, "");
            };
            cards.add(card);
        }
        cards.sort(java.util.Comparator.comparing((BadgeCard c) -> !c.isEarned()).thenComparing(c -> -c.percent()));
        return cards;
    }

    public LabelerProgress of(long labelerId) {
        LabelerProgress row = LabelerProgress.findById(labelerId);
        return row == null ? new LabelerProgress() : row;
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return value == null ? null : Instant.parse(value.toString());
    }

    /**
     * Makes the labeler's next answer sum their day from the ledger again ({@link LabelerProgress#earnedDay}): for
     * writers of ledger rows other than scoring (drops, reinstatements). One statement on the row scoring locks.
     */
    public void forgetEarnedDay(long labelerId) {
        LabelerProgress.update("earnedDay = null where labelerId = ?1", labelerId);
    }
}
