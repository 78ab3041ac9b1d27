package dev.laurel.payout;

import dev.laurel.platform.Problem;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.function.Consumer;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Puts computed epochs on chain so that a crash at any moment never publishes twice:
 * <ol>
 *   <li>sign the {@code publishEpoch} transaction and <em>persist</em> it (hash, nonce, raw bytes) with the
 *       state {@code publishing} — before anything is sent;</li>
 *   <li>broadcast it and wait for the receipt and the configured confirmations → {@code published}.</li>
 * </ol>
 * After a crash, {@link #resume(long)} decides from the chain, never from memory: a receipt for the persisted
 * hash, or the root already in the distributor, means published; a still-free nonce means the exact same
 * signed bytes are broadcast again (the same transaction, it cannot be mined twice); a nonce taken by
 * another transaction means ours can never be mined, so the epoch goes back to {@code computed}. Beneath all
 * that the contract refuses a second root for an epoch ({@code EpochAlreadyPublished}).
 * <p>Runs in the {@code chain} role; one publisher per signer (methods are serialized).
 */
@ApplicationScoped
public class EpochPublisher {
    private final Epochs epochs;
    private final PayoutChain chain;
    /** Test seams that simulate a process dying at the two dangerous moments. */
    private volatile Consumer<String> beforeBroadcast = hash -> { };
    private volatile Consumer<String> afterBroadcast = hash -> { };

    EpochPublisher(Epochs epochs, PayoutChain chain) {
        this.epochs = epochs;
        this.chain = chain;
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
                epochs.markPublished(number, client.blockNumber());
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
        String data = ChainClient.encodePublish(number, epoch.root, epoch.total, epoch.claimDeadline.getEpochSecond(),
                epoch.provenance);
        ChainClient.SignedTransaction tx = client.withNonceLock(() -> {
            ChainClient.SignedTransaction signed = client.sign(client.distributor(), data);
            epochs.markPublishing(number, signed); // committed before the transaction can exist anywhere else
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
        return confirm(number, tx.hash());
    }

    /** Finishes an epoch left in {@code publishing} (crash, RPC outage, timeout) from what the chain says. */
    public synchronized Epoch resume(long number) {
        Epoch epoch = epochs.require(number);
        if (epoch.state != EpochState.PUBLISHING) {
            return epoch;
        }
        ChainClient client = chain.client();
        var receipt = client.receipt(epoch.txHash);
        if (receipt.isPresent() && receipt.get().isStatusOK()) {
            return confirm(number, epoch.txHash);
        }
        ChainClient.EpochOnChain onChain = client.epoch(number);
        if (onChain.isPublished() && onChain.root().equalsIgnoreCase(epoch.root)) {
            epochs.markPublished(number, client.blockNumber());
            return epochs.require(number);
        }
        if (receipt.isPresent()) {
            epochs.abandonTransaction(number, "Transaction " + epoch.txHash + " reverted; publish again.");
            Log.warnf("Epoch %d: publish transaction %s reverted; back to computed", number, epoch.txHash);
            return epochs.require(number);
        }
        if (client.minedNonce() > epoch.txNonce) {
            epochs.abandonTransaction(number, "Nonce " + epoch.txNonce + " was used by another transaction; publish again.");
            Log.warnf("Epoch %d: nonce %d of %s went to another transaction; back to computed", number, epoch.txNonce, epoch.txHash);
            return epochs.require(number);
        }
        Log.infof("Epoch %d: re-broadcasting the persisted transaction %s", number, epoch.txHash);
        client.broadcast(new ChainClient.SignedTransaction(epoch.txHash, epoch.signedTx, epoch.txNonce));
        return confirm(number, epoch.txHash);
    }

    private Epoch confirm(long number, String hash) {
        try {
            TransactionReceipt receipt = chain.client().awaitConfirmed(hash);
            epochs.markPublished(number, receipt.getBlockNumber().longValueExact());
            Log.infof("Epoch %d published in block %s (%s gas)", number, receipt.getBlockNumber(), receipt.getGasUsed());
        } catch (ChainUnavailable e) {
            epochs.recordError(number, e.getMessage());
            throw e;
        } catch (ChainRejected e) {
            // mined but reverted: nothing is on chain, so a new transaction is safe
            return resume(number);
        }
        return epochs.require(number);
    }

    /** At start and then periodically: the "on restart" half of the crash guarantee. */
    @Scheduled(every = "${laurel.payout.resume-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resumeAll() {
        if (!chain.isConfigured()) {
            return;
        }
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

    void simulateCrashes(Consumer<String> beforeBroadcast, Consumer<String> afterBroadcast) {
        this.beforeBroadcast = beforeBroadcast == null ? hash -> { } : beforeBroadcast;
        this.afterBroadcast = afterBroadcast == null ? hash -> { } : afterBroadcast;
    }
}
