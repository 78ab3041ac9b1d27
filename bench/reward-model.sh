#!/usr/bin/env bash
# Reward-model throughput next to a raw DJL loop doing the same work (ratio = laurel / raw; goal >= 0.8):
#   embedding texts/s (all-MiniLM-L6-v2, DJL OnnxRuntime) and training pairs/s in both modes (frozen head; encoder + head
#   end to end), DJL PyTorch.
# Usage: bench/reward-model.sh [texts=256] [pairs=20000] [epochs=3] [embedding,training,end-to-end] [endToEndPairs=64]   (from the project root; offline)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java -Dai.djl.offline=true -DENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$HOME/.djl.ai}" \
  -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.laurel.rewardmodel.RewardModelBench "$@" 2> >(grep -v -E 'WARN|INFO' >&2)
