package dev.laurel.dataset;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
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

/**
 * The campaign dashboard's datasets panel (htmx): its snapshots, newest first, each file with its download link,
 * SHA-256 and rows, a button that snapshots the answers so far, the Hugging Face download with its license and split
 * settings, and — where a version has preference pairs — one that trains a reward model on them.
 */
@Path("/campaigns/{id}/datasets")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class DatasetPages {
    private final Datasets datasets;
    private final Campaigns campaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final DatasetConfig config;

    DatasetPages(Datasets datasets, Campaigns campaigns, Accounts accounts, SecurityIdentity identity, DatasetConfig config) {
        this.config = config;
        this.datasets = datasets;
        this.campaigns = campaigns;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A version as the panel shows it. */
    public record Version(DatasetResource.SnapshotView view) {
        public boolean isTrainable() {
            return view.pairs() > 0;
        }

        public String getShortHash() {
            return view.contentSha256() == null ? "" : view.contentSha256().substring(0, 12);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance panel(long campaignId, boolean mayTrain, List<Version> versions, String license,
                                             double testFraction, long seed);
    }

    @GET
    public TemplateInstance panel(@PathParam("id") long id) {
        User me = accounts.current(identity);
        long campaignId = campaigns.managed(me, id).id;
        List<Version> versions = datasets.snapshots(me, campaignId).stream()
                .map(s -> new Version(DatasetResource.SnapshotView.of(s))).toList();
        return Templates.panel(campaignId, Role.MODELER.equals(me.role), versions, config.license(), config.testFraction(),
                config.splitSeed());
    }
}
