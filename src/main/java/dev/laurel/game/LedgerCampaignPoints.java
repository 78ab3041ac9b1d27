package dev.laurel.game;

import dev.laurel.quality.CampaignPoints;
import jakarta.enterprise.context.ApplicationScoped;

/** A labeler's points from one campaign: the sum of their ledger rows there (reversals included). */
@ApplicationScoped
class LedgerCampaignPoints implements CampaignPoints {
    @Override
    public long of(long labelerId, long campaignId) {
        return LedgerEntry.getEntityManager().createQuery("select coalesce(sum(e.points), 0) from LedgerEntry e"
                        + " where e.labelerId = ?1 and e.campaignId = ?2", Long.class)
                .setParameter(1, labelerId).setParameter(2, campaignId).getSingleResult();
    }
}
