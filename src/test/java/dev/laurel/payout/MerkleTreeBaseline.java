package dev.laurel.payout;

import dev.laurel.payout.MerkleTree.Leaf;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The Merkle tree as it was before the speed-up (BouncyCastle keccak, boxed index sort), kept only so that
 * {@link MerkleBench} measures before and after in the same run on the same machine.
 * <p>Original description: OpenZeppelin {@code StandardMerkleTree} over {@code (address, uint256)} leaves, laid out exactly as
 * {@code @openzeppelin/merkle-tree} 1.0.x does so that roots and proofs match the JS library and
 * {@code MerkleProof.verify} in the contract.
 * <ul>
 *   <li>leaf = keccak256(keccak256(abi.encode(account, amount))): the double hash keeps a 64-byte leaf
 *       preimage from ever being mistaken for an inner node;</li>
 *   <li>leaf hashes are sorted ascending and stored back to front in a complete binary tree held as an
 *       array of {@code 2n - 1} nodes (children of {@code i} at {@code 2i+1}, {@code 2i+2});</li>
 *   <li>inner node = keccak256(min(a, b) ‖ max(a, b)) (sorted pairs, so proofs need no left/right bits).</li>
 * </ul>
 * Pure: no I/O, no framework. Nodes live in one flat byte array, so a million leaves cost ~64 MB and
 * no per-node objects.
 */
