#!/usr/bin/env bash
# Model leaderboard benchmark: Bradley-Terry with 100 bootstrap rounds on 100k synthetic votes over
# 50 models (goal < 5 s on 2 cores; the "ratio to goal" line is the baseline ratio, < 1 meets it),
# then the whole leaderboard computation as the server runs it, with and without style control.
# Usage: bench/arena.sh [votes]      (from anywhere; compiles the test classes when needed)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/test-classes/dev/laurel/arena/BradleyTerryBench.class ] \
   || [ -n "$(find src/main/java/dev/laurel/arena src/test/java/dev/laurel/arena -newer target/test-classes/dev/laurel/arena/BradleyTerryBench.class -name '*.java' | head -1)" ]; then
  ./mvnw -B -q test-compile -Dquarkus.build.skip=true
fi
exec java -Xmx2g -cp target/classes:target/test-classes dev.laurel.arena.BradleyTerryBench "$@"
