package dev.laurel.quality;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.kind.AnswerSpace;
import dev.laurel.platform.ShortLivedCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;

/** A campaign's quality settings: the stored row, or the configured defaults until one is stored. */
@ApplicationScoped
public class CampaignSettings {
    private final QualityConfig config;
    private final EconomyConfig economy;
    private final Campaigns campaigns;
    /** Read by every lease and answer: kept briefly (read-only copies), dropped here when they are about to change. */
    private final ShortLivedCache<Long, CampaignQuality> cache = new ShortLivedCache<>(Duration.ofSeconds(1), 10_000);
    private final ShortLivedCache<Long, AnswerSpace> spaces = new ShortLivedCache<>(Duration.ofSeconds(1), 10_000);
    /** Every answer asks which team owns its campaign, which never changes: kept longer. */
    private final ShortLivedCache<Long, Long> teams = new ShortLivedCache<>(Duration.ofMinutes(10), 10_000);

    private final TransactionSynchronizationRegistry transaction;

    CampaignSettings(QualityConfig config, EconomyConfig economy, Campaigns campaigns,
                     TransactionSynchronizationRegistry transaction) {
        this.config = config;
        this.economy = economy;
        this.campaigns = campaigns;
        this.transaction = transaction;
    }

    /** The campaign's answers as classes, or empty for kinds quality has none for (ranking, rubric, correction). */
    public Optional<AnswerSpace> answerSpace(long campaignId) {
        return spaces.get(campaignId, id -> {
            Campaign campaign = campaigns.campaign(id);
            return AnswerSpace.of(campaign.kind, campaign.kindSettings());
        });
    }

    /**
     * The stored settings, or unsaved defaults (so the lease path never races to insert). Read-only:
     * the row may be a cached copy shared between requests; change settings through {@link #stored}.
     */
    public CampaignQuality of(long campaignId, int campaignOverlap) {
        return cache.get(campaignId, id -> CampaignQuality.<CampaignQuality>find("campaignId", id).firstResultOptional())
                .orElseGet(() -> defaults(campaignId, campaignOverlap));
    }

    /** The stored settings, created from the defaults if missing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CampaignQuality stored(long campaignId, int campaignOverlap) {
        cache.invalidateWith(transaction, campaignId);
        CampaignQuality stored = CampaignQuality.find("campaignId", campaignId).firstResult();
        if (stored == null) {
            stored = defaults(campaignId, campaignOverlap);
            stored.persistAndFlush();
        }
        return stored;
    }

    /**
     * Stores a recomputed α in its three columns only (a settings change made meanwhile stays) and
     * drops the cached copy, so that reports show it at once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAlpha(long campaignId, Double alpha, int items, java.time.Instant at) {
        cache.invalidateWith(transaction, campaignId);
        CampaignQuality.update("alpha = ?1, alphaItems = ?2, recomputedAt = ?3 where campaignId = ?4", alpha, items, at,
                campaignId);
    }

    /**
     * What is missing for the settings to reach the platform's gold floor ({@link EconomyConfig#minGoldRate}),
     * as a phrase ("gold rate 1% + honeypot rate 0% is below the platform's floor of 5%"); empty when they reach it.
     */
    public Optional<String> goldFloorShortfall(CampaignQuality q) {
        double floor = economy.minGoldRate();
        if (q.goldRate + q.honeypotRate >= floor - 1e-9) { // 0.03 + 0.02 is 0.04999… in binary
            return Optional.empty();
        }
        return Optional.of("gold rate " + percent(q.goldRate) + " + honeypot rate " + percent(q.honeypotRate)
                + " is below the platform's floor of " + percent(floor));
    }

    /** The team that owns the campaign (it never changes). */
    public long teamOf(long campaignId) {
        return teams.get(campaignId, id -> Optional.of(campaigns.campaign(id).teamId)).orElseThrow();
    }

    /** The floor as a share, for the sentence that says how to meet it. */
    public double goldFloor() {
        return economy.minGoldRate();
    }

    static String percent(double share) {
        return java.math.BigDecimal.valueOf(share * 100).setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + "%";
    }

    private CampaignQuality defaults(long campaignId, int campaignOverlap) {
        CampaignQuality q = new CampaignQuality();
        q.campaignId = campaignId;
        q.goldRate = config.goldRate();
        q.honeypotRate = config.honeypotRate();
        q.consensusThreshold = config.consensusThreshold();
        q.maxOverlap = campaignOverlap;
        q.minReliability = 0;
        q.qualificationGold = 0;
        q.qualificationAccuracy = 0.8;
        q.minAnswerMs = 0;
        return q;
    }
}
