package dev.laurel.model;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The team's candidate models and how each one's latest model upload fared (refreshed while one validates). */
@Path("/candidates")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class CandidatePages {
    private final Candidates candidates;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    CandidatePages(Candidates candidates, Accounts accounts, SecurityIdentity identity) {
        this.candidates = candidates;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A row of the table: the API's view, with the status in words. */
    public record Row(CandidateResource.CandidateView candidate) {
        public String getModel() {
            if (candidate.artifactStatus() == null) {
                return candidate.kind() == Candidate.Kind.DJL_ARTIFACT ? "no model uploaded" : "";
            }
            return switch (candidate.artifactStatus()) {
                case VALIDATING -> "validating on a worker…";
                case READY -> "ready";
                case REJECTED -> "rejected";
            };
        }

        public String getShortArtifact() {
            return candidate.artifact() == null ? "" : candidate.artifact().substring(0, 12);
        }

        public boolean isValidating() {
            return candidate.artifactStatus() == Candidate.ArtifactStatus.VALIDATING;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Viewer me, List<Row> rows, boolean validating);

        static native TemplateInstance list$table(List<Row> rows, boolean validating);
    }

    @GET
    public TemplateInstance list() {
        User me = accounts.current(identity);
        List<Row> rows = rows(me);
        return Templates.list(Viewer.of(me), rows, rows.stream().anyMatch(Row::isValidating));
    }

    /** The table alone, which htmx swaps in every few seconds while an upload is validating. */
    @GET
    @Path("table")
    public TemplateInstance table() {
        List<Row> rows = rows(accounts.current(identity));
        return Templates.list$table(rows, rows.stream().anyMatch(Row::isValidating));
    }

    private List<Row> rows(User me) {
        return candidates.visibleTo(me).stream().map(c -> new Row(CandidateResource.CandidateView.of(c))).toList();
    }
}
