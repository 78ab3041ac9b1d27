package dev.laurel.payout;

import dev.laurel.account.Wallets;
import dev.laurel.game.PointsLedger;
import dev.laurel.platform.Problem;
import dev.laurel.quality.Reliability;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Reward epochs: configuration, computing allocations and the Merkle root, the persisted publication
 * states, and what a labeler sees (allocation, proof, receipt). The chain work itself is
 * {@link EpochPublisher}'s; every state change it makes goes through a transaction here.
 */
@ApplicationScoped
public class Epochs {
    /** Names the source of points in every epoch's provenance hash: the game's ledger rows in the window. */
    static final String RULE_VERSION = "game-points-ledger/v1";

    private final PointsLedger points;
    private final Reliability reliability;
    private final Wallets wallets;

    Epochs(PointsLedger points, Reliability reliability, Wallets wallets) {
        this.points = points;
        this.reliability = reliability;
        this.wallets = wallets;
    }

    /** What an admin sets; amounts are decimal strings of base units (JSON numbers lose precision past 2⁵³). */
    public record Settings(Long number, String budget, Instant windowStart, Instant windowEnd, Double minReliability,
                           String capPerLabeler, Instant claimDeadline) {
    }

    @Transactional
    public Epoch configure(Settings settings) {
        long number = settings.number() != null ? settings.number()
                : Epoch.<Epoch>findAll(Sort.descending("number")).firstResultOptional().map(e -> e.number + 1).orElse(1L);
        if (number < 1) {
            throw Problem.badRequest("'number' (the epoch id on chain) must be positive.");
        }
        if (Epoch.findByNumber(number) != null) {
            throw Problem.conflict("Epoch " + number + " already exists.");
        }
        Epoch epoch = new Epoch();
        epoch.number = number;
        epoch.state = EpochState.DRAFT;
        epoch.createdAt = Instant.now();
        apply(epoch, settings);
        epoch.persist();
        return epoch;
    }

    @Transactional
    public Epoch reconfigure(long number, Settings settings) {
        Epoch epoch = locked(number);
        if (epoch.state != EpochState.DRAFT && epoch.state != EpochState.COMPUTED) {
            throw Problem.conflict("Epoch " + number + " is " + state(epoch) + "; only draft or computed epochs can change.");
        }
        apply(epoch, settings);
        if (epoch.state == EpochState.COMPUTED) {
            clearComputation(epoch); // the root no longer matches the settings
        }
        return epoch;
    }

    /** The checks of {@link #configure}, without an epoch (the cadence validates its template with them). */
    static void validate(Settings s) {
        apply(new Epoch(), s);
    }

    private static void apply(Epoch epoch, Settings s) {
        BigInteger budget = amount("budget", s.budget(), true);
        if (budget.signum() <= 0) {
            throw Problem.badRequest("'budget' must be positive.");
        }
        if (s.windowStart() == null || s.windowEnd() == null || !s.windowStart().isBefore(s.windowEnd())) {
            throw Problem.badRequest("'windowStart' and 'windowEnd' are required, start before end.");
        }
        if (s.claimDeadline() == null || !s.claimDeadline().isAfter(s.windowEnd())) {
            throw Problem.badRequest("'claimDeadline' is required and must come after 'windowEnd'.");
        }
        double minReliability = s.minReliability() == null ? 0 : s.minReliability();
        if (!(minReliability >= 0 && minReliability <= 1)) {
            throw Problem.badRequest("'minReliability' must be between 0 and 1.");
        }
        BigInteger cap = amount("capPerLabeler", s.capPerLabeler(), false);
        if (cap != null && cap.signum() <= 0) {
            throw Problem.badRequest("'capPerLabeler' must be positive (or absent for no cap).");
        }
        epoch.budget = budget;
        epoch.windowStart = s.windowStart();
        epoch.windowEnd = s.windowEnd();
        epoch.claimDeadline = s.claimDeadline();
        epoch.minReliability = minReliability;
        epoch.capPerLabeler = cap;
    }

