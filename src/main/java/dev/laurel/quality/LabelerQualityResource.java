package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.platform.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Tag(name = "Quality", description = "Gold tasks, agreement, labeler reliability and flags")
public class LabelerQualityResource {
    private final QualityReports reports;
    private final QualityRecompute recompute;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    LabelerQualityResource(QualityReports reports, QualityRecompute recompute, Accounts accounts, SecurityIdentity identity) {
        this.reports = reports;
        this.recompute = recompute;
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @Path("me/flags")
    @RolesAllowed({Role.LABELER, Role.MODELER, Role.ADMIN})
    @Operation(summary = "Why your answers were flagged, and what was done")
    public List<QualityReports.FlagView> myFlags() {
        return reports.flagsOf(accounts.current(identity).id);
    }

    @GET
    @Path("admin/labelers/{id}/quality")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "A labeler's speed, agreement, gold accuracy, reliability interval and flags")
    public QualityReports.LabelerReport labeler(@PathParam("id") long id) {
        if (!accounts.exists(id)) {
            throw Problem.notFound("Labeler " + id + " does not exist.");
        }
        return reports.labeler(id);
    }

    @POST
    @Path("admin/quality/recompute")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Recompute consensus, Dawid-Skene accuracies, alpha and agreement now (also runs on a schedule)")
    public QualityRecompute.Summary recompute() {
        return recompute.recomputeAll();
    }
}
