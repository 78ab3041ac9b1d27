package dev.laurel.model;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaigns;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{id}/generation")
@Tag(name = "Candidates")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class GenerationResource {
    private final GenerationJobs jobs;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    GenerationResource(GenerationJobs jobs, Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.jobs = jobs;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Progress of the campaign's generation jobs: counts, errors, tokens per second, seconds left")
    public List<GenerationJobs.JobView> progress(@PathParam("id") long id) {
        return jobs.progress(campaigns.managed(accounts.current(identity), id).id);
    }
}
