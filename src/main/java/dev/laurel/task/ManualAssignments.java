package dev.laurel.task;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Rows;
import dev.laurel.platform.ShortLivedCache;
import dev.laurel.platform.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Manual assignment: the model team says which labelers answer which items (when answers must come
 * from particular people: experts per domain, a replay of an earlier study, a panel design). Once a
 * campaign has any assignment, the queue leases an item's tasks only to the labelers assigned to it;
 * everything else stays as it is — leases, overlap, blind answering, no repeats. Assignments only
 * add: an upload never removes earlier ones.
 */
@ApplicationScoped
public class ManualAssignments {
    private final Campaigns campaigns;
    private final Accounts accounts;
    /** Every lease asks whether its campaign uses assignments: kept briefly, dropped here when an upload adds some. */
    private final ShortLivedCache<Long, Boolean> manual = new ShortLivedCache<>(Duration.ofSeconds(1), 10_000);

    private final TransactionSynchronizationRegistry transaction;

    ManualAssignments(Campaigns campaigns, Accounts accounts, TransactionSynchronizationRegistry transaction) {
        this.transaction = transaction;
        this.campaigns = campaigns;
        this.accounts = accounts;
    }

    public record Summary(int added, long total, long items, long labelers) {
    }

    public record Entry(String item, String labeler) {
    }

    /**
     * Adds assignments from JSONL or CSV records with fields {@code item} (a prompt's external id) and
     * {@code labeler} (a username); all or nothing, every bad line reported.
     */
    @Transactional
    public Summary upload(User user, long campaignId, String text, Upload.Format format) {
        Campaign campaign = campaigns.managed(user, campaignId);
        if (campaign.status == Campaign.Status.CLOSED) {
            throw Problem.conflict("Campaign " + campaignId + " is closed; it takes no more assignments.");
        }
        List<String> errors = new ArrayList<>();
        List<Upload.Row> rows = Upload.rows(text, format, List.of("item", "labeler"), errors);
        Map<String, Prompt> prompts = campaigns.promptsByExternalId(campaignId);
        Map<String, User> users = accounts.users().stream().collect(Collectors.toMap(u -> u.username, u -> u));
        Set<List<Long>> existing = new HashSet<>();
        ManualAssignment.<ManualAssignment>stream("campaignId", campaignId)
                .forEach(a -> existing.add(List.of(a.promptId, a.labelerId)));
        Map<List<Long>, Integer> seen = new HashMap<>();
        List<ManualAssignment> added = new ArrayList<>();
        Instant now = Instant.now();
        for (Upload.Row row : rows) {
            String itemId = row.get("item");
            String username = row.get("labeler");
            if (itemId == null || itemId.isBlank() || username == null || username.isBlank()) {
                continue; // already reported as missing or empty
            }
            Prompt prompt = prompts.get(itemId.strip());
            User labeler = users.get(username.strip());
            if (prompt == null) {
                errors.add("Line " + row.line() + ": item '" + itemId + "' is not an item of campaign " + campaignId
                        + " (use the 'id' of an uploaded prompt).");
            }
            if (labeler == null || !Role.LABELER.equals(labeler.role)) {
                // one sentence for "no such user" and "not a labeler": an upload must not tell who exists or their role
                errors.add("Line " + row.line() + ": '" + username + "' is not a labeler.");
            }
            if (prompt == null || labeler == null || !Role.LABELER.equals(labeler.role)) {
                continue;
            }
            List<Long> key = List.of(prompt.id, labeler.id);
            Integer earlier = seen.putIfAbsent(key, row.line());
            if (earlier != null) {
                errors.add("Line " + row.line() + ": '" + username + "' is assigned to item '" + itemId
                        + "' already on line " + earlier + ".");
            } else if (existing.contains(key)) {
                errors.add("Line " + row.line() + ": '" + username + "' is already assigned to item '" + itemId + "'.");
            } else {
                ManualAssignment assignment = new ManualAssignment();
                assignment.campaignId = campaignId;
                assignment.promptId = prompt.id;
                assignment.labelerId = labeler.id;
                assignment.createdAt = now;
                added.add(assignment);
            }
        }
        Upload.rejectIfAny(errors, "assignment file");
        ManualAssignment.persist(added);
        manual.invalidateWith(transaction, campaignId);
        return summary(campaignId, added.size());
    }

    public Summary summary(long campaignId, int added) {
        List<ManualAssignment> all = ManualAssignment.list("campaignId", campaignId);
        return new Summary(added, all.size(), all.stream().map(a -> a.promptId).distinct().count(),
                all.stream().map(a -> a.labelerId).distinct().count());
    }

    /** Every assignment of the campaign, by item and labeler name. */
    public List<Entry> entries(long campaignId) {
        Map<Long, String> items = new HashMap<>();
        campaigns.prompts(campaignId).forEach(p -> items.put(p.id, p.externalId));
        Map<Long, String> names = accounts.users().stream().collect(Collectors.toMap(u -> u.id, u -> u.username));
        return ManualAssignment.<ManualAssignment>list("campaignId = ?1 order by id", campaignId).stream()
                .map(a -> new Entry(items.get(a.promptId), names.get(a.labelerId))).toList();
    }

    /** Whether the campaign's items go only to the labelers assigned to them. */
    public boolean isManual(long campaignId) {
        return manual.get(campaignId, id -> Optional.of(Rows.exists(ManualAssignment.class, "campaignId = ?1", id))).orElseThrow();
    }
}
