package dev.laurel.payout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Keccak-256 (the original padding Ethereum uses, not SHA3-256) for the only two message sizes a Merkle
 * tree hashes: 32 bytes (a leaf's second hash) and 64 bytes (abi.encode of a leaf, or a pair of nodes).
 * Both fit one 136-byte block, so there is no buffering: load the lanes, pad, permute once, store four
 * lanes. Written from the Keccak reference (FIPS 202 §3.2 step mappings; round constants and rotation
 * offsets are derived at class load by the spec's LFSR and (x, y) walk, not typed in). About twice as fast
 * as a general-purpose digest on these sizes; {@code Keccak256Test} checks it against BouncyCastle.
 */
final class Keccak256 {
    private static final VarHandle LANE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long[] ROUND_CONSTANTS = new long[24];
    /** For lane i (= x + 5y): its rotation, and where ρ∘π moves it. */
    private static final int[] ROTATION = new int[25];
    private static final int[] TARGET = new int[25];

    static {
        int x = 1;
        int y = 0;
        for (int t = 0; t < 24; t++) {
            ROTATION[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
            int next = (2 * x + 3 * y) % 5;
            x = y;
            y = next;
        }
        for (x = 0; x < 5; x++) {
            for (y = 0; y < 5; y++) {
                TARGET[x + 5 * y] = y + 5 * ((2 * x + 3 * y) % 5); // π: B[y, 2x+3y] = ρ(A[x, y])
            }
        }
        for (int round = 0; round < 24; round++) {
            long constant = 0;
            for (int j = 0; j <= 6; j++) {
                if (rc(j + 7 * round)) {
                    constant |= 1L << ((1 << j) - 1);
                }
            }
            ROUND_CONSTANTS[round] = constant;
        }
    }

    /** The spec's rc(t): bit 0 of an 8-bit LFSR with polynomial x⁸ + x⁶ + x⁵ + x⁴ + 1. */
    private static boolean rc(int t) {
        if (t % 255 == 0) {
            return true;
        }
        int r = 1;
        for (int i = 1; i <= t % 255; i++) {
            r <<= 1;
            if ((r & 0x100) != 0) {
                r ^= 0x171;
            }
        }
        return (r & 1) != 0;
    }

    private Keccak256() {
    }

    /** Working memory of one thread's hashing: 50 lanes, reused so a million hashes allocate nothing. */
    static long[] scratch() {
        return new long[50];
    }

    /** keccak256 of the 32 bytes at {@code in[inOffset]} into {@code out[outOffset]} (may overlap). */
    static void hash32(byte[] in, int inOffset, byte[] out, int outOffset) {
        hash32(scratch(), in, inOffset, out, outOffset);
    }

    static void hash32(long[] a, byte[] in, int inOffset, byte[] out, int outOffset) {
        java.util.Arrays.fill(a, 4, 25, 0L);
        for (int i = 0; i < 4; i++) {
            a[i] = (long) LANE.get(in, inOffset + 8 * i);
        }
        a[4] = 0x01L;
        a[16] = 0x8000000000000000L;
        permute(a);
        store(a, out, outOffset);
    }

    /** keccak256 of {@code first[32] ‖ second[32]} into {@code out[outOffset]} (may overlap either input). */
    static void hash64(byte[] first, int firstOffset, byte[] second, int secondOffset, byte[] out, int outOffset) {
        hash64(scratch(), first, firstOffset, second, secondOffset, out, outOffset);
    }

    static void hash64(long[] a, byte[] first, int firstOffset, byte[] second, int secondOffset, byte[] out, int outOffset) {
        java.util.Arrays.fill(a, 8, 25, 0L);
        for (int i = 0; i < 4; i++) {
            a[i] = (long) LANE.get(first, firstOffset + 8 * i);
            a[4 + i] = (long) LANE.get(second, secondOffset + 8 * i);
        }
        a[8] = 0x01L;
        a[16] = 0x8000000000000000L;
        permute(a);
        store(a, out, outOffset);
    }

    private static void store(long[] a, byte[] out, int outOffset) {
        for (int i = 0; i < 4; i++) {
            LANE.set(out, outOffset + 8 * i, a[i]);
        }
    }

    /** Keccak-f[1600] on lanes 0–24 of {@code a} (25–49 hold ρ∘π's output): 24 rounds of θ, ρ, π, χ, ι. */
    private static void permute(long[] a) {
        for (int round = 0; round < 24; round++) {
            long c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
            long c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
            long c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
            long c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
            long c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            for (int y = 0; y < 25; y += 5) {
                a[y] ^= d0;
                a[y + 1] ^= d1;
                a[y + 2] ^= d2;
                a[y + 3] ^= d3;
                a[y + 4] ^= d4;
            }
            for (int i = 0; i < 25; i++) {
                a[25 + TARGET[i]] = Long.rotateLeft(a[i], ROTATION[i]);
            }
            for (int y = 0; y < 25; y += 5) {
                long b0 = a[25 + y];
                long b1 = a[26 + y];
                long b2 = a[27 + y];
                long b3 = a[28 + y];
                long b4 = a[29 + y];
                a[y] = b0 ^ (~b1 & b2);
                a[y + 1] = b1 ^ (~b2 & b3);
                a[y + 2] = b2 ^ (~b3 & b4);
                a[y + 3] = b3 ^ (~b4 & b0);
                a[y + 4] = b4 ^ (~b0 & b1);
            }
            a[0] ^= ROUND_CONSTANTS[round];
        }
    }
}
