package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{id}/quality")
@Tag(name = "Quality", description = "Gold tasks, agreement, labeler reliability and flags")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class QualityResource {
    private final QualityReports reports;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    QualityResource(QualityReports reports, Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.reports = reports;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Agreement (Krippendorff's alpha), consensus per task with its confidence, gold figures, flags")
    public QualityReports.CampaignReport campaignQuality(@PathParam("id") long id) {
        return reports.campaign(managed(id));
    }

    @GET
    @Path("settings")
    public QualityReports.Settings settings(@PathParam("id") long id) {
        return reports.settings(managed(id));
    }

    @PUT
    @Path("settings")
    @Operation(summary = "Change gold rate, honeypot rate, consensus threshold, maximum overlap, minimum reliability, "
            + "qualification and minimum answer time; fields left out keep their value")
    public QualityReports.Settings updateSettings(@PathParam("id") long id, QualityReports.Settings update) {
        return reports.update(managed(id), update);
    }

    private Campaign managed(long id) {
        return campaigns.managed(accounts.current(identity), id);
    }
}
