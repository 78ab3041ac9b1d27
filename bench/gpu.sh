#!/usr/bin/env bash
# GPU bench for a worker machine, one command, unchanged on a machine with or without an NVIDIA GPU:
#   1. looks for an NVIDIA GPU (nvidia-smi); with one it builds with the `cuda` profile (libtorch for CUDA 12.4 and
#      ONNX Runtime for CUDA, from Maven Central), without one it says so and builds for the CPU;
#   2. asks DJL which GPUs its engines see, and stops when nvidia-smi lists a GPU that PyTorch cannot see;
#   3. generation: the tiny GPT test decoder, 256 new tokens, cached vs uncached tokens/s at batch 1 / 8 / 32, on the
#      device DJL picks (the GPU when it sees one), then the same on the CPU;
#   4. reward-model training pairs/s (reward head, DJL PyTorch) against a raw DJL loop, on the GPU and then on the CPU
#      (CUDA_VISIBLE_DEVICES= hides the GPU: the same jar, the same code, only the device differs).
# Without a GPU, steps 3 and 4 run their CPU half once. Usage: bench/gpu.sh [pairs=20000] [epochs=3]   (offline)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-20000}
epochs=${2:-3}

gpu=false
profile=()
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU'; then
  gpu=true
  profile=(-Pcuda)
  echo "NVIDIA GPU present:"; nvidia-smi -L
else
  echo "No NVIDIA GPU on this machine (nvidia-smi is missing or lists none): building for the CPU and running only the CPU half."
fi

./mvnw -B -q "${profile[@]}" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test >/dev/null
bench() {
  java -Dai.djl.offline=true -DENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$HOME/.djl.ai}" \
    -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" "$@" 2> >(grep -v -E 'WARN|INFO' >&2)
}

echo; echo "== DJL's view"
bench dev.laurel.model.GpuBench check "$gpu"

if $gpu; then
  echo; echo "== generation on the GPU"
  bench dev.laurel.model.GpuBench generation
fi
echo; echo "== generation on the CPU"
CUDA_VISIBLE_DEVICES= bench dev.laurel.model.GpuBench generation

if $gpu; then
  echo; echo "== reward-model training on the GPU"
  bench dev.laurel.rewardmodel.RewardModelBench 0 "$pairs" "$epochs" training
fi
echo; echo "== reward-model training on the CPU"
CUDA_VISIBLE_DEVICES= bench dev.laurel.rewardmodel.RewardModelBench 0 "$pairs" "$epochs" training
