package dev.laurel.payout;

import dev.laurel.platform.ClusterLock;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Puts computed epochs on chain so that a crash at any moment never publishes twice:
 * <ol>
 *   <li>sign the {@code publishEpoch} transaction and <em>persist</em> it (hash, nonce, raw bytes, fees) with the
 *       state {@code publishing} — before anything is sent;</li>
 *   <li>broadcast it and wait for the receipt and the configured confirmations → {@code published};</li>
 *   <li>while it stays pending longer than {@code laurel.payout.bump-after}, sign a replacement with the
 *       <em>same nonce</em> and both EIP-1559 fees raised ≥ 12.5 %, persist it, then send it (at most
 *       {@code laurel.payout.max-fee-bumps} times). One nonce means at most one of them is ever mined.</li>
 * </ol>
 * After a crash, {@link #resume(long)} decides from the chain, never from memory: a receipt for <em>any</em> persisted
 * hash of the nonce, or the root already in the distributor, means published; a still-free nonce means the newest
 * signed bytes are broadcast again (the same transaction, it cannot be mined twice); a nonce taken by another
 * transaction means none of ours can ever be mined, so the epoch goes back to {@code computed}. Beneath all that
 * the contract refuses a second root for an epoch ({@code EpochAlreadyPublished}).
 * <p>Runs in the {@code chain} role; one publisher per signer (methods are serialized).
 */
@ApplicationScoped
public class EpochPublisher {
    private final Epochs epochs;
    private final PayoutChain chain;
    private final ClusterLock locks;
    private final boolean isChain;
    private final Duration bumpAfter;
    private final int maxBumps;
    /** Test seams that simulate a process dying at the dangerous moments. */
    private volatile Consumer<String> beforeBroadcast = hash -> { };
    private volatile Consumer<String> afterBroadcast = hash -> { };
    private volatile Consumer<String> beforeBumpBroadcast = hash -> { };

    EpochPublisher(Epochs epochs, PayoutChain chain, ClusterLock locks, Roles roles,
                   @ConfigProperty(name = "laurel.payout.bump-after", defaultValue = "PT3M") Duration bumpAfter,
                   @ConfigProperty(name = "laurel.payout.max-fee-bumps", defaultValue = "5") int maxBumps) {
        this.epochs = epochs;
        this.chain = chain;
        this.locks = locks;
        this.isChain = roles.isChain();
        this.bumpAfter = bumpAfter;
        this.maxBumps = maxBumps;
    }

    public synchronized Epoch publish(long number) {
        Epoch epoch = epochs.require(number);
        switch (epoch.state) {
            case PUBLISHED, CLOSED -> {
                return epoch;
            }
            case PUBLISHING -> {
                return resume(number);
            }
            case DRAFT -> throw Problem.conflict("Epoch " + number + " is a draft; compute it first.");
            default -> {
            }
        }
        ChainClient client = chain.client();
        ChainClient.EpochOnChain onChain = client.epoch(number);
        if (onChain.isPublished()) {
            if (onChain.root().equalsIgnoreCase(epoch.root)) {
                epochs.markPublished(number, client.blockNumber(), null);
                return epochs.require(number);
            }
            throw Problem.conflict("Epoch " + number + " already has another root on chain (" + onChain.root()
                    + "); configure a new epoch number.");
        }
        BigInteger available = client.availableForNewEpochs();
        if (available.compareTo(epoch.total) < 0) {
            throw Problem.conflict("The distributor " + client.distributor() + " holds " + available
                    + " base units not promised to other epochs, but epoch " + number + " needs " + epoch.total
                    + ": mint or transfer at least " + epoch.total.subtract(available) + " more to it, then publish again.");
        }
        String data = publishCall(epoch);
        ChainClient.SignedTransaction tx = client.withNonceLock(() -> {
            ChainClient.SignedTransaction signed = client.sign(client.distributor(), data);
            epochs.markPublishing(number, epoch.root, signed); // committed before the transaction can exist anywhere else
            beforeBroadcast.accept(signed.hash());
            try {
                client.broadcast(signed);
            } catch (ChainUnavailable e) {
                epochs.recordError(number, e.getMessage()); // stays publishing; resume() sends the same bytes
                throw e;
            }
            return signed;
        });
        afterBroadcast.accept(tx.hash());
        return confirm(number);
    }

    private static String publishCall(Epoch epoch) {
        return ChainClient.encodePublish(epoch.number, epoch.root, epoch.total, epoch.claimDeadline.getEpochSecond(),
                epoch.provenance);
    }

    /** Finishes an epoch left in {@code publishing} (crash, RPC outage, timeout) from what the chain says. */
    public synchronized Epoch resume(long number) {
        Epoch epoch = epochs.require(number);
        if (epoch.state != EpochState.PUBLISHING) {
            return epoch;
        }
        ChainClient client = chain.client();
        List<PublishTransaction> sent = epochs.pendingPublications(number);
        Optional<Mined> mined = mined(client, sent);
        if (mined.isPresent() && mined.get().receipt().isStatusOK()) {
            return confirm(number);
        }
        ChainClient.EpochOnChain onChain = client.epoch(number);
        if (onChain.isPublished() && onChain.root().equalsIgnoreCase(epoch.root)) {
            epochs.markPublished(number, client.blockNumber(), null);
            return epochs.require(number);
        }
        if (mined.isPresent()) {
            String hash = mined.get().hash();
            epochs.abandonTransaction(number, "Transaction " + hash + " reverted; publish again.");
            Log.warnf("Epoch %d: publish transaction %s reverted; back to computed", number, hash);
            return epochs.require(number);
        }
        if (client.minedNonce() > epoch.txNonce) {
            if (mined(client, sent).isPresent()) {
                return resume(number); // one of ours was mined between the two looks
            }
            epochs.abandonTransaction(number, "Nonce " + epoch.txNonce + " was used by another transaction; publish again.");
            Log.warnf("Epoch %d: nonce %d went to another transaction; back to computed", number, epoch.txNonce);
            return epochs.require(number);
        }
        // the newest has the highest fees; the older ones are in no node's pool any more or about to be replaced
        PublishTransaction newest = sent.get(sent.size() - 1);
        Log.infof("Epoch %d: re-broadcasting the persisted transaction %s", number, newest.hash);
        try {
            client.broadcast(newest.signed());
        } catch (ChainRejected e) {
            Log.warnf("Epoch %d: %s", number, e.getMessage()); // e.g. an older one is still pending: wait for it
        }
        return confirm(number);
    }

    private record Mined(String hash, TransactionReceipt receipt) {
    }

    /** The receipt of whichever of the nonce's transactions was mined (at most one can be). */
    private static Optional<Mined> mined(ChainClient client, List<PublishTransaction> sent) {
        for (PublishTransaction tx : sent) {
            Optional<TransactionReceipt> receipt = client.receipt(tx.hash);
            if (receipt.isPresent()) {
                return Optional.of(new Mined(tx.hash, receipt.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Waits for any of the pending nonce's transactions to be mined and confirmed, replacing the newest with higher
     * fees whenever it has been pending for {@code bumpAfter}; gives up after the receipt timeout (the epoch stays
     * {@code publishing} and the periodic resume carries on, bumps included, since the times are persisted).
     */
    private Epoch confirm(long number) {
        ChainClient client = chain.client();
        long deadline = System.nanoTime() + client.settings().receiptTimeout().toNanos();
        try {
            while (true) {
                List<PublishTransaction> sent = epochs.pendingPublications(number);
                Optional<Mined> mined = mined(client, sent);
                if (mined.isPresent()) {
                    TransactionReceipt receipt = client.awaitConfirmed(mined.get().hash());
                    epochs.markPublished(number, receipt.getBlockNumber().longValueExact(), mined.get().hash());
                    Log.infof("Epoch %d published in block %s by %s (%s gas, %d signed for the nonce)", number,
                            receipt.getBlockNumber(), mined.get().hash(), receipt.getGasUsed(), sent.size());
                    return epochs.require(number);
                }
                Epoch epoch = epochs.require(number);
                if (client.minedNonce() > epoch.txNonce) {
                    return resume(number); // mined by now, or taken by another transaction
                }
                PublishTransaction newest = sent.get(sent.size() - 1);
                if (sent.size() <= maxBumps && Duration.between(newest.signedAt, Instant.now()).compareTo(bumpAfter) >= 0) {
                    bump(client, epoch, newest);
                }
                if (System.nanoTime() > deadline) {
                    throw new ChainUnavailable("Epoch " + number + ": no publish transaction of nonce " + epoch.txNonce
                            + " was mined after " + client.settings().receiptTimeout().toSeconds() + " s; it will be checked again.");
                }
                Thread.sleep(client.settings().pollInterval().toMillis());
            }
        } catch (ChainUnavailable e) {
            epochs.recordError(number, e.getMessage());
            throw e;
        } catch (ChainRejected e) {
            // mined but reverted: nothing is on chain, so a new transaction is safe
            return resume(number);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailable("Interrupted while waiting for the chain.");
        }
    }

    /** Same nonce, higher fees; persisted before it is sent, so a crash right after still knows its hash. */
    private void bump(ChainClient client, Epoch epoch, PublishTransaction newest) {
        client.withNonceLock(() -> {
            ChainClient.SignedTransaction next = client.replacement(newest.signed(), client.distributor(), publishCall(epoch));
            epochs.recordReplacement(epoch.number, next);
            beforeBumpBroadcast.accept(next.hash());
            Log.infof("Epoch %d: %s pending since %s; replacing it with %s (max fee %s → %s, tip %s → %s)", epoch.number,
                    newest.hash, newest.signedAt, next.hash(), newest.maxFee, next.maxFee(), newest.priorityFee, next.priorityFee());
            try {
                client.broadcast(next);
            } catch (ChainRejected e) {
                // e.g. "replacement underpriced" on a node with a stricter rule: the older one stays pending
                Log.warnf("Epoch %d: replacement refused: %s", epoch.number, e.getMessage());
            }
            return next;
        });
    }

    /**
     * At start and then periodically: the "on restart" half of the crash guarantee. Under the cadence's cluster
     * lock, so one process at a time signs and sends for epochs.
     */
    @Scheduled(every = "${laurel.payout.resume-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resumeAll() {
        if (!isChain || !chain.isConfigured()) {
            return;
        }
        locks.runExclusively(EpochCadence.JOB, this::resumePublishing);
    }

    private void resumePublishing() {
        for (long number : epochs.numbersIn(EpochState.PUBLISHING)) {
            try {
                resume(number);
            } catch (RuntimeException e) {
                Log.warnf("Epoch %d is still publishing: %s", number, e.getMessage());
            }
        }
    }

    /** After the claim deadline: unclaimed tokens go to the treasury and the epoch is closed. */
    public synchronized Epoch sweep(long number) {
        Epoch epoch = epochs.require(number);
        if (epoch.state == EpochState.CLOSED) {
            return epoch;
        }
        if (epoch.state != EpochState.PUBLISHED) {
            throw Problem.conflict("Epoch " + number + " is " + Epochs.state(epoch) + "; only published epochs are swept.");
        }
        ChainClient client = chain.client();
        String hash = null;
        try {
            hash = client.execute(client.distributor(), ChainClient.encodeSweep(number, chain.treasury())).getTransactionHash();
        } catch (ChainRejected e) {
            if (!"AlreadySwept".equals(e.error())) {
                throw e; // e.g. DeadlineNotReached: the sentence says when
            }
        }
        epochs.markClosed(number, hash);
        return epochs.require(number);
    }

    void simulateCrashBeforeBumpBroadcast(Consumer<String> seam) {
        this.beforeBumpBroadcast = seam == null ? hash -> { } : seam;
    }

    void simulateCrashes(Consumer<String> beforeBroadcast, Consumer<String> afterBroadcast) {
        this.beforeBroadcast = beforeBroadcast == null ? hash -> { } : beforeBroadcast;
        this.afterBroadcast = afterBroadcast == null ? hash -> { } : afterBroadcast;
    }
}
