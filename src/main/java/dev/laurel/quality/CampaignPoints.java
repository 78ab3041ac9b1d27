package dev.laurel.quality;

/**
 * The points a labeler holds from one campaign, as the game feature counts them (awards less reversals): the review
 * queue shows them as evidence and after a drop. Implemented by {@code game}, so that quality does not depend on it
 * (as {@code task/PairUncertainty} is implemented by arena).
 */
public interface CampaignPoints {
    long of(long labelerId, long campaignId);
}
