package dev.laurel.payout;

import dev.laurel.platform.ClusterLock;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Follows the distributor's {@code Claimed} logs so Laurel knows who claimed — through the page, the relay
 * or any other wallet or tool. Reads from a persisted block cursor up to the block that has the configured
 * confirmations (a reorg shallower than that cannot undo what it saw), in bounded ranges (RPC providers cap
 * eth_getLogs). Marking is idempotent: an allocation already claimed is left as it is, so rereading a range
 * after a crash between marking and moving the cursor changes nothing (both happen in one transaction anyway).
 */
@ApplicationScoped
public class ClaimWatcher {
    private final PayoutChain chain;
    private final ClusterLock locks;
    private final boolean isChain;
    private final int blocksPerRead;

    ClaimWatcher(PayoutChain chain, ClusterLock locks, Roles roles, @ConfigProperty(name = "laurel.payout.claim-blocks-per-read", defaultValue = "2000") int blocksPerRead) {
        this.chain = chain;
        this.locks = locks;
        this.isChain = roles.isChain();
        this.blocksPerRead = blocksPerRead;
    }

    @Scheduled(every = "${laurel.payout.claim-poll-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!isChain || !chain.isConfigured()) {
            return;
        }
        try {
            locks.runExclusively("payout.claims", this::catchUp); // one reader of the logs per cluster
        } catch (RuntimeException e) {
            Log.warnf("Claim watcher: %s", e.getMessage());
        }
    }

    /** Reads every confirmed block not read yet; returns how many allocations it newly marked claimed. */
    public int catchUp() {
        return catchUp(chain.client().settings().confirmations());
    }

    synchronized int catchUp(int confirmations) {
        ChainClient client = chain.client();
        long safe = client.blockNumber() - (confirmations - 1);
        int marked = 0;
        long from = start(client);
        while (from <= safe) {
            long to = Math.min(safe, from + blocksPerRead - 1);
            List<ChainClient.ClaimLog> logs = client.claimLogs(from, to);
            marked += record(client, logs, to + 1);
            from = to + 1;
        }
        return marked;
    }

    @Transactional
    long start(ChainClient client) {
        ChainCursor cursor = ChainCursor.of(client.chainId(), client.distributor());
        if (cursor != null) {
            return cursor.nextBlock;
        }
        // no claim is older than the first publication of an epoch still open; a block beyond the head belongs
        // to another chain this database once used, so then read from the start
        Long first = Epoch.getEntityManager().createQuery(
                "select min(e.publishedBlock) from Epoch e where e.state = :state", Long.class)
                .setParameter("state", EpochState.PUBLISHED).getSingleResult();
        return first == null || first > client.blockNumber() ? 0 : first;
    }

    @Transactional
    int record(ChainClient client, List<ChainClient.ClaimLog> logs, long nextBlock) {
        int marked = 0;
        for (ChainClient.ClaimLog log : logs) {
            if (markClaimed(log.epoch(), log.account(), log.txHash(), log.block())) {
                marked++;
            }
        }
        ChainCursor cursor = ChainCursor.of(client.chainId(), client.distributor());
        if (cursor == null) {
            cursor = new ChainCursor();
            cursor.chainId = client.chainId();
            cursor.distributor = client.distributor();
        }
        cursor.nextBlock = Math.max(cursor.nextBlock, nextBlock);
        cursor.updatedAt = Instant.now();
        if (!cursor.isPersistent()) {
            cursor.persist(); // after the fields: the insert carries the state at persist time
        }
        return marked;
    }

    /** Idempotent; false when the allocation is unknown here or already marked. */
    @Transactional
    public boolean markClaimed(long epochNumber, String account, String txHash, Long block) {
        Epoch epoch = Epoch.findByNumber(epochNumber);
        if (epoch == null) {
            return false;
        }
        EpochAllocation row = EpochAllocation.find("epochId = ?1 and lower(account) = ?2 and status = ?3",
                epoch.id, account.toLowerCase(), EpochAllocation.Status.PAID).firstResult();
        if (row == null || row.isClaimed()) {
            if (row != null && row.claimTxHash == null && txHash != null) {
                row.claimTxHash = txHash; // first learnt through isClaimed; the log adds where
                row.claimedBlock = block;
            }
            return false;
        }
        row.claimedAt = Instant.now();
        row.claimTxHash = txHash;
        row.claimedBlock = block;
        return true;
    }
}
