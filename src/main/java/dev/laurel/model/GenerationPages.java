package dev.laurel.model;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.Campaigns;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The generation progress fragment the campaign page polls (htmx). */
@Path("/campaigns/{id}/generation")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class GenerationPages {
    private final GenerationJobs jobs;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    GenerationPages(GenerationJobs jobs, Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.jobs = jobs;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance jobs(long campaignId, List<GenerationJobs.JobView> jobs);
    }

    @GET
    public TemplateInstance jobs(@PathParam("id") long id) {
        long campaignId = campaigns.managed(accounts.current(identity), id).id;
        return Templates.jobs(campaignId, jobs.progress(campaignId));
    }
}
