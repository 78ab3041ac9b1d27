#!/usr/bin/env bash
# Held-out accuracy of the reward model, frozen head vs end-to-end fine-tuning: 10-fold by prompt on the PRD sets
# in ../shared/data, 95% Wilson intervals, training time per fold. Hours on a CPU (minutes on a GPU).
# Usage: bench/reward-model-cv.sh [sets=lfqa,vicuna80] [maxFolds=10] [maxTokens=256] [epochs=2] [firstFold=0] [encoderRate=1e-5]
#        [probeFirst=true]   (from the project root; offline). Folds firstFold..firstFold+maxFolds-1 only: several processes
#        can run disjoint folds; each prints the frozen head on the same folds, fold by fold.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java -Dai.djl.offline=true -DENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$HOME/.djl.ai}" \
  -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.laurel.rewardmodel.RewardModelCrossValidation "$@" 2> >(grep -v -E 'WARN|INFO' >&2)
