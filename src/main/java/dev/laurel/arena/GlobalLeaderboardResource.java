package dev.laurel.arena;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/leaderboard")
@Tag(name = "Leaderboard")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class GlobalLeaderboardResource {
    private final Leaderboard leaderboard;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    GlobalLeaderboardResource(Leaderboard leaderboard, Accounts accounts, SecurityIdentity identity) {
        this.leaderboard = leaderboard;
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The global model leaderboard",
            description = "All votes of your team's campaigns together (an admin: of every campaign). A model is a "
                    + "registered candidate, so the same candidate in several campaigns is one entry. Models of "
                    + "different teams never meet in a campaign: across teams only the ordering within a team is "
                    + "meaningful.")
    public LeaderboardResource.LeaderboardView global(@Parameter(description = "hold reply length equal") @QueryParam("styleControl") boolean styleControl) {
        return LeaderboardResource.LeaderboardView.of(leaderboard.global(accounts.current(identity), styleControl));
    }
}
