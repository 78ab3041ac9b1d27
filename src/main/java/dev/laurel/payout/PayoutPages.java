package dev.laurel.payout;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.account.WalletLink;
import dev.laurel.account.Wallets;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** The labeler's rewards page: linked wallet, epochs, allocation, receipt and the Claim button (frontend/src/claim.js). */
@Path("/payout")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.LABELER)
public class PayoutPages {
    private final Epochs epochs;
    private final Wallets wallets;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    private final EpochCadence cadence;

    PayoutPages(Epochs epochs, Wallets wallets, Accounts accounts, SecurityIdentity identity, EpochCadence cadence) {
        this.cadence = cadence;
        this.epochs = epochs;
        this.wallets = wallets;
        this.accounts = accounts;
        this.identity = identity;
    }

    public record Line(long epoch, String state, String status, String tokens, String baseUnits, long points,
                       Instant claimDeadline, String explanation, boolean isClaimable, boolean isClaimed) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance payout(Viewer me, String wallet, List<Line> lines);

        static native TemplateInstance admin(Viewer me, PayoutResource.CadenceView cadence, List<Epoch> epochs, String error,
                                             String settlementDelay);
    }

    /** Admins: the epoch cadence form and every epoch's state. */
    @GET
    @Path("admin")
    @RolesAllowed(Role.ADMIN)
    public TemplateInstance admin() {
        return adminPage(null);
    }

    @POST
    @Path("admin/cadence")
    @RolesAllowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object saveCadence(@FormParam("enabled") String enabled, @FormParam("period") String period,
                              @FormParam("budget") String budget, @FormParam("minReliability") String minReliability,
                              @FormParam("capPerLabeler") String cap, @FormParam("claimPeriod") String claimPeriod) {
        try {
            Double reliability;
            try {
                reliability = minReliability == null || minReliability.isBlank() ? null : Double.valueOf(minReliability.strip());
            } catch (NumberFormatException e) {
                throw Problem.badRequest("'minReliability' must be a number between 0 and 1.");
            }
            cadence.configure(new EpochCadence.Settings("on".equals(enabled), period, budget, reliability, cap, claimPeriod));
        } catch (Problem e) {
            return adminPage(e.getMessage()); // the same sentence the API gives, next to the form
        }
        return Response.seeOther(URI.create("/payout/admin")).build();
    }

    private TemplateInstance adminPage(String error) {
        return Templates.admin(Viewer.of(accounts.current(identity)),
                cadence.current().map(PayoutResource.CadenceView::of).orElse(null), epochs.epochs(), error,
                Epochs.hours(epochs.settlementDelay()));
    }

    @GET
    public TemplateInstance page() {
        User me = accounts.current(identity);
        String wallet = wallets.walletOf(me).map((WalletLink w) -> w.address).orElse(null);
        List<Line> lines = epochs.allocationsOf(me.id).stream().map(e -> {
            Epoch epoch = e.getKey();
            EpochAllocation row = e.getValue();
            boolean claimable = row.status == EpochAllocation.Status.PAID && epoch.state == EpochState.PUBLISHED
                    && !row.isClaimed() && Instant.now().isBefore(epoch.claimDeadline);
            return new Line(epoch.number, Epochs.state(epoch), row.status.name().toLowerCase().replace('_', ' '),
                    tokens(row.amount), row.amount.toString(), row.points, epoch.claimDeadline,
                    PayoutResource.explain(epoch, row), claimable, row.isClaimed());
        }).toList();
        return Templates.payout(Viewer.of(me), wallet, lines);
    }

    /** LAUREL has 18 decimals; exact, no rounding. */
    static String tokens(BigInteger baseUnits) {
        return new BigDecimal(baseUnits, 18).stripTrailingZeros().toPlainString();
    }
}
