package dev.laurel.game;

import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Admins change the points formula by adding versions; every change is audited. */
@ApplicationScoped
public class RewardRules {

    public record Draft(Long basePoints, Long minMillisPerTask, Long dailyCap, Instant effectiveFrom, String note) {
    }

    public RewardRule current() {
        return RewardRule.inForceAt(Instant.now());
    }

    public List<RewardRule> versions() {
        return RewardRule.listAll(Sort.by("version").descending());
    }

    public List<RuleAudit> audit() {
        return RuleAudit.listAll(Sort.by("at").descending().and("id").descending());
    }

    /** Adds a new version, effective from the given time (now if absent, never in the past). */
    @Transactional
    public RewardRule publish(User admin, Draft draft) {
        if (draft == null || draft.basePoints() == null || draft.minMillisPerTask() == null || draft.dailyCap() == null) {
            throw Problem.badRequest("A rule needs 'basePoints', 'minMillisPerTask' and 'dailyCap'.");
        }
        if (draft.basePoints() < 0 || draft.minMillisPerTask() < 0 || draft.dailyCap() < 0) {
            throw Problem.badRequest("Points, times and caps cannot be negative.");
        }
        Instant now = Instant.now();
        Instant from = draft.effectiveFrom() == null ? now : draft.effectiveFrom();
        if (from.isBefore(now.minusSeconds(60))) {
            throw Problem.badRequest("A rule cannot take effect in the past: points already given stay as they were.");
        }
        RewardRule before = current();
        RewardRule rule = new RewardRule();
        rule.version = RewardRule.<RewardRule>findAll(Sort.by("version").descending()).firstResult().version + 1;
        rule.effectiveFrom = from;
        rule.basePoints = draft.basePoints();
        rule.minMillisPerTask = draft.minMillisPerTask();
        rule.dailyCap = draft.dailyCap();
        rule.note = draft.note() == null ? null : draft.note().strip();
        rule.createdBy = admin.username;
        rule.createdAt = now;
        rule.persist();
        RuleAudit audit = new RuleAudit();
        audit.actor = admin.username;
        audit.at = now;
        audit.beforeRule = before == null ? null : before.describe();
        audit.afterRule = rule.describe();
        audit.persist();
        return rule;
    }
}
