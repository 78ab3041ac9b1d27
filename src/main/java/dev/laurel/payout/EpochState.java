package dev.laurel.payout;

/**
 * draft (configured, editable) → computed (allocations + root fixed, recomputable) → publishing (a signed
 * root transaction with its hash and nonce is persisted and maybe sent) → published (mined and confirmed)
 * → closed (swept after the claim deadline).
 */
public enum EpochState {
    DRAFT, COMPUTED, PUBLISHING, PUBLISHED, CLOSED
}
