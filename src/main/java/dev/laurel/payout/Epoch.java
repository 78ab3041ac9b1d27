package dev.laurel.payout;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;

/** A reward epoch: its configuration, its computed Merkle root and where its publication stands. */
@Entity
@Table(name = "payout_epoch")
public class Epoch extends PanacheEntity {
    /** The epoch id on chain. */
    public long number;
    @Column(precision = 78, scale = 0)
    public BigInteger budget;
    public Instant windowStart;
    public Instant windowEnd;
    public double minReliability;
    @Column(precision = 78, scale = 0)
    public BigInteger capPerLabeler;
    public Instant claimDeadline;
    @Enumerated(EnumType.STRING)
    public EpochState state;
    public String ruleVersion;
    public String root;
    public String provenance;
    /** Sum of the leaves: what is published and funded (≤ budget + carriedIn). */
    @Column(precision = 78, scale = 0)
    public BigInteger total;
    @Column(precision = 78, scale = 0)
    public BigInteger unallocated;
    /** Kept shares of earlier epochs paid in this one's tree; budget + carriedIn = total + carriedOut + unallocated. */
    @Column(precision = 78, scale = 0)
    public BigInteger carriedIn;
    /** Shares of labelers without a wallet, kept out of this tree for a later one. */
    @Column(precision = 78, scale = 0)
    public BigInteger carriedOut;
    public String txHash;
    public Long txNonce;
    public String signedTx;
    public Long publishedBlock;
    public String sweepTxHash;
    public String lastError;
    public Instant createdAt;
    public Instant computedAt;
    public Instant publishedAt;
    public Instant closedAt;
    /** Opened by the cadence scheduler, which also closes it when its window ends. */
    public boolean scheduled;

    public static Epoch findByNumber(long number) {
        return find("number", number).firstResult();
    }

    public boolean isOnChain() {
        return state == EpochState.PUBLISHED || state == EpochState.CLOSED;
    }
}
