package dev.laurel.campaign.kind;

/** A pairwise answer: the left reply (A), the right one (B), equally good, or both bad. */
public enum Choice {
    A, B, TIE, BOTH_BAD
}
