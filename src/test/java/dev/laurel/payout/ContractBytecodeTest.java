package dev.laurel.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The jar deploys the contracts from {@code resources/chain/*.bin}, copied from {@code reward-contract/build}
 * by {@code npm run export:java}. Fails when a contract changed and the copy was not refreshed.
 */
class ContractBytecodeTest {

    @Test
    void bundledBytecodeMatchesTheCompiledContracts() throws Exception {
        for (String contract : new String[] {"LaurelToken", "EpochDistributor"}) {
            Path compiled = RewardContract.DIR.resolve("build/" + contract + ".bin");
            assumeTrue(Files.exists(compiled), "reward-contract/build is absent: run `npm run build` there to check");
            assertEquals(Files.readString(compiled).strip(), RewardContracts.bytecode(contract),
                    contract + " changed: run `npm run export:java` in reward-contract/");
        }
    }
}
