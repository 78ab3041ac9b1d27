package dev.laurel.platform;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * The admin audit log: features write one entry in the transaction of the action they audit (so an action
 * and its entry commit together), the admin pages read it. Reward-rule changes keep their own log (game's
 * RuleAudit), which shows rule versions side by side.
 */
@ApplicationScoped
public class AuditLog {
    private static final int TEXT = 2000;

    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry record(String actor, String action, String subject, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.actor = actor;
        entry.at = Instant.now();
        entry.action = action;
        entry.subject = subject.length() > 200 ? subject.substring(0, 200) : subject;
        entry.detail = detail == null || detail.length() <= TEXT ? detail : detail.substring(0, TEXT - 1) + "…";
        entry.persist();
        return entry;
    }

    /** The newest entries first, at most {@code limit}. */
    public List<AuditEntry> recent(int limit) {
        return AuditEntry.findAll(Sort.by("at").descending().and("id").descending()).page(0, limit).list();
    }

    /** The newest entries whose action starts with one of {@code prefixes} (e.g. {@code "flag."}), at most {@code limit}. */
    public List<AuditEntry> recent(int limit, String... prefixes) {
        String where = String.join(" or ", java.util.Collections.nCopies(prefixes.length, "action like ?"));
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : where.toCharArray()) {
            numbered.append(c);
            if (c == '?') {
                numbered.append(++n);
            }
        }
        Object[] patterns = java.util.Arrays.stream(prefixes).map(p -> p + "%").toArray();
        return AuditEntry.find(numbered.toString(), Sort.by("at").descending().and("id").descending(), patterns)
                .page(0, limit).list();
    }

    /** The newest entries about one subject, at most {@code limit}. */
    public List<AuditEntry> about(String subject, int limit) {
        return AuditEntry.find("subject", Sort.by("at").descending().and("id").descending(), subject).page(0, limit).list();
    }
}
