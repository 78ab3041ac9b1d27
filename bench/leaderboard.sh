#!/usr/bin/env bash
# Labeler leaderboard benchmark on PostgreSQL: 100k labelers and 10M ledger rows, bulk-loaded with
# generate_series into a separate database (default laurel_bench_leaderboard; never the test one).
# One "page view" is what Leaderboards.board runs for a viewer: the top 20, the viewer's points, the
# count of rows ranked above them, and their 5 neighbours (keyset reads), all on leaderboard_score's index.
# Baseline: the naive page view, which sums the ledger per labeler on every view for the same answers.
# pgbench runs each with one client; p50/p99 come from its per-transaction log; the ratio is baseline/ours.
# Usage: bench/leaderboard.sh [labelers] [ledger rows] [seconds for ours] [naive views]
#   env: PGHOST (127.0.0.1), PGUSER (postgres), BENCH_DB (laurel_bench_leaderboard), KEEP=1 keeps the data
set -euo pipefail
LABELERS=${1:-100000}
ROWS=${2:-10000000}
SECONDS_OURS=${3:-20}
NAIVE_VIEWS=${4:-10}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-laurel_bench_leaderboard}
if [ "$DB" = test ] || [[ "$DB" != *bench* ]]; then echo "refusing to use database '$DB': its name must contain 'bench'" >&2; exit 2; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$(psql -Atc "select count(*) from pg_database where datname = '$DB'")" = 0 ]; then createdb "$DB"; fi
loaded=$(psql -d "$DB" -Atc "select count(*) from pg_tables where tablename = 'bench_info'")
if [ "$loaded" = 1 ] && [ "$(psql -d "$DB" -Atc "select labelers || '/' || ledger_rows || '/' || layout from bench_info")" = "$LABELERS/$ROWS/2" ]; then
  echo "reusing loaded data in $DB ($LABELERS labelers, $ROWS ledger rows)"
else
  echo "loading $LABELERS labelers and $ROWS ledger rows into $DB ..."
  start=$(date +%s)
  # The tables and indexes as in db/migration V1/V4/V11 (only the columns the page reads or the ledger needs).
  psql -q -d "$DB" -v ON_ERROR_STOP=1 <<SQL
drop table if exists bench_info, leaderboard_score, ledger_entry, app_user cascade;
create table app_user (id bigint primary key, username varchar(64) not null unique);
create table ledger_entry (
  id bigint primary key, labeler_id bigint not null references app_user(id), submission_id bigint not null,
  campaign_id bigint not null, rule_version integer not null, kind varchar(16) not null, points bigint not null,
  reason varchar(500) not null, created_at timestamp(6) with time zone not null, ref bigint default 0 not null,
  constraint ledger_once unique (submission_id, rule_version, kind, ref));
create table leaderboard_score (scope varchar(32) not null, period varchar(16) not null,
  labeler_id bigint not null references app_user(id), points bigint not null, primary key (scope, period, labeler_id));
insert into app_user select i, 'labeler-' || i from generate_series(1, $LABELERS) i;
-- every labeler gets rows (7919 is prime: i * 7919 walks all residues), 0..20 points each
insert into ledger_entry
select i, 1 + (i * 7919) % $LABELERS, i, 1 + i % 10, 1, 'AWARD', (i * 31) % 21,
       'bench', now() - ((i % 43200) || ' minutes')::interval, 0
from generate_series(1::bigint, $ROWS::bigint) i;
create index ledger_labeler on ledger_entry(labeler_id, created_at);
-- what the incremental updates (Leaderboards.add) leave behind, computed once here for the load
insert into leaderboard_score select 'global', 'all', labeler_id, sum(points) from ledger_entry group by labeler_id;
create index leaderboard_rank on leaderboard_score(scope, period, points desc, labeler_id);
-- layout: bump when the generated data changes, so an older load is not reused
create table bench_info (labelers bigint, ledger_rows bigint, layout integer);
insert into bench_info values ($LABELERS, $ROWS, 2);
vacuum analyze;
SQL
  echo "loaded in $(( $(date +%s) - start )) s"
fi
echo "ledger rows: $(psql -d "$DB" -Atc 'select count(*) from ledger_entry'), board rows: $(psql -d "$DB" -Atc 'select count(*) from leaderboard_score')"

cat > "$work/ours.sql" <<SQL
\set viewer random(1, $LABELERS)
select s.labeler_id, u.username, s.points from leaderboard_score s join app_user u on u.id = s.labeler_id
 where s.scope = 'global' and s.period = 'all' order by s.points desc, s.labeler_id limit 20 offset 0;
select coalesce((select points from leaderboard_score where scope = 'global' and period = 'all' and labeler_id = :viewer), 0) as points \gset
select count(*) from leaderboard_score where scope = 'global' and period = 'all'
 and (points > :points or (points = :points and labeler_id < :viewer)) \gset above_
select s.labeler_id, u.username, s.points from leaderboard_score s join app_user u on u.id = s.labeler_id
 where s.scope = 'global' and s.period = 'all' and (s.points > :points or (s.points = :points and s.labeler_id < :viewer))
 order by s.points, s.labeler_id desc limit 2;
select s.labeler_id, u.username, s.points from leaderboard_score s join app_user u on u.id = s.labeler_id
 where s.scope = 'global' and s.period = 'all' and (s.points < :points or (s.points = :points and s.labeler_id >= :viewer))
 order by s.points desc, s.labeler_id limit 3;
SQL
cat > "$work/naive.sql" <<SQL
\set viewer random(1, $LABELERS)
select t.labeler_id, u.username, t.points from (select labeler_id, sum(points) points from ledger_entry group by labeler_id) t
 join app_user u on u.id = t.labeler_id order by t.points desc, t.labeler_id limit 20;
select count(*) from (select labeler_id, sum(points) points from ledger_entry group by labeler_id) t
 where t.points > (select coalesce(sum(points), 0) from ledger_entry where labeler_id = :viewer);
SQL

percentiles() { # pgbench log: client txn latency_us ...; prints p50 p99 in ms
  cat "$1".[0-9]* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {
    p50=a[int((NR-1)*0.50)+1]; p99=a[int((NR-1)*0.99)+1]; printf "%.3f %.3f %d\n", p50/1000, p99/1000, NR}'
}
(cd "$work" && pgbench -n -c 1 -T "$SECONDS_OURS" -f ours.sql -l --log-prefix=ours "$DB" > ours.out 2>&1)
(cd "$work" && pgbench -n -c 1 -t "$NAIVE_VIEWS" -f naive.sql -l --log-prefix=naive "$DB" > naive.out 2>&1)
read -r o50 o99 on < <(percentiles "$work/ours")
read -r n50 n99 nn < <(percentiles "$work/naive")
printf "%-44s %10s %10s %8s\n" "page view ($LABELERS labelers, $ROWS ledger rows)" "p50 ms" "p99 ms" "views"
printf "%-44s %10s %10s %8s\n" "leaderboard_score index (Laurel)" "$o50" "$o99" "$on"
printf "%-44s %10s %10s %8s\n" "naive: sum the ledger per view (baseline)" "$n50" "$n99" "$nn"
awk -v o50="$o50" -v o99="$o99" -v n50="$n50" -v n99="$n99" \
  'BEGIN { printf "ratio baseline/Laurel: p50 %.0fx, p99 %.0fx\n", n50 / o50, n99 / o99 }'
if [ "${KEEP:-1}" != 1 ]; then dropdb "$DB"; fi
