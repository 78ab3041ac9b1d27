package dev.laurel.model;

import ai.djl.engine.Engine;
import dev.laurel.platform.ModelEngines;

/**
 * bench/gpu.sh's Java side. {@code check}: how many GPUs each DJL engine sees (exit 3 when a GPU was expected and
 * PyTorch sees none, so the script stops instead of timing the CPU twice). {@code generation}: the tiny GPT's cached
 * vs uncached tokens/s at batch 1, 8 and 32 on the device DJL picks.
 */
public final class GpuBench {
    private GpuBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "check";
        switch (mode) {
            case "check" -> {
                boolean expected = args.length > 1 && Boolean.parseBoolean(args[1]);
                int pytorch = ModelEngines.pytorch().getGpuCount();
                int onnx = Engine.getEngine(ModelEngines.ONNX_RUNTIME).getGpuCount();
                System.out.printf("DJL sees %d GPU(s) with PyTorch %s (training, TorchScript) and %d with ONNX Runtime"
                        + " (ONNX candidates); training device: %s%n", pytorch, ModelEngines.pytorch().getVersion(), onnx,
                        ModelEngines.trainingDevice());
                if (expected && pytorch == 0) {
                    System.err.println("nvidia-smi lists a GPU but DJL's PyTorch sees none: check the CUDA driver"
                            + " (CUDA 12.4 libtorch from the cuda profile) and that the cuda build is the one on the classpath.");
                    System.exit(3);
                }
            }
            case "generation" -> GenerationBench.cachedVsUncached(new int[] {1, 8, 32}, args.length > 1 ? Integer.parseInt(args[1]) : 2);
            default -> {
                System.err.println("usage: GpuBench check [gpuExpected] | generation [rounds]");
                System.exit(2);
            }
        }
    }
}
