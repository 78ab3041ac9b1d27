package dev.laurel.payout;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** The next block the claim watcher reads for one distributor: persisted, so a restart neither skips nor rereads much. */
@Entity
@Table(name = "payout_chain_cursor")
public class ChainCursor extends PanacheEntity {
    public long chainId;
    public String distributor;
    public long nextBlock;
    public Instant updatedAt;

    static ChainCursor of(long chainId, String distributor) {
        return find("chainId = ?1 and lower(distributor) = ?2", chainId, distributor.toLowerCase()).firstResult();
    }
}
