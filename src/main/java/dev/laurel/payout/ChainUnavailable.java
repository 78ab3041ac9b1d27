package dev.laurel.payout;

import dev.laurel.platform.Problem;
import java.util.List;

/** The RPC endpoint did not answer (after retries) or no chain is configured: nothing changed, try again later. */
public class ChainUnavailable extends Problem {
    public ChainUnavailable(String detail) {
        super(503, "Chain unavailable", detail, List.of());
    }
}