final class MerkleTreeBaseline {
    private static final int NODE = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] nodes;
    private final int leafCount;

    private MerkleTreeBaseline(byte[] nodes, int leafCount) {
        this.nodes = nodes;
        this.leafCount = leafCount;
    }

    /** Builds the tree; the order of {@code leaves} does not matter (leaf hashes are sorted). */
    static MerkleTreeBaseline of(List<Leaf> leaves) {
        int n = leaves.size();
        if (n == 0) {
            throw new IllegalArgumentException("A Merkle tree needs at least one leaf.");
        }
        // leaf hashing is two thirds of the work and independent per leaf: spread it over the cores
        byte[] hashes = new byte[n * NODE];
        long[] prefixes = new long[n];
        IntStream.range(0, chunks(n)).parallel().forEach(chunk -> {
            KeccakDigest keccak = new KeccakDigest(256);
            byte[] encoded = new byte[64];
            for (int i = chunk * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                leafHash(keccak, leaves.get(i), encoded, hashes, i * NODE);
                // the first 8 bytes, shifted so that signed order is unsigned byte order: a cheap sort key
                prefixes[i] = readLong(hashes, i * NODE) ^ Long.MIN_VALUE;
            }
        });
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.parallelSort(order, (a, b) -> {
            int byPrefix = Long.compare(prefixes[a], prefixes[b]);
            return byPrefix != 0 ? byPrefix
                    : Arrays.compareUnsigned(hashes, a * NODE, a * NODE + NODE, hashes, b * NODE, b * NODE + NODE);
        });

        int size = 2 * n - 1;
        byte[] nodes = new byte[size * NODE];
        for (int i = 0; i < n; i++) {
            System.arraycopy(hashes, order[i] * NODE, nodes, (size - 1 - i) * NODE, NODE);
        }
        // inner nodes from the bottom up. Node i needs only 2i+1 and 2i+2, so a range [from, to] whose
        // children all lie above `to` (from = ⌈to/2⌉ gives 2·from+1 > to) can be hashed in parallel.
        int last = size - 1 - n;
        while (last >= 0) {
            int from = (last + 1) / 2;
            int to = last;
            if (to - from + 1 >= 2 * CHUNK) {
                IntStream.rangeClosed(0, (to - from) / CHUNK).parallel().forEach(chunk -> {
                    KeccakDigest keccak = new KeccakDigest(256);
                    for (int i = to - chunk * CHUNK, stop = Math.max(from, i - CHUNK + 1); i >= stop; i--) {
                        hashPair(keccak, nodes, (2 * i + 1) * NODE, nodes, (2 * i + 2) * NODE, nodes, i * NODE);
                    }
                });
            } else {
                KeccakDigest keccak = new KeccakDigest(256);
                for (int i = to; i >= from; i--) {
                    hashPair(keccak, nodes, (2 * i + 1) * NODE, nodes, (2 * i + 2) * NODE, nodes, i * NODE);
                }
            }
            last = from - 1;
        }
        return new MerkleTreeBaseline(nodes, n);
    }

    private static final int CHUNK = 4096;

    private static int chunks(int n) {
        return (n + CHUNK - 1) / CHUNK;
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    public int size() {
        return leafCount;
    }

    public byte[] root() {
        return Arrays.copyOfRange(nodes, 0, NODE);
    }

    public String rootHex() {
        return "0x" + HEX.formatHex(nodes, 0, NODE);
    }

    /** The sibling hashes from {@code leaf} up to the root, as {@code 0x}-hex; fails if the leaf is not in the tree. */
    public List<String> proof(Leaf leaf) {
        byte[] hash = leafHash(leaf);
        int index = treeIndexOf(hash);
        if (index < 0) {
            throw new IllegalArgumentException("No leaf for " + leaf.account() + " with amount " + leaf.amount());
        }
        List<String> proof = new ArrayList<>();
        while (index > 0) {
            int sibling = index % 2 == 0 ? index - 1 : index + 1;
            proof.add("0x" + HEX.formatHex(nodes, sibling * NODE, sibling * NODE + NODE));
            index = (index - 1) / 2;
        }
        return proof;
    }

    /** What the contract's {@code MerkleProof.verify} computes. */
    public static boolean verify(List<String> proof, String root, Leaf leaf) {
        KeccakDigest keccak = new KeccakDigest(256);
        byte[] current = leafHash(leaf);
        for (String sibling : proof) {
            byte[] next = new byte[NODE];
            byte[] other = HEX.parseHex(sibling.substring(2));
            hashPair(keccak, current, 0, other, 0, next, 0);
            current = next;
        }
        return ("0x" + HEX.formatHex(current)).equalsIgnoreCase(root);
    }

    public static byte[] leafHash(Leaf leaf) {
        byte[] out = new byte[NODE];
        leafHash(new KeccakDigest(256), leaf, new byte[64], out, 0);
        return out;
    }

    /** Leaves sit sorted ascending at tree indices size-1, size-2, …: binary search over that range. */
    private int treeIndexOf(byte[] hash) {
        int size = 2 * leafCount - 1;
        int low = 0;
        int high = leafCount - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int at = (size - 1 - middle) * NODE;
            int c = Arrays.compareUnsigned(nodes, at, at + NODE, hash, 0, NODE);
            if (c == 0) {
                return size - 1 - middle;
            } else if (c < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }

    /** abi.encode(address, uint256) is two 32-byte words: the address right-aligned, the amount big-endian. */
    private static void leafHash(KeccakDigest keccak, Leaf leaf, byte[] encoded, byte[] out, int outOffset) {
        Arrays.fill(encoded, (byte) 0);
        byte[] address = HEX.parseHex(leaf.account(), 2, 42);
        System.arraycopy(address, 0, encoded, 12, 20);
        byte[] amount = leaf.amount().toByteArray(); // big-endian, maybe with a leading sign byte
        int length = Math.min(amount.length, 32);
        System.arraycopy(amount, amount.length - length, encoded, 64 - length, length);
        keccak.update(encoded, 0, 64);
        keccak.doFinal(out, outOffset);
        keccak.update(out, outOffset, NODE);
        keccak.doFinal(out, outOffset);
    }

    private static void hashPair(KeccakDigest keccak, byte[] a, int aOffset, byte[] b, int bOffset, byte[] out, int outOffset) {
        boolean aFirst = Arrays.compareUnsigned(a, aOffset, aOffset + NODE, b, bOffset, bOffset + NODE) <= 0;
        if (aFirst) {
            keccak.update(a, aOffset, NODE);
            keccak.update(b, bOffset, NODE);
        } else {
            keccak.update(b, bOffset, NODE);
            keccak.update(a, aOffset, NODE);
        }
        keccak.doFinal(out, outOffset);
    }
}
