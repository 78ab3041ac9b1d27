package dev.laurel.model;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
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
import java.util.Map;

/**
 * The campaign dashboard's candidates panel (htmx): the team's candidates and how each takes part in this campaign,
 * with what can be done next — upload a candidate's outputs, a model zip (then its validation status, refreshed while
 * it validates), test an endpoint, enter or remove it — and a form to register another.
 */
@Path("/campaigns/{id}/candidates")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class CampaignCandidatePages {
    private final Candidates candidates;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    CampaignCandidatePages(Candidates candidates, Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A candidate's row: what it is, and its part in the campaign. */
    public record Row(CandidatePages.Row candidate, long replies, boolean isEntered) {
        public boolean isInCampaign() {
            return replies > 0 || isEntered;
        }

        public boolean isUploaded() {
            return candidate.candidate().kind() == Candidate.Kind.UPLOADED_OUTPUTS;
        }

        public boolean isArtifact() {
            return candidate.candidate().kind() == Candidate.Kind.DJL_ARTIFACT;
        }

        public boolean isEndpoint() {
            return candidate.candidate().kind() == Candidate.Kind.OPENAI_COMPATIBLE;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance panel(long campaignId, String state, boolean mayRegister, List<Row> rows, boolean validating);
    }

    @GET
    public TemplateInstance panel(@PathParam("id") long id) {
        User me = accounts.current(identity);
        Campaign campaign = campaigns.managed(me, id);
        Map<Long, Candidates.Entry> entries = candidates.entries(campaign.id);
        List<Row> rows = candidates.visibleTo(me).stream()
                .filter(c -> c.teamId == campaign.teamId)
                .map(c -> {
                    Candidates.Entry entry = entries.get(c.id);
                    return new Row(new CandidatePages.Row(CandidateResource.CandidateView.of(c)),
                            entry == null ? 0 : entry.replies(), entry != null && entry.isEntered());
                }).toList();
        return Templates.panel(campaign.id, Campaigns.stateOf(campaign), Role.MODELER.equals(me.role), rows,
                rows.stream().anyMatch(r -> r.candidate().isValidating()));
    }
}
