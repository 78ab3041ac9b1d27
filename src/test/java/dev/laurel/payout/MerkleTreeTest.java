package dev.laurel.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.payout.MerkleTree.Leaf;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final String OZ = """
            import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
            let input = '';
            for await (const chunk of process.stdin) input += chunk;
            const values = JSON.parse(input);
            const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
            const proofs = values.map((_, i) => tree.getProof(i));
            console.log(JSON.stringify({ root: tree.root, proofs }));
            """;

    static List<Leaf> randomLeaves(int count, long seed) {
        Random random = new Random(seed);
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] address = new byte[20];
            random.nextBytes(address);
            // amounts of every size, including 0, 1 and the uint256 maximum
            BigInteger amount = switch (i % 5) {
                case 0 -> BigInteger.ZERO;
                case 1 -> BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
                default -> new BigInteger(random.nextInt(200) + 1, random);
            };
            leaves.add(new Leaf("0x" + HexFormat.of().formatHex(address), amount));
        }
        return leaves;
    }

    @Test
    void rootAndEveryProofMatchOpenZeppelinsJavaScriptLibrary() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int count : new int[] {1, 2, 3, 7, 50}) {
            List<Leaf> leaves = randomLeaves(count, count);
            List<List<String>> values = leaves.stream().map(l -> List.of(l.account(), l.amount().toString())).toList();
            JsonNode oz = json.readTree(RewardContract.node(OZ, json.writeValueAsString(values)));

            MerkleTree tree = MerkleTree.of(leaves);
            assertEquals(oz.get("root").asText(), tree.rootHex(), "root of " + count + " leaves");
            for (int i = 0; i < count; i++) {
                List<String> expected = new ArrayList<>();
                oz.get("proofs").get(i).forEach(node -> expected.add(node.asText()));
                assertEquals(expected, tree.proof(leaves.get(i)), "proof of leaf " + i + " of " + count);
            }
        }
    }

    /** Big enough that leaf hashing, sorting and the upper levels run in parallel chunks. */
    @Test
    void aTreeBuiltInParallelChunksMatchesOpenZeppelinToo() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Leaf> leaves = randomLeaves(20_000, 11);
        List<List<String>> values = leaves.stream().map(l -> List.of(l.account(), l.amount().toString())).toList();
        String script = OZ.replace("const proofs = values.map((_, i) => tree.getProof(i));",
                "const proofs = [0, 7777, 19999].map((i) => tree.getProof(i));");
        JsonNode oz = json.readTree(RewardContract.node(script, json.writeValueAsString(values)));
        MerkleTree tree = MerkleTree.of(leaves);
        assertEquals(oz.get("root").asText(), tree.rootHex());
        int[] picked = {0, 7777, 19999};
        for (int k = 0; k < picked.length; k++) {
            List<String> expected = new ArrayList<>();
            oz.get("proofs").get(k).forEach(node -> expected.add(node.asText()));
            assertEquals(expected, tree.proof(leaves.get(picked[k])));
        }
    }

    @Test
    void everyProofVerifiesAgainstTheRootAndTamperedOnesDoNot() {
        List<Leaf> leaves = randomLeaves(33, 7);
        MerkleTree tree = MerkleTree.of(leaves);
        for (Leaf leaf : leaves) {
            assertTrue(MerkleTree.verify(tree.proof(leaf), tree.rootHex(), leaf));
        }
        Leaf first = leaves.get(2);
        Leaf inflated = new Leaf(first.account(), first.amount().add(BigInteger.ONE));
        assertFalse(MerkleTree.verify(tree.proof(first), tree.rootHex(), inflated));
        assertThrows(IllegalArgumentException.class, () -> tree.proof(inflated));
    }

    @Test
    void leafOrderDoesNotChangeTheRoot() {
        List<Leaf> leaves = randomLeaves(20, 3);
        String root = MerkleTree.of(leaves).rootHex();
        List<Leaf> shuffled = new ArrayList<>(leaves);
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(root, MerkleTree.of(shuffled).rootHex());
    }

    @Test
    void singleLeafTreeIsItsOwnRootWithAnEmptyProof() {
        Leaf leaf = randomLeaves(1, 9).get(0);
        MerkleTree tree = MerkleTree.of(List.of(leaf));
        assertEquals("0x" + HexFormat.of().formatHex(MerkleTree.leafHash(leaf)), tree.rootHex());
        assertEquals(List.of(), tree.proof(leaf));
    }

    @Test
    void emptyTreesAndBadLeavesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Leaf("0x1234", BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> new Leaf("0x" + "a".repeat(40), BigInteger.ONE.negate()));
        assertThrows(IllegalArgumentException.class, () -> new Leaf("0x" + "a".repeat(40), BigInteger.ONE.shiftLeft(256)));
    }
}
