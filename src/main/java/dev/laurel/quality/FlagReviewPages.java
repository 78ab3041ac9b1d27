package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.Viewer;
import dev.laurel.platform.AuditEntry;
import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The admin's review queue of flagged labelers: the evidence of each flag and warn / drop / suspend / clear. */
@Path("/admin/flags")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class FlagReviewPages {
    /** Reviewed flags and audit entries shown under the queue. */
    static final int HISTORY = 30;

    private final FlagReviews reviews;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    FlagReviewPages(FlagReviews reviews, Accounts accounts, SecurityIdentity identity) {
        this.reviews = reviews;
        this.accounts = accounts;
        this.identity = identity;
    }

    @CheckedTemplate(basePath = "QualityPages")
    static class Templates {
        static native TemplateInstance review(Viewer me, List<FlagReviews.FlagCase> open, List<FlagReviews.FlagCase> reviewed,
                                              List<AuditEntry> audit, String notice, String error);
    }

    @GET
    public TemplateInstance page() {
        return page(null, null);
    }

    @POST
    @Path("{id}/warn")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response warn(@PathParam("id") long id, @FormParam("note") String note) {
        return review(id, FlagReviews.Decision.WARN, note);
    }

    @POST
    @Path("{id}/drop")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response drop(@PathParam("id") long id, @FormParam("note") String note) {
        return review(id, FlagReviews.Decision.DROP, note);
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response suspend(@PathParam("id") long id, @FormParam("note") String note) {
        return review(id, FlagReviews.Decision.SUSPEND, note);
    }

    @POST
    @Path("{id}/clear")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response clear(@PathParam("id") long id, @FormParam("note") String note) {
        return review(id, FlagReviews.Decision.CLEAR, note);
    }

    private Response review(long id, FlagReviews.Decision decision, String note) {
        try {
            FlagReviews.Outcome outcome = reviews.review(accounts.current(identity), id, decision, note);
            return Response.ok(page("Flag " + outcome.decision().done() + " (" + outcome.labeler() + " in campaign "
                    + outcome.campaignId() + "): " + outcome.entry().detail, null)).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(page(null, e.getMessage())).build();
        }
    }

    private TemplateInstance page(String notice, String error) {
        return Templates.review(Viewer.of(accounts.current(identity)), reviews.open(), reviews.reviewed(HISTORY),
                reviews.audit(HISTORY), notice, error);
    }
}
