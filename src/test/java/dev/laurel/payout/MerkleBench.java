package dev.laurel.payout;

import dev.laurel.payout.MerkleTree.Leaf;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Times {@link MerkleTree#of} for 1 000 000 allocations (goal: under 10 s on 2 cores) and one proof.
 * A main rather than a timed test so a slow CI machine never fails a build; run {@code bench/merkle.sh}.
 */
public final class MerkleBench {
    private static final double GOAL_SECONDS = 10.0;

    private MerkleBench() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Random random = new Random(42);
        List<Leaf> leaves = new ArrayList<>(count);
        byte[] address = new byte[20];
        for (int i = 0; i < count; i++) {
            random.nextBytes(address);
            leaves.add(new Leaf("0x" + HexFormat.of().formatHex(address), new BigInteger(80, random)));
        }
        var cpu = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 1; run <= 3; run++) { // the first run is the cold one a freshly started chain role sees
            long start = System.nanoTime();
            long cpuStart = cpu.getProcessCpuTime();
            MerkleTree tree = MerkleTree.of(leaves);
            double build = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpu.getProcessCpuTime() - cpuStart) / 1e9;
            long proofStart = System.nanoTime();
            List<String> proof = tree.proof(leaves.get(count / 2));
            double proofMillis = (System.nanoTime() - proofStart) / 1e6;
            // CPU time too: on a shared machine the wall clock measures the neighbours as much as the code
            System.out.printf("run %d: %,d leaves  build %.2f s wall (goal %.0f s → %.2f × baseline), %.2f s CPU on %d cores"
                            + "  proof of %d nodes %.3f ms  root %s%n",
                    run, count, build, GOAL_SECONDS, build / GOAL_SECONDS, cpuSeconds,
                    Runtime.getRuntime().availableProcessors(), proof.size(), proofMillis, tree.rootHex());
        }
    }
}
