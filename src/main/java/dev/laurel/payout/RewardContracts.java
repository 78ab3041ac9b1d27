package dev.laurel.payout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Hash;

/**
 * Deploys {@code LaurelToken} + {@code EpochDistributor} from the bytecode in {@code resources/chain/}
 * (copied from {@code reward-contract/build} by {@code npm run export:java}: the jar deploys them on a dev
 * chain without node or solc). The signer becomes token admin + minter and distributor owner.
 */
public final class RewardContracts {
    public static final String MINTER_ROLE = Hash.sha3String("MINTER_ROLE");

    public record Deployed(String token, String distributor) {
    }

    private RewardContracts() {
    }

    public static Deployed deploy(ChainClient chain) {
        String owner = chain.signerAddress();
        String token = chain.deploy(bytecode("LaurelToken"), List.of(new Address(owner)));
        chain.execute(token, ChainClient.encodeGrantRole(MINTER_ROLE, owner));
        String distributor = chain.deploy(bytecode("EpochDistributor"), List.of(new Address(token), new Address(owner)));
        return new Deployed(token, distributor);
    }

    /** Mints new tokens to {@code to}; the signer must hold MINTER_ROLE. */
    public static void mint(ChainClient chain, String to, BigInteger amount) {
        chain.execute(chain.token(), ChainClient.encodeMint(to, amount));
    }

    public static String bytecode(String contract) {
        try (InputStream in = RewardContracts.class.getResourceAsStream("/chain/" + contract + ".bin")) {
            if (in == null) {
                throw new IllegalStateException("chain/" + contract + ".bin is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
