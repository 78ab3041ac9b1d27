package dev.laurel.payout;

import dev.laurel.payout.MerkleTree.Leaf;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Times building the Merkle tree of 1 000 000 allocations (goal: under 10 s cold on 2 cores), with either the
 * current {@link MerkleTree} or the {@link MerkleTreeBaseline} it replaced, so {@code bench/merkle.sh} can run both
 * in fresh JVMs on the same machine and print the ratio. A main rather than a timed test so a slow CI machine
 * never fails a build.
 * <p>Arguments: {@code current|baseline} and the leaf count. The last line is machine-readable: {@code cold <wall seconds> <CPU seconds>}.
 */
public final class MerkleBench {
    private static final double GOAL_SECONDS = 10.0;

    private MerkleBench() {
    }

    public static void main(String[] args) {
        String implementation = args.length > 0 ? args[0] : "current";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Function<List<Leaf>, String> build = switch (implementation) {
            case "current" -> leaves -> MerkleTree.of(leaves).rootHex();
            case "baseline" -> leaves -> MerkleTreeBaseline.of(leaves).rootHex();
            default -> throw new IllegalArgumentException("current or baseline, not " + implementation);
        };
        Random random = new Random(42);
        List<Leaf> leaves = new ArrayList<>(count);
        byte[] address = new byte[20];
        for (int i = 0; i < count; i++) {
            random.nextBytes(address);
            leaves.add(new Leaf("0x" + HexFormat.of().formatHex(address), new BigInteger(80, random)));
        }
        var cpu = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double cold = 0;
        double coldCpu = 0;
        for (int run = 1; run <= 3; run++) { // the first run is the cold one a freshly started chain role sees
            long start = System.nanoTime();
            long cpuStart = cpu.getProcessCpuTime();
            String root = build.apply(leaves);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpu.getProcessCpuTime() - cpuStart) / 1e9;
            if (run == 1) {
                cold = seconds;
                coldCpu = cpuSeconds;
            }
            // CPU time too: on a shared machine the wall clock measures the neighbours as much as the code
            System.out.printf("%s run %d: %,d leaves  build %.2f s wall (goal %.0f s → %.2f × goal), %.2f s CPU on %d cores  root %s%n",
                    implementation, run, count, seconds, GOAL_SECONDS, seconds / GOAL_SECONDS, cpuSeconds,
                    Runtime.getRuntime().availableProcessors(), root);
        }
        if ("current".equals(implementation)) {
            MerkleTree tree = MerkleTree.of(leaves);
            long proofStart = System.nanoTime();
            List<String> proof = tree.proof(leaves.get(count / 2));
            System.out.printf("proof of %d nodes %.3f ms, verifies: %s%n", proof.size(), (System.nanoTime() - proofStart) / 1e6,
                    MerkleTree.verify(proof, tree.rootHex(), leaves.get(count / 2)));
        }
        System.out.printf("cold %.3f %.3f%n", cold, coldCpu);
    }
}
