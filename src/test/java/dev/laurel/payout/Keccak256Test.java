package dev.laurel.payout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class Keccak256Test {
    @Test
    void matchesAGeneralKeccakOnThirtyTwoAndSixtyFourByteMessages() {
        Random random = new Random(7);
        for (int n = 0; n < 2000; n++) {
            byte[] message = new byte[64];
            random.nextBytes(message);
            byte[] expected64 = reference(message);
            byte[] actual = new byte[32];
            Keccak256.hash64(message, 0, message, 32, actual, 0);
            assertArrayEquals(expected64, actual);
            byte[] first = Arrays.copyOf(message, 32);
            Keccak256.hash32(message, 0, actual, 0);
            assertArrayEquals(reference(first), actual);
        }
    }

    @Test
    void knownValueOfThirtyTwoZeroBytes() {
        byte[] out = new byte[32];
        Keccak256.hash32(new byte[32], 0, out, 0);
        assertEquals("290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563", HexFormat.of().formatHex(out));
        assertArrayEquals(Hash.sha3(new byte[32]), out);
    }

    private static byte[] reference(byte[] message) {
        KeccakDigest keccak = new KeccakDigest(256);
        keccak.update(message, 0, message.length);
        byte[] out = new byte[32];
        keccak.doFinal(out, 0);
        return out;
    }
}
