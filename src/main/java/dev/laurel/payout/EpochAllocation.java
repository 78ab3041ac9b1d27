package dev.laurel.payout;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;

/** One labeler's line of an epoch: the receipt's numbers, the amount and the Merkle proof. */
@Entity
@Table(name = "payout_allocation")
public class EpochAllocation extends PanacheEntity {
    public enum Status {
        /** In the tree: claimable once the epoch is published. */
        PAID,
        /**
         * Had points but no linked wallet when the epoch was computed: the share ({@code amount}) is kept and
         * added to the first epoch computed after a wallet is linked ({@code carriedToEpochId}).
         */
        NO_WALLET,
        /** Reliability below the epoch's minimum. */
        LOW_RELIABILITY,
        /** Eligible, but the weighted share rounded to nothing (or every share was capped away). */
        NOTHING
    }

    public long epochId;
    public long labelerId;
    public String account;
    public long answers;
    public long points;
    public long weightMillionths;
    public double reliability;
    @Column(precision = 78, scale = 0)
    public BigInteger amount;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Of {@code amount}, what earlier epochs kept for this labeler while they had no wallet (PAID rows only). */
    @Column(precision = 78, scale = 0)
    public BigInteger carriedIn = BigInteger.ZERO;
    /** For a NO_WALLET row with an amount: the epoch whose tree paid it; null while it is still kept. */
    public Long carriedToEpochId;
    /** Comma-separated 0x-hex sibling hashes, leaf to root. */
    public String proof;
    /** Set once the chain shows the claim (a {@code Claimed} log, or {@code isClaimed}); null while unclaimed. */
    public Instant claimedAt;
    /** The claiming transaction when it was read from a log; null when only {@code isClaimed} told us. */
    public String claimTxHash;
    public Long claimedBlock;

    public boolean isClaimed() {
        return claimedAt != null;
    }
}
