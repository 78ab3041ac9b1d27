package dev.laurel.payout;

import dev.laurel.platform.Problem;
import java.util.List;

/** The chain refused a call or transaction; {@link #error()} names the contract's custom error when known. */
public class ChainRejected extends Problem {
    private final String error;

    public ChainRejected(String error, String detail) {
        super(409, "Rejected by the chain", detail, List.of());
        this.error = error;
    }

    /** The custom error's name (e.g. {@code EpochAlreadyPublished}), or null if the revert was not decoded. */
    public String error() {
        return error;
    }
}
