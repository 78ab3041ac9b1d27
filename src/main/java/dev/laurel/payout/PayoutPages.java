package dev.laurel.payout;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.account.WalletLink;
import dev.laurel.account.Wallets;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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

    PayoutPages(Epochs epochs, Wallets wallets, Accounts accounts, SecurityIdentity identity) {
        this.epochs = epochs;
        this.wallets = wallets;
        this.accounts = accounts;
        this.identity = identity;
    }

    public record Line(long epoch, String state, String status, String tokens, String baseUnits, long points,
                       Instant claimDeadline, String explanation, boolean isClaimable) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance payout(Viewer me, String wallet, List<Line> lines);
    }

    @GET
    public TemplateInstance page() {
        User me = accounts.current(identity);
        String wallet = wallets.walletOf(me).map((WalletLink w) -> w.address).orElse(null);
        List<Line> lines = epochs.allocationsOf(me.id).stream().map(e -> {
            Epoch epoch = e.getKey();
            EpochAllocation row = e.getValue();
            boolean claimable = row.status == EpochAllocation.Status.PAID && epoch.state == EpochState.PUBLISHED
                    && Instant.now().isBefore(epoch.claimDeadline);
            return new Line(epoch.number, Epochs.state(epoch), row.status.name().toLowerCase().replace('_', ' '),
                    tokens(row.amount), row.amount.toString(), row.points, epoch.claimDeadline,
                    PayoutResource.explain(epoch, row), claimable);
        }).toList();
        return Templates.payout(Viewer.of(me), wallet, lines);
    }

    /** LAUREL has 18 decimals; exact, no rounding. */
    static String tokens(BigInteger baseUnits) {
        return new BigDecimal(baseUnits, 18).stripTrailingZeros().toPlainString();
    }
}
