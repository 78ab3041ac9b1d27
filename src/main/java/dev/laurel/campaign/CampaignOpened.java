package dev.laurel.campaign;

/**
 * Fired synchronously, inside the transaction that opens a campaign, so that whoever builds its
 * tasks either succeeds with it or makes the opening fail as a whole.
 */
public record CampaignOpened(long campaignId, TaskKind kind, int overlap) {
}