    private static BigInteger amount(String field, String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw Problem.badRequest("'" + field + "' is required: a whole number of base units, as a string.");
            }
            return null;
        }
        try {
            BigInteger value = new BigInteger(text.strip());
            if (value.bitLength() > 128) {
                throw Problem.badRequest("'" + field + "' is too large (the distributor holds at most 2^128 - 1 per epoch).");
            }
            return value;
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'" + field + "' must be a whole number of base units, not '" + text + "'.");
        }
    }

    @Transactional
    public List<Epoch> epochs() {
        return Epoch.listAll(Sort.descending("number"));
    }

    @Transactional
    public Epoch require(long number) {
        Epoch epoch = Epoch.findByNumber(number);
        if (epoch == null) {
            throw Problem.notFound("There is no epoch " + number + ".");
        }
        return epoch;
    }

    @Transactional
    public List<EpochAllocation> allocations(Epoch epoch) {
        return EpochAllocation.list("epochId", Sort.by("labelerId"), epoch.id);
    }

    /**
     * Closes the epoch's books: points per labeler in the window, quality weights, wallets, the exact
     * allocation, the Merkle tree and each labeler's proof. Allowed again while nothing is on chain.
     * <p>A labeler without a linked wallet keeps their share: it is allocated like everyone's, kept out of
     * the tree (NO_WALLET with its amount) and added to their leaf in the first epoch computed after they
     * link one. So budget + carried in = total (the leaves) + carried out + unallocated, to the base unit.
     */
    @Transactional
    public Epoch compute(long number) {
        Epoch epoch = locked(number);
        if (epoch.state != EpochState.DRAFT && epoch.state != EpochState.COMPUTED) {
            throw Problem.conflict("Epoch " + number + " is " + state(epoch) + "; its allocations are final.");
        }
        if (Instant.now().isBefore(epoch.windowEnd)) {
            throw Problem.conflict("Epoch " + number + " runs until " + epoch.windowEnd + "; compute it after that.");
        }
        Instant settled = settledAt(epoch);
        if (Instant.now().isBefore(settled)) {
            // within the settlement delay, answers of the window may still be dropped and reversed before they are paid
            throw Problem.conflict("Epoch " + number + "'s points settle until " + settled + " (its window end plus the"
                    + " settlement delay of " + hours(points.settlementDelay()) + "); compute it after that.");
        }
        clearComputation(epoch);
        Map<Long, PointsLedger.WindowPoints> earned = points.pointsBetween(epoch.windowStart, epoch.windowEnd);
        List<EpochAllocation> kept = keptFor(epoch);
        java.util.Set<Long> labelers = new java.util.HashSet<>(earned.keySet());
        kept.forEach(row -> labelers.add(row.labelerId));
        Map<Long, String> addresses = wallets.addressesOf(labelers);

        Map<Long, EpochAllocation> byLabeler = new HashMap<>();
        List<Allocation.Contributor> contributors = new ArrayList<>();
        Map<String, EpochAllocation> byAccount = new HashMap<>();
        for (var entry : earned.entrySet()) {
            if (entry.getValue().points() <= 0) {
                continue;
            }
            // the quality multiplier weighs points; the minimum reliability is held against the 95 % interval's lower
            // bound, so a labeler must have shown enough evidence, not just a lucky few gold answers
            Reliability.LabelerReliability q = reliability.of(entry.getKey());
            EpochAllocation row = new EpochAllocation();
            row.epochId = epoch.id;
            row.labelerId = entry.getKey();
            row.answers = entry.getValue().answers();
            row.points = entry.getValue().points();
            row.weightMillionths = q.multiplierMillionths();
            row.reliability = q.lower();
            row.amount = BigInteger.ZERO;
            row.account = addresses.get(entry.getKey());
            row.status = row.account == null ? EpochAllocation.Status.NO_WALLET : EpochAllocation.Status.NOTHING;
            byLabeler.put(row.labelerId, row);
            // an unlinked labeler takes part under a name no address can have: their share is computed, then kept
            String account = row.account != null ? row.account : UNLINKED + row.labelerId;
            contributors.add(new Allocation.Contributor(account, row.points, row.weightMillionths, row.reliability));
            byAccount.put(account, row);
        }
        Allocation.Result result = Allocation.allocate(
                new Allocation.Policy(epoch.budget, epoch.capPerLabeler, epoch.minReliability), contributors);
        result.belowReliability().forEach(a -> byAccount.get(a).status = EpochAllocation.Status.LOW_RELIABILITY);
        BigInteger carriedOut = BigInteger.ZERO;
        for (var share : result.amounts().entrySet()) {
            EpochAllocation row = byAccount.get(share.getKey());
            row.amount = share.getValue();
            if (row.account == null) {
                carriedOut = carriedOut.add(row.amount); // stays NO_WALLET, amount kept for a later epoch
            } else {
                row.status = EpochAllocation.Status.PAID;
            }
        }

        // shares kept in earlier epochs go to the labelers who have linked a wallet since, once
        BigInteger carriedIn = BigInteger.ZERO;
        for (EpochAllocation earlier : kept) {
            String address = addresses.get(earlier.labelerId);
            if (address == null) {
                continue; // still no wallet: kept on
            }
            EpochAllocation row = byLabeler.computeIfAbsent(earlier.labelerId, id -> carriedOnly(epoch, id, address));
            row.amount = row.amount.add(earlier.amount);
            row.carriedIn = row.carriedIn.add(earlier.amount);
            row.status = EpochAllocation.Status.PAID;
            earlier.carriedToEpochId = epoch.id;
            carriedIn = carriedIn.add(earlier.amount);
        }

        List<MerkleTree.Leaf> leaves = new ArrayList<>();
        byLabeler.values().stream().filter(row -> row.status == EpochAllocation.Status.PAID)
                .sorted(Comparator.comparing(row -> row.account.toLowerCase()))
                .forEach(row -> leaves.add(new MerkleTree.Leaf(row.account, row.amount)));
        if (leaves.isEmpty()) {
            long unlinked = byLabeler.values().stream().filter(r -> r.status == EpochAllocation.Status.NO_WALLET).count();
            throw Problem.conflict("Nobody can be paid in epoch " + number + ": " + byLabeler.size() + " labelers have points, "
                    + unlinked + " of them without a linked wallet (their shares are kept until they link one), "
                    + result.belowReliability().size() + " below the minimum reliability.");
        }
        MerkleTree tree = MerkleTree.of(leaves);
        Map<String, EpochAllocation> paid = new HashMap<>();
        byLabeler.values().stream().filter(row -> row.status == EpochAllocation.Status.PAID)
                .forEach(row -> paid.put(row.account, row));
        for (MerkleTree.Leaf leaf : leaves) {
            paid.get(leaf.account()).proof = String.join(",", tree.proof(leaf));
        }
        byLabeler.values().forEach(r -> r.persist());

        epoch.ruleVersion = RULE_VERSION;
        epoch.root = tree.rootHex();
        epoch.total = leaves.stream().map(MerkleTree.Leaf::amount).reduce(BigInteger.ZERO, BigInteger::add);
        epoch.unallocated = result.unallocated();
        epoch.carriedIn = carriedIn;
        epoch.carriedOut = carriedOut;
        if (!epoch.budget.add(carriedIn).equals(epoch.total.add(carriedOut).add(epoch.unallocated))) {
            throw new IllegalStateException("Epoch " + number + "'s books do not balance: budget " + epoch.budget
                    + " + carried in " + carriedIn + " ≠ total " + epoch.total + " + carried out " + carriedOut
                    + " + unallocated " + epoch.unallocated);
        }
        epoch.provenance = provenance(epoch.ruleVersion, leaves);
        epoch.state = EpochState.COMPUTED;
        epoch.computedAt = Instant.now();
        epoch.lastError = null;
        return epoch;
    }

    /** Names an unlinked labeler in the allocation; an address is 0x-hex, so the two never meet. */
    private static final String UNLINKED = "unlinked:";

    /**
     * Shares kept for labelers without a wallet in earlier epochs (by number) and not paid anywhere yet,
     * locked: two computations must not both take them.
     */
    private static List<EpochAllocation> keptFor(Epoch epoch) {
        return EpochAllocation.<EpochAllocation>find("status = ?1 and amount > 0 and carriedToEpochId is null"
                        + " and epochId in (select e.id from Epoch e where e.number < ?2)", Sort.by("id"),
                EpochAllocation.Status.NO_WALLET, epoch.number).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** The line of a labeler who earned nothing in this window but is paid what earlier epochs kept. */
    private EpochAllocation carriedOnly(Epoch epoch, long labelerId, String address) {
        Reliability.LabelerReliability q = reliability.of(labelerId);
        EpochAllocation row = new EpochAllocation();
        row.epochId = epoch.id;
        row.labelerId = labelerId;
        row.account = address;
        row.weightMillionths = q.multiplierMillionths();
        row.reliability = q.lower();
        row.amount = BigInteger.ZERO;
        return row;
    }

    /** keccak256 of the rule version and the sorted (account, amount) lines: anyone holding the dataset can check it. */
    static String provenance(String ruleVersion, List<MerkleTree.Leaf> leaves) {
        StringBuilder text = new StringBuilder("laurel-payout/v1\n").append(ruleVersion).append('\n');
        leaves.stream().sorted(Comparator.comparing(l -> l.account().toLowerCase()))
                .forEach(l -> text.append(l.account().toLowerCase()).append(',').append(l.amount()).append('\n'));
        return Numeric.toHexString(Hash.sha3(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void clearComputation(Epoch epoch) {
        // a share this epoch kept that a later epoch has paid cannot be computed anew (it would be paid twice)
        EpochAllocation paidLater = EpochAllocation.<EpochAllocation>find("epochId = ?1 and carriedToEpochId is not null",
                epoch.id).firstResult();
        if (paidLater != null) {
            Epoch later = Epoch.findById(paidLater.carriedToEpochId);
            throw Problem.conflict("Epoch " + epoch.number + " kept shares that epoch " + later.number + " pays; "
                    + "recompute or reconfigure epoch " + later.number + " first (while it is not on chain), then this one.");
        }
        // what this epoch took from earlier ones is kept again until it is computed anew
        EpochAllocation.update("carriedToEpochId = null where carriedToEpochId = ?1", epoch.id);
        EpochAllocation.delete("epochId", epoch.id);
        EpochAllocation.getEntityManager().flush();
        epoch.root = null;
        epoch.provenance = null;
        epoch.total = null;
        epoch.unallocated = null;
        epoch.carriedIn = null;
        epoch.carriedOut = null;
        epoch.computedAt = null;
        epoch.state = EpochState.DRAFT;
    }

    /** When every point of the epoch's window has settled: its end plus the settlement delay. */
    public Instant settledAt(Epoch epoch) {
        return epoch.windowEnd.plus(points.settlementDelay());
    }

    /** The settlement delay as admins read it, in hours (e.g. "72 h"), or seconds below an hour. */
    public static String hours(java.time.Duration delay) {
        return delay.toSeconds() % 3600 == 0 ? delay.toHours() + " h" : delay.toSeconds() + " s";
    }

    /** How long points wait before they are payable (laurel.game.settlement-delay). */
    public java.time.Duration settlementDelay() {
        return points.settlementDelay();
    }

    /** The cadence's compute: only a draft, so a process that comes second leaves the first one's result alone. */
    @Transactional
    public Optional<Epoch> computeIfDraft(long number) {
        return locked(number).state == EpochState.DRAFT ? Optional.of(compute(number)) : Optional.empty();
    }

    // ---- cadence ----

    /** The admins' cadence, if they set one (one row). */
    @Transactional
    public Optional<Cadence> cadence() {
        return Cadence.<Cadence>findAll(Sort.by("id")).firstResultOptional();
    }

    /** Scheduled epochs whose window has ended and settled, and that are not on chain yet (publishing ones resume by themselves). */
    @Transactional
    public List<Long> scheduledDue(Instant now) {
        // due once settled: the window's end plus the settlement delay
        return Epoch.<Epoch>list("scheduled = true and windowEnd <= ?1 and state in ?2", Sort.by("number"),
                now.minus(points.settlementDelay()),
                List.of(EpochState.DRAFT, EpochState.COMPUTED)).stream().map(e -> e.number).toList();
    }

    /**
     * Opens the next scheduled epoch unless one is open over {@code now}: it starts where the last scheduled
     * window ended (or now) and lasts whole periods until it covers {@code now}.
     */
    @Transactional
    public Optional<Epoch> openScheduled(Cadence cadence, Instant now) {
        // the cadence row is the openers' mutex: a second process waits here, then sees the epoch the first opened
        Cadence.findById(cadence.id, LockModeType.PESSIMISTIC_WRITE);
        Epoch last = Epoch.<Epoch>find("scheduled = true", Sort.descending("windowEnd")).firstResult();
        if (last != null && last.windowEnd.isAfter(now)) {
            return Optional.empty();
        }
        Duration period = Duration.parse(cadence.period);
        Instant start = last == null ? now : last.windowEnd;
        Instant end = start.plus(period);
        while (!end.isAfter(now)) {
            end = end.plus(period);
        }
        Epoch epoch = configure(new Settings(null, cadence.budget.toString(), start, end, cadence.minReliability,
                cadence.capPerLabeler == null ? null : cadence.capPerLabeler.toString(),
                end.plus(Duration.parse(cadence.claimPeriod))));
        epoch.scheduled = true;
        return Optional.of(epoch);
    }

    // ---- publication states (called by EpochPublisher; each call is its own committed transaction) ----

    /**
     * The one step that lets a publication exist: under the row lock, so of two processes that both signed, the
     * second finds the epoch publishing already (or its root recomputed since it read it) and never broadcasts.
     */
    @Transactional
    public void markPublishing(long number, String signedRoot, ChainClient.SignedTransaction tx) {
        Epoch epoch = locked(number);
        if (epoch.state != EpochState.COMPUTED) {
            throw Problem.conflict("Epoch " + number + " is " + state(epoch) + ", not computed.");
        }
        if (!signedRoot.equalsIgnoreCase(epoch.root)) {
            throw Problem.conflict("Epoch " + number + " was recomputed while its publication was being signed; publish again.");
        }
        epoch.state = EpochState.PUBLISHING;
        epoch.txHash = tx.hash();
        epoch.txNonce = tx.nonce();
        epoch.signedTx = tx.raw();
        epoch.lastError = null;
        persistSent(epoch, tx);
    }

    /** A fee bump of the epoch's pending publication: same nonce, persisted before it is sent. */
    @Transactional
    public void recordReplacement(long number, ChainClient.SignedTransaction tx) {
        Epoch epoch = locked(number);
        if (epoch.state != EpochState.PUBLISHING || epoch.txNonce == null || epoch.txNonce != tx.nonce()) {
            throw new IllegalStateException("Epoch " + number + " has no pending publication with nonce " + tx.nonce());
        }
        epoch.txHash = tx.hash();
        epoch.signedTx = tx.raw();
        persistSent(epoch, tx);
    }

    private static void persistSent(Epoch epoch, ChainClient.SignedTransaction tx) {
        PublishTransaction row = new PublishTransaction();
        row.epochId = epoch.id;
        row.hash = tx.hash();
        row.nonce = tx.nonce();
        row.gasLimit = tx.gasLimit();
        row.maxFee = tx.maxFee();
        row.priorityFee = tx.priorityFee();
        row.signedTx = tx.raw();
        row.signedAt = Instant.now();
        row.persist();
    }

    /** Every transaction signed for the epoch's current nonce, oldest first (the last one has the highest fees). */
    @Transactional
    public List<PublishTransaction> pendingPublications(long number) {
        Epoch epoch = require(number);
        if (epoch.txNonce == null) {
            return List.of();
        }
        List<PublishTransaction> sent = PublishTransaction.list("epochId = ?1 and nonce = ?2", Sort.by("id"), epoch.id, epoch.txNonce);
        if (sent.isEmpty() && epoch.signedTx != null) {
            // signed before V13 kept every attempt: the one persisted transaction carries its own fees
            var raw = (org.web3j.crypto.transaction.type.Transaction1559) org.web3j.crypto.TransactionDecoder
                    .decode(epoch.signedTx).getTransaction();
            persistSent(epoch, new ChainClient.SignedTransaction(epoch.txHash, epoch.signedTx, epoch.txNonce,
                    raw.getGasLimit(), raw.getMaxFeePerGas(), raw.getMaxPriorityFeePerGas()));
            sent = PublishTransaction.list("epochId = ?1 and nonce = ?2", Sort.by("id"), epoch.id, epoch.txNonce);
        }
        return sent;
    }

    /** Every publish transaction ever signed for the epoch, oldest first (abandoned nonces included). */
    @Transactional
    public List<PublishTransaction> publishTransactions(long number) {
        return PublishTransaction.list("epochId", Sort.by("id"), require(number).id);
    }

    @Transactional
    public void markPublished(long number, long block, String minedHash) {
        Epoch epoch = locked(number);
        if (epoch.isOnChain()) {
            return; // another process confirmed it first (one nonce: the same mined transaction)
        }
        if (minedHash != null) {
            epoch.txHash = minedHash;
        }
        epoch.state = EpochState.PUBLISHED;
        epoch.publishedBlock = block;
        epoch.publishedAt = Instant.now();
        epoch.signedTx = null;
        epoch.lastError = null;
    }

    /** The persisted transaction can never be mined (reverted, or its nonce went to another one): sign anew. */
    @Transactional
    public void abandonTransaction(long number, String reason) {
        Epoch epoch = locked(number);
        if (epoch.state != EpochState.PUBLISHING) {
            return; // another process settled it meanwhile
        }
        epoch.state = EpochState.COMPUTED;
        epoch.txHash = null;
        epoch.txNonce = null;
        epoch.signedTx = null;
        epoch.lastError = reason;
    }

    @Transactional
    public void recordError(long number, String message) {
        Epoch epoch = require(number);
        epoch.lastError = message == null ? null : message.substring(0, Math.min(message.length(), 2000));
    }

    @Transactional
    public void markClosed(long number, String sweepTxHash) {
        Epoch epoch = locked(number);
        if (epoch.state == EpochState.CLOSED) {
            return;
        }
        epoch.state = EpochState.CLOSED;
        epoch.sweepTxHash = sweepTxHash;
        epoch.closedAt = Instant.now();
    }

    @Transactional
    public List<Long> numbersIn(EpochState state) {
        return Epoch.<Epoch>list("state", state).stream().map(e -> e.number).toList();
    }

    // ---- what a labeler sees ----

    /** The labeler's lines in computed-or-later epochs, newest first, with their epoch. */
    @Transactional
    public List<Map.Entry<Epoch, EpochAllocation>> allocationsOf(long labelerId) {
        List<EpochAllocation> rows = EpochAllocation.list("labelerId", labelerId);
        List<Map.Entry<Epoch, EpochAllocation>> lines = new ArrayList<>();
        for (EpochAllocation row : rows) {
            Epoch epoch = Epoch.findById(row.epochId);
            lines.add(Map.entry(epoch, row));
        }
        lines.sort(Comparator.comparing((Map.Entry<Epoch, EpochAllocation> e) -> e.getKey().number).reversed());
        return lines;
    }

    @Transactional
    public EpochAllocation allocationOf(Epoch epoch, long labelerId) {
        EpochAllocation row = EpochAllocation.find("epochId = ?1 and labelerId = ?2", epoch.id, labelerId).firstResult();
        if (row == null) {
            throw Problem.notFound("You earned no points in epoch " + epoch.number + ".");
        }
        return row;
    }

    /** The epoch's row, locked until the transaction ends: state transitions read and change it under this lock. */
    private static Epoch locked(long number) {
        Epoch epoch = Epoch.<Epoch>find("number", number).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (epoch == null) {
            throw Problem.notFound("There is no epoch " + number + ".");
        }
        return epoch;
    }

    public static List<String> proofOf(EpochAllocation row) {
        return row.proof == null || row.proof.isEmpty() ? List.of() : Arrays.asList(row.proof.split(","));
    }

    static String state(Epoch epoch) {
        return epoch.state.name().toLowerCase();
    }
}
