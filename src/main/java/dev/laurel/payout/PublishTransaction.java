package dev.laurel.payout;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;

/**
 * One signed {@code publishEpoch} transaction, persisted before it is sent. Fee bumps add rows with the same
 * nonce; after a crash the publisher looks for a receipt of every one of them, since any may be the one mined.
 */
@Entity
@Table(name = "payout_publish_tx")
public class PublishTransaction extends PanacheEntity {
    public long epochId;
    public String hash;
    public long nonce;
    @Column(precision = 78, scale = 0)
    public BigInteger gasLimit;
    @Column(precision = 78, scale = 0)
    public BigInteger maxFee;
    @Column(precision = 78, scale = 0)
    public BigInteger priorityFee;
    public String signedTx;
    public Instant signedAt;

    ChainClient.SignedTransaction signed() {
        return new ChainClient.SignedTransaction(hash, signedTx, nonce, gasLimit, maxFee, priorityFee);
    }
}
