package dev.laurel.task;

import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What other features may know about a campaign's tasks without reading the task tables. */
@ApplicationScoped
public class Tasks {
    private final Campaigns campaigns;

    Tasks(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    /**
     * How a model team names a task: the public id labelers see, and the external id of the item
     * (prompt) it asks about; null for a gold task or honeypot.
     */
    public record Reference(long publicId, String item) {
    }

    /** Every task of the campaign by internal id. */
    public Map<Long, Reference> references(long campaignId) {
        Map<Long, String> items = new HashMap<>();
        campaigns.prompts(campaignId).forEach((Prompt p) -> items.put(p.id, p.externalId));
        List<Object[]> rows = Task.getEntityManager()
                .createQuery("select t.id, t.publicId, t.promptId from Task t where t.campaignId = ?1", Object[].class)
                .setParameter(1, campaignId).getResultList();
        Map<Long, Reference> references = new HashMap<>();
        for (Object[] row : rows) {
            references.put((Long) row[0], new Reference((Long) row[1], row[2] == null ? null : items.get((Long) row[2])));
        }
        return references;
    }
}
