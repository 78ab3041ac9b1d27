package dev.laurel.account;

import dev.laurel.platform.Problem;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/account/wallet")
@Tag(name = "Accounts", description = "Users and API tokens")
@Authenticated
public class WalletResource {
    private final Wallets wallets;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    WalletResource(Wallets wallets, Accounts accounts, SecurityIdentity identity) {
        this.wallets = wallets;
        this.accounts = accounts;
        this.identity = identity;
    }

    public record ChallengeRequest(String address) {
    }

    public record LinkRequest(String message, String signature) {
    }

    public record WalletView(String address, long chainId, Instant linkedAt) {
        static WalletView of(WalletLink link) {
            return new WalletView(link.address, link.chainId, link.linkedAt);
        }
    }

    @POST
    @Path("challenge")
    @Operation(summary = "Get a Sign-In With Ethereum message (EIP-4361) for your address; sign it with personal_sign")
    public Wallets.Challenge challenge(ChallengeRequest request) {
        return wallets.challenge(accounts.current(identity), request == null ? null : request.address());
    }

    @POST
    @Operation(summary = "Link the wallet that signed the message; payouts go to it")
    public WalletView link(LinkRequest request) {
        if (request == null || request.message() == null || request.signature() == null) {
            throw Problem.badRequest("Send 'message' (as issued) and 'signature'.");
        }
        return WalletView.of(wallets.link(accounts.current(identity), request.message(), request.signature()));
    }

    @GET
    @Operation(summary = "Your linked wallet")
    public WalletView wallet() {
        return wallets.walletOf(accounts.current(identity)).map(WalletView::of)
                .orElseThrow(() -> Problem.notFound("You have not linked a wallet yet."));
    }
}
