#!/usr/bin/env bash
# Quality benchmark:
#   1. Dawid-Skene on 100k synthetic labels (4 classes, 200 labelers), with majority vote on the same
#      labels for reference (time and error rate against the known truth).
#   2. Lease + answer throughput of the real task queue on PostgreSQL (gold mixed in, dynamic overlap on),
#      16 labeler threads over 1000 tasks × overlap 3. Needs PostgreSQL and RabbitMQ as for the tests
#      (LAUREL_TEST_DB_URL, LAUREL_TEST_RABBITMQ_VHOST; the database is cleaned).
# Usage: bench/quality.sh [labels=100000] [tasks=1000] [threads=16]     (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
labels="${1:-100000}"; tasks="${2:-1000}"; threads="${3:-16}"
./mvnw -B -q test-compile -Dquarkus.build.skip=true
echo "== Dawid-Skene vs majority vote"
java -Xmx2g -cp target/classes:target/test-classes dev.laurel.quality.DawidSkeneBench "$labels"
echo "== task queue on PostgreSQL"
./mvnw -B -q test -Dtest=QueueThroughputBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.tasks="$tasks" -Dbench.threads="$threads" 2>&1 | grep '^BENCH' | sed 's/^BENCH //' || {
  echo "queue benchmark failed: see target/surefire-reports/dev.laurel.quality.QueueThroughputBench.txt" >&2; exit 1; }
