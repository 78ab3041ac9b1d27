package dev.laurel.campaign;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Campaign pages: the list everyone starts from, and a model team's view of one campaign. */
@Path("/campaigns")
@Produces(MediaType.TEXT_HTML)
public class CampaignPages {
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    CampaignPages(Campaigns campaigns, Accounts accounts, SecurityIdentity identity) {
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A campaign with the numbers its card shows. */
    public record Card(Campaign campaign, long prompts, Campaigns.Progress progress) {
        /** draft, open, paused or closed. */
        public String getState() {
            return Campaigns.stateOf(campaign);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Viewer me, List<Card> cards);

        static native TemplateInstance detail(Viewer me, Card card);

        static native TemplateInstance detail$progress(Card card);
    }

    @GET
    @Authenticated
    public TemplateInstance list() {
        User me = accounts.current(identity);
        return Templates.list(Viewer.of(me), campaigns.visibleTo(me).stream().map(this::card).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    public TemplateInstance detail(@PathParam("id") long id) {
        User me = accounts.current(identity);
        return Templates.detail(Viewer.of(me), card(campaigns.managed(me, id)));
    }

    @GET
    @Path("{id}/progress")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    public TemplateInstance progress(@PathParam("id") long id) {
        return Templates.detail$progress(card(campaigns.managed(accounts.current(identity), id)));
    }

    private Card card(Campaign campaign) {
        return new Card(campaign, campaigns.promptCount(campaign.id), campaigns.progress(campaign.id));
    }
}
