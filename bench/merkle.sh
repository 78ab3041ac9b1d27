#!/usr/bin/env sh
# Merkle tree for 1M allocations; goal < 10 s (printed as a ratio of that baseline: < 1.00 is good).
# Usage: bench/merkle.sh [leaves]   (run from anywhere; builds test classes first)
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
CP="target/classes:target/test-classes:$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
exec java -Xmx2g -cp "$CP" dev.laurel.payout.MerkleBench "$@"
