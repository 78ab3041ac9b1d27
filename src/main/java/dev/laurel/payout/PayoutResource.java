package dev.laurel.payout;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Token rewards: admins configure, compute, publish and sweep epochs; labelers fetch their allocation and proof. */
@Path("/api/payout")
@Tag(name = "Payout", description = "Reward epochs, allocations, Merkle proofs and claims")
public class PayoutResource {
    private final Epochs epochs;
    private final EpochPublisher publisher;
    private final PayoutChain chain;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final ClaimWatcher claims;
    private final EpochCadence cadence;
    private final boolean relayClaims;

    PayoutResource(Epochs epochs, EpochPublisher publisher, PayoutChain chain, Accounts accounts, SecurityIdentity identity,
                   ClaimWatcher claims, EpochCadence cadence,
                   @ConfigProperty(name = "laurel.payout.relay-claims", defaultValue = "false") boolean relayClaims) {
        this.claims = claims;
        this.cadence = cadence;
        this.relayClaims = relayClaims;
        this.epochs = epochs;
        this.publisher = publisher;
        this.chain = chain;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** Amounts are decimal strings of base units: JSON numbers would lose precision past 2⁵³. */
    public record EpochView(long number, String state, String budget, Instant windowStart, Instant windowEnd,
                            double minReliability, String capPerLabeler, Instant claimDeadline, String root,
                            String provenance, String total, String unallocated, String carriedIn, String carriedOut,
                            String txHash, Long publishedBlock, String lastError, boolean scheduled, Report report) {
        static EpochView of(Epoch e, Report report) {
            return new EpochView(e.number, Epochs.state(e), text(e.budget), e.windowStart, e.windowEnd, e.minReliability,
                    text(e.capPerLabeler), e.claimDeadline, e.root, e.provenance, text(e.total), text(e.unallocated),
                    text(e.carriedIn), text(e.carriedOut), e.txHash, e.publishedBlock, e.lastError, e.scheduled, report);
        }
    }

    /** Who is paid and who is not, and why (e.g. labelers with points but no linked wallet). */
    public record Report(long paid, List<Long> noWallet, List<Long> lowReliability, List<Long> nothing) {
        static Report of(List<EpochAllocation> rows) {
            return new Report(rows.stream().filter(r -> r.status == EpochAllocation.Status.PAID).count(),
                    ids(rows, EpochAllocation.Status.NO_WALLET), ids(rows, EpochAllocation.Status.LOW_RELIABILITY),
                    ids(rows, EpochAllocation.Status.NOTHING));
        }

        private static List<Long> ids(List<EpochAllocation> rows, EpochAllocation.Status status) {
            return rows.stream().filter(r -> r.status == status).map(r -> r.labelerId).toList();
        }
    }

    public record ClaimView(long epoch, String account, String amount, List<String> proof, String distributor,
                            long chainId, String calldata, Instant deadline, Boolean claimed) {
    }

    /** Which answers → which points → which tokens. */
    public record ReceiptView(long epoch, String status, Instant windowStart, Instant windowEnd, long acceptedAnswers,
                              long points, String qualityWeight, double reliability, String account, String amount,
                              String budget, String epochTotal, String explanation) {
    }

    public record AllocationView(long epoch, String epochState, String status, String account, long points,
                                 String amount, Instant claimDeadline, boolean claimed, Instant claimedAt,
                                 String claimTxHash) {
    }

    @POST
    @Path("epochs")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Configure an epoch (draft): budget and cap in base units as strings, window, minimum reliability, claim deadline")
    public Response configure(Epochs.Settings settings) {
        if (settings == null) {
            throw Problem.badRequest("Send the epoch's settings as JSON.");
        }
        return Response.status(201).entity(view(epochs.configure(settings))).build();
    }

    @PUT
    @Path("epochs/{n}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Change a draft or computed epoch (a computed one goes back to draft)")
    public EpochView reconfigure(@PathParam("n") long number, Epochs.Settings settings) {
        if (settings == null) {
            throw Problem.badRequest("Send the epoch's settings as JSON.");
        }
        return view(epochs.reconfigure(number, settings));
    }

    @GET
    @Path("epochs")
    @RolesAllowed(Role.ADMIN)
    public List<EpochView> list() {
        return epochs.epochs().stream().map(e -> EpochView.of(e, null)).toList();
    }

    @GET
    @Path("epochs/{n}")
    @RolesAllowed(Role.ADMIN)
    public EpochView get(@PathParam("n") long number) {
        return view(epochs.require(number));
    }

    @POST
    @Path("epochs/{n}/compute")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Close the epoch's books: allocations, Merkle root, proofs (again allowed until published)")
    public EpochView compute(@PathParam("n") long number) {
        return view(epochs.compute(number));
    }

    @POST
    @Path("epochs/{n}/publish")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Publish the root on chain; 200 when confirmed, 202 while still publishing (it resumes by itself)")
    public Response publish(@PathParam("n") long number) {
        Epoch epoch;
        try {
            epoch = publisher.publish(number);
        } catch (ChainUnavailable e) {
            Epoch now = epochs.require(number);
            if (now.state != EpochState.PUBLISHING) {
                throw e;
            }
            epoch = now;
        }
        return Response.status(epoch.state == EpochState.PUBLISHING ? 202 : 200).entity(view(epoch)).build();
    }

    @POST
    @Path("epochs/{n}/sweep")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "After the claim deadline: send unclaimed tokens to the treasury and close the epoch")
    public EpochView sweep(@PathParam("n") long number) {
        return view(publisher.sweep(number));
    }

