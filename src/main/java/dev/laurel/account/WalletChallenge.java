package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A SIWE message the server issued: its nonce is good for one link, until it expires. */
@Entity
public class WalletChallenge extends PanacheEntity {
    public long userId;
    public String nonce;
    public String address;
    public String message;
    public Instant issuedAt;
    public Instant expiresAt;
    public Instant usedAt;
}
