package dev.laurel.quality;

import dev.laurel.account.Accounts;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The labeler's own flags: a fragment their campaigns page loads. */
@Path("/me/flags")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class FlagPages {
    private final QualityReports reports;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    FlagPages(QualityReports reports, Accounts accounts, SecurityIdentity identity) {
        this.reports = reports;
        this.accounts = accounts;
        this.identity = identity;
    }

    @CheckedTemplate(basePath = "QualityPages")
    static class Templates {
        static native TemplateInstance flags(List<QualityReports.FlagView> flags);
    }

    @GET
    public TemplateInstance flags() {
        return Templates.flags(reports.flagsOf(accounts.current(identity).id));
    }
}