    /** Durations are ISO-8601 (P1D is daily, P7D weekly); amounts decimal strings of base units. */
    public record CadenceView(boolean enabled, String period, String budget, double minReliability, String capPerLabeler,
                              String claimPeriod, Instant updatedAt) {
        static CadenceView of(Cadence c) {
            return new CadenceView(c.enabled, c.period, text(c.budget), c.minReliability, text(c.capPerLabeler),
                    c.claimPeriod, c.updatedAt);
        }
    }

    @GET
    @Path("cadence")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "The epoch cadence (404 until an admin sets one)")
    public CadenceView cadence() {
        return cadence.current().map(CadenceView::of)
                .orElseThrow(() -> Problem.notFound("No epoch cadence is set; epochs are opened and closed by hand."));
    }

    @PUT
    @Path("cadence")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Set the epoch cadence: period daily, weekly or an ISO-8601 duration; budget per epoch; claim period after each window")
    public CadenceView setCadence(EpochCadence.Settings settings) {
        if (settings == null) {
            throw Problem.badRequest("Send the cadence as JSON.");
        }
        return CadenceView.of(cadence.configure(settings));
    }

    @GET
    @Path("allocations")
    @RolesAllowed(Role.LABELER)
    @Operation(summary = "Your allocations in computed, published and closed epochs")
    public List<AllocationView> allocations() {
        return epochs.allocationsOf(me().id).stream()
                .map(e -> new AllocationView(e.getKey().number, Epochs.state(e.getKey()), e.getValue().status.name(),
                        e.getValue().account, e.getValue().points, text(e.getValue().amount), e.getKey().claimDeadline,
                        e.getValue().isClaimed(), e.getValue().claimedAt, e.getValue().claimTxHash))
                .toList();
    }

    @GET
    @Path("epochs/{n}/claim")
    @RolesAllowed(Role.LABELER)
    @Operation(summary = "What you need to claim: amount, Merkle proof, contract, chain id and the ready-made calldata")
    public ClaimView claim(@PathParam("n") long number) {
        Epoch epoch = epochs.require(number);
        EpochAllocation row = epochs.allocationOf(epoch, me().id);
        if (row.status != EpochAllocation.Status.PAID) {
            throw Problem.conflict(explain(epoch, row));
        }
        if (!epoch.isOnChain()) {
            throw Problem.conflict("Epoch " + number + " is " + Epochs.state(epoch) + "; you can claim once it is published.");
        }
        List<String> proof = Epochs.proofOf(row);
        ChainClient client = chain.client();
        Boolean claimed = true;
        if (!row.isClaimed()) {
            try {
                // the chain is the truth; the watcher may not have seen the log yet (confirmations, poll interval)
                claimed = client.isClaimed(number, row.account);
                if (claimed) {
                    claims.markClaimed(number, row.account, null, null);
                }
            } catch (ChainUnavailable e) {
                claimed = null; // the proof is still good; the status is unknown for now
            }
        }
        return new ClaimView(number, row.account, row.amount.toString(), proof, client.distributor(), client.chainId(),
                ChainClient.encodeClaim(number, row.account, row.amount, proof), epoch.claimDeadline, claimed);
    }

    public record RelayedClaim(long epoch, String account, String amount, String txHash) {
    }

    @POST
    @Path("epochs/{n}/claim")
    @RolesAllowed(Role.LABELER)
    @Operation(summary = "Have the server send your claim and pay its gas (only when the operator enabled relayed claims)")
    public RelayedClaim relay(@PathParam("n") long number) {
        if (!relayClaims) {
            throw Problem.forbidden("Relayed claims are switched off here; claim with your own wallet.");
        }
        ClaimView claim = claim(number);
        if (Boolean.TRUE.equals(claim.claimed())) {
            throw Problem.conflict("You already claimed epoch " + number + ".");
        }
        // the leaf binds the account: the relayer pays the gas, the tokens still go to the labeler's wallet
        String hash = chain.client().execute(claim.distributor(), claim.calldata()).getTransactionHash();
        return new RelayedClaim(number, claim.account(), claim.amount(), hash);
    }

    @GET
    @Path("epochs/{n}/receipt")
    @RolesAllowed(Role.LABELER)
    @Operation(summary = "How your tokens were computed: accepted answers → points → quality weight → tokens")
    public ReceiptView receipt(@PathParam("n") long number) {
        Epoch epoch = epochs.require(number);
        EpochAllocation row = epochs.allocationOf(epoch, me().id);
        String weight = java.math.BigDecimal.valueOf(row.weightMillionths, 6).toPlainString();
        return new ReceiptView(number, row.status.name(), epoch.windowStart, epoch.windowEnd, row.answers, row.points,
                weight, row.reliability, row.account, row.amount.toString(), epoch.budget.toString(), text(epoch.total),
                explain(epoch, row));
    }

    static String explain(Epoch epoch, EpochAllocation row) {
        return switch (row.status) {
            case PAID -> row.answers + " accepted answers gave " + row.points + " points, weighted " +
                    java.math.BigDecimal.valueOf(row.weightMillionths, 6).stripTrailingZeros().toPlainString()
                    + ", for " + row.amount.subtract(row.carriedIn) + " base units of the " + epoch.budget + " budget"
                    + (epoch.capPerLabeler == null ? "" : " (cap " + epoch.capPerLabeler + " per labeler)")
                    + (row.carriedIn.signum() == 0 ? "" : ", plus " + row.carriedIn + " kept for you from earlier epochs"
                    + " while you had no linked wallet: " + row.amount + " in all") + ".";
            case NO_WALLET -> row.amount.signum() == 0
                    ? "You earned " + row.points + " points in epoch " + epoch.number
                    + " but had no linked wallet when it was computed, and your share came to nothing."
                    : "You earned " + row.points + " points in epoch " + epoch.number + " but had no linked wallet when"
                    + " it was computed: your " + row.amount + " base units are kept for you"
                    + (row.carriedToEpochId == null
                    ? " and added to the first epoch computed after you link a wallet."
                    : " and were added to epoch " + Epoch.<Epoch>findById(row.carriedToEpochId).number + "; claim them there.");
            case LOW_RELIABILITY -> "Your reliability (the lower end of its 95% interval) was " + row.reliability
                    + ", below the epoch's minimum " + epoch.minReliability + "; more gold answers narrow the interval.";
            case NOTHING -> "Your weighted share of epoch " + epoch.number + " rounded to nothing.";
        };
    }

    private User me() {
        return accounts.current(identity);
    }

    private EpochView view(Epoch epoch) {
        return EpochView.of(epoch, epoch.state == EpochState.DRAFT ? null : Report.of(epochs.allocations(epoch)));
    }

    private static String text(java.math.BigInteger amount) {
        return amount == null ? null : amount.toString();
    }
}
