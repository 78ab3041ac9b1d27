package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** The wallet a user proved they control (SIWE); payouts go to this address. One per user. */
@Entity
public class WalletLink extends PanacheEntity {
    public long userId;
    /** EIP-55 checksummed. */
    public String address;
    public long chainId;
    public Instant linkedAt;
}
