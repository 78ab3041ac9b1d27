package dev.laurel.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;

/** The web3j client against a real anvil, without the application. */
class ChainClientTest {
    private static Anvil anvil;
    private static ChainClient client;

    @BeforeAll
    static void start() {
        RewardContract.ensureInstalled();
        anvil = Anvil.start(Anvil.shippedBinary(RewardContract.DIR));
        ChainClient deployer = ChainClient.connect(anvil.url(), Anvil.WELL_KNOWN_TEST_KEY_0, Anvil.CHAIN_ID, null, null,
                new ChainClient.Settings(1, Duration.ofSeconds(10), Duration.ofMillis(20), 2));
        RewardContracts.Deployed deployed = RewardContracts.deploy(deployer);
        client = deployer.at(deployed.token(), deployed.distributor());
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        anvil.close();
    }

    @Test
    void mintedTokensAreAvailableForNewEpochs() {
        RewardContracts.mint(client, client.distributor(), BigInteger.valueOf(12345));
        assertEquals(BigInteger.valueOf(12345), client.availableForNewEpochs());
        assertTrue(!client.epoch(99).isPublished());
    }

    @Test
    void aRevertIsRefusedBeforeSigningWithTheCustomErrorDecoded() {
        String data = RewardContracts.bytecode("EpochDistributor")
                + org.web3j.abi.FunctionEncoder.encodeConstructor(List.of(new Address(client.token()), new Address("0x0")));
        ChainRejected rejected = assertThrows(ChainRejected.class, () -> client.sign(null, data));
        assertEquals("OwnableInvalidOwner", rejected.error(), rejected.getMessage());
        ChainRejected early = assertThrows(ChainRejected.class, () -> client.sign(client.distributor(),
                ChainClient.encodePublish(1, "0x" + "11".repeat(32), BigInteger.ONE.shiftLeft(200), 4_000_000_000L, "0x" + "00".repeat(32))));
        assertEquals("TotalTooLarge", early.error(), early.getMessage());
    }

    @Test
    void anUnreachableNodeIsReportedAsUnavailableAfterRetries() {
        ChainClient down = ChainClient.connect("http://127.0.0.1:1", Anvil.WELL_KNOWN_TEST_KEY_0, Anvil.CHAIN_ID,
                client.token(), client.distributor(), new ChainClient.Settings(1, Duration.ofSeconds(1), Duration.ofMillis(10), 2));
        ChainUnavailable e = assertThrows(ChainUnavailable.class, down::blockNumber);
        assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
    }
}
