package dev.laurel.rewardmodel;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.platform.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{id}/generation/rewards")
@Tag(name = "Reward models")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class GenerationRewardResource {
    static final int MAX_PAGE = 1000;

    private final GenerationScores scores;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    GenerationRewardResource(GenerationScores scores, Accounts accounts, SecurityIdentity identity) {
        this.scores = scores;
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Rewards the team's active reward model gave the campaign's generated replies as they were produced",
            description = "Per candidate and model version: replies scored, mean, min and max reward; then one page of the "
                    + "scores by generation id (every version's score of a reply, newest version first). Replies generated "
                    + "while no model was active have no score.")
    public GenerationScores.CampaignRewards rewards(@PathParam("id") long campaignId, @QueryParam("page") @DefaultValue("0") int page,
                                                    @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE) {
            throw Problem.badRequest("'page' must be 0 or more and 'size' between 1 and " + MAX_PAGE + ".");
        }
        return scores.campaign(accounts.current(identity), campaignId, GenerationScores.Order.GENERATION, page, size);
    }
}
