package dev.laurel.quality;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A new campaign with its quality settings, made in one transaction: the wizard's last step. Lives in
 * quality because it is the feature that knows both (quality uses campaign, never the other way round).
 */
@ApplicationScoped
public class NewCampaigns {
    private final Campaigns campaigns;
    private final QualityReports reports;
    private final CampaignSettings settings;

    NewCampaigns(Campaigns campaigns, QualityReports reports, CampaignSettings settings) {
        this.campaigns = campaigns;
        this.reports = reports;
        this.settings = settings;
    }

    /** Creates the draft campaign and stores its gold and honeypot rates; any problem leaves nothing behind. */
    @Transactional
    public Campaign create(User owner, Campaigns.NewCampaign campaign, double goldRate, double honeypotRate) {
        List<String> problems = check(campaign, goldRate, honeypotRate);
        if (!problems.isEmpty()) {
            throw new Problem(400, "Bad request", String.join(" ", problems), problems);
        }
        Campaign created = campaigns.create(owner, campaign);
        reports.update(created, new QualityReports.Settings(goldRate, honeypotRate, null, null, null, null, null, null));
        return created;
    }

    /**
     * Every problem the wizard's values have, in sentences a person can act on (empty: they can be created):
     * name, overlap, the kind's settings ({@link KindSettings#validated}) and the gold floor.
     */
    public List<String> check(Campaigns.NewCampaign campaign, double goldRate, double honeypotRate) {
        List<String> problems = new ArrayList<>();
        String name = campaign.name() == null ? "" : campaign.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.add("Give the campaign a name of 1 to 200 characters.");
        }
        if (campaign.overlap() == null || campaign.overlap() < 1 || campaign.overlap() > 100) {
            problems.add("Overlap (answers per task) must be a whole number from 1 to 100.");
        }
        try {
            KindSettings.validated(campaign.kind() == null ? TaskKind.PAIRWISE : campaign.kind(), campaign.settings());
        } catch (Problem e) {
            problems.addAll(e.errors().isEmpty() ? List.of(e.getMessage()) : e.errors());
        }
        Campaigns.systemPromptProblem(campaign.systemPrompt()).ifPresent(problems::add);
        if (!(goldRate >= 0 && goldRate <= 1) || !(honeypotRate >= 0 && honeypotRate <= 1)) {
            problems.add("Gold and honeypot rates are percentages from 0 to 100.");
        } else {
            goldFloorShortfall(goldRate, honeypotRate).ifPresent(shortfall -> problems.add(
                    "The campaign would check too few answers for them to earn points: " + shortfall
                            + ". Raise the gold rate (or the honeypot rate)."));
        }
        return problems;
    }

    /** The platform's floor for gold rate + honeypot rate, as a share. */
    public double goldFloor() {
        return settings.goldFloor();
    }

    private Optional<String> goldFloorShortfall(double goldRate, double honeypotRate) {
        CampaignQuality q = new CampaignQuality();
        q.goldRate = goldRate;
        q.honeypotRate = honeypotRate;
        return settings.goldFloorShortfall(q);
    }
}
