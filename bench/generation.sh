#!/usr/bin/env bash
# Generation throughput of the tiny char-lstm (trained first, a few seconds) through Laurel's model pool
# and sampler, at batch 1 / 8 / 32, next to a raw DJL loop over the same parameters
# (ratio = laurel / raw; goal >= 0.8); then an ONNX graph run as one padded batch vs one prompt at a time;
# then the tiny GPT test decoder (256 new tokens) with its KV cache vs without (goal >= 5x at batch 1 and 8),
# and iteration-level batching vs static batches of 8 on prompts whose replies differ in length.
# Usage: bench/generation.sh [tokens=64] [rounds=3]   (from anywhere; offline)
#        bench/generation.sh kv [rounds=3]              (the tiny GPT's KV-cache part alone)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java -Dai.djl.offline=true -DENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$HOME/.djl.ai}" \
  -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.laurel.model.GenerationBench "$@" 2> >(grep -v -E 'WARN|INFO' >&2)
