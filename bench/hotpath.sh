#!/usr/bin/env bash
# Hot-path benchmark: lease → answer through the packaged jar (prod: PostgreSQL + RabbitMQ) against a
# pgbench peer that issues the same SQL on a copy of the same database, with nothing in between.
#   1. builds the jar (unless --no-build), starts it on a scratch database and vhost, makes the
#      labelers (one API token each) and, per mode, a pairwise campaign over REST;
#   2. drives it with wrk: one thread and connection per labeler, each looping next → answer
#      (bench/hotpath/labeler.lua times each request per endpoint); wrk's own CPU time is reported;
#   3. samples the outbox lag every second, then times how long the outbox takes to drain and the
#      consumers to catch up, and reads the event lag the consumers measured;
#   4. checks the result in SQL (over-assignment, duplicate answers, ledger and progress = answers,
#      outbox drained, nothing parked) and prints PASS/FAIL per check;
#   5. copies the database and runs bench/hotpath/pair.sql (the lease and answer transactions,
#      statement for statement) with pgbench, and prints Laurel | pgbench peer | ratio.
# Modes: nothink (no think time), think (2–4 s before each answer), big (nothink on a campaign with
# 100k open tasks after 300k earlier answers, bulk-loaded by bench/hotpath/history.sql).
# Usage: bench/hotpath.sh [--no-build] [nothink|think|big|all]      (default all; from anywhere)
#   It builds and loads PostgreSQL: on a shared machine run it as `flock -o /tmp/maven.lock bench/hotpath.sh`.
#   env: PGHOST (127.0.0.1), PGUSER (postgres), BENCH_DB (laurel_bench_hotpath), PEER_DB
#   (laurel_bench_hotpath_peer), BENCH_VHOST (laurel-bench), LABELERS (200), TASKS (5000), LOAD_SECONDS (60),
#   BIG_DONE / BIG_OPEN (100000 / 100000), PEER_CLIENTS (32), PEER_SECONDS (30), WARMUP_SECONDS (180) / WARMUP_TASKS (15000), PORT (18089) / MANAGEMENT_PORT (19089: health and metrics),
#   POOL (20: LAUREL_DB_POOL_SIZE), BENCH_JAVA_OPTS (extra JVM options, e.g. -XX:StartFlightRecording=...), KEEP=1 keeps the databases, the vhost and the work directory.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

build=1
modes=all
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    nothink | think | big | all) modes=$arg ;;
    *) sed -n '16,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[ "$modes" = all ] && modes="nothink think big"

export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-laurel_bench_hotpath}
PEER=${PEER_DB:-laurel_bench_hotpath_peer}
VHOST=${BENCH_VHOST:-laurel-bench}
LABELERS=${LABELERS:-200}
TASKS=${TASKS:-5000}
LOAD_SECONDS=${LOAD_SECONDS:-60}
BIG_DONE=${BIG_DONE:-100000}
BIG_OPEN=${BIG_OPEN:-100000}
PEER_CLIENTS=${PEER_CLIENTS:-32}
PEER_SECONDS=${PEER_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-180}
WARMUP_TASKS=${WARMUP_TASKS:-15000}
PORT=${PORT:-18089}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19089}
POOL=${POOL:-20}
# the JVM options the image's start script (ubi9/openjdk-17-runtime's run-java.sh, src/main/docker) gives every pod:
# its garbage collector is the parallel one, not the JVM's default G1 (−6 % JVM CPU per answer here)
IMAGE_JVM_OPTS="-XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError"
BASE=http://127.0.0.1:$PORT
MANAGEMENT=http://127.0.0.1:$MANAGEMENT_PORT
for db in "$DB" "$PEER"; do
  if [[ "$db" != *bench* ]]; then echo "refusing to use database '$db': its name must contain 'bench'" >&2; exit 2; fi
done
for tool in wrk pgbench psql curl rabbitmqctl; do
  command -v "$tool" > /dev/null || { echo "$tool is missing (apt-get install wrk postgresql-client)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/hotpath.XXXXXX)
laurel_pid=
sampler_pid=
failures=0
warmed=0
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2> /dev/null || true
  if [ -n "$laurel_pid" ]; then
    kill "$laurel_pid" 2> /dev/null || true
    wait "$laurel_pid" 2> /dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept: databases $DB, $PEER; work directory $work (Laurel's log: $work/laurel.log)"
  else
    dropdb --if-exists "$DB" 2> /dev/null || true
    dropdb --if-exists "$PEER" 2> /dev/null || true
    rabbitmqctl -q delete_vhost "$VHOST" > /dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
now() { date +%s.%N; }
json_field() { grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2- | tr -d '"'; } # flat JSON: first "name":value

# ---------------------------------------------------------------------------------------------------
# 1. build, fresh database and vhost, start the jar
if [ "$build" = 1 ]; then
  echo "building the jar ..."
  ./mvnw -B -o -q package -DskipTests > "$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }
fi
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "no target/quarkus-app/quarkus-run.jar: build first" >&2; exit 1; }

dropdb --if-exists "$DB"
createdb "$DB"
# a vhost of our own, new each run: no queue or message of an earlier run survives
rabbitmqctl -q delete_vhost "$VHOST" > /dev/null 2>&1 || true
rabbitmqctl -q add_vhost "$VHOST" > /dev/null
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' > /dev/null

admin_password=$(openssl rand -hex 16)
(
  cd "$work"
  # the environment of src/test/java/dev/laurel/ops/LaurelProcess.java: prod, every role in one process; the
  # admin token makes every labeler, so the per-token request budget is lifted, and its campaigns have no gold items,
  # so the platform's gold floor is off (this measures the hot path)
  exec env LAUREL_DB_URL="jdbc:postgresql://$PGHOST:5432/$DB" LAUREL_DB_USER="$PGUSER" LAUREL_DB_PASSWORD= \
    LAUREL_DB_POOL_SIZE="$POOL" LAUREL_RABBITMQ_HOST=127.0.0.1 LAUREL_RABBITMQ_PORT=5672 \
    LAUREL_RABBITMQ_USER=guest LAUREL_RABBITMQ_PASSWORD=guest LAUREL_RABBITMQ_VHOST="$VHOST" \
    LAUREL_API_REQUESTS_PER_MINUTE=1000000 LAUREL_MIN_GOLD_RATE=0 LAUREL_HTTP_PORT="$PORT" LAUREL_MANAGEMENT_PORT="$MANAGEMENT_PORT" LAUREL_ROLES=web,worker,chain LAUREL_LOG_JSON=false \
    LAUREL_PSEUDONYM_SECRET="$(openssl rand -base64 32)" \
    LAUREL_MODEL_SECRET_KEY="$(openssl rand -base64 32)" LAUREL_ADMIN_USERNAME=bench-admin \
    LAUREL_ADMIN_PASSWORD="$admin_password" LAUREL_MODEL_STORE="$work/models" \
    LAUREL_REWARD_MODEL_STORE="$work/reward-models" \
    java -Xmx2g $IMAGE_JVM_OPTS ${BENCH_JAVA_OPTS:-} -jar "$repo/target/quarkus-app/quarkus-run.jar" > "$work/laurel.log" 2>&1
) &
laurel_pid=$!
echo "starting Laurel (pid $laurel_pid, $BASE, database $DB, vhost $VHOST) ..."
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$MANAGEMENT/q/health/ready" && break
  kill -0 "$laurel_pid" 2> /dev/null || { tail -40 "$work/laurel.log" >&2; exit 1; }
  sleep 1
done
curl -sf -o /dev/null "$MANAGEMENT/q/health/ready" || { echo "Laurel not ready after 120 s" >&2; tail -40 "$work/laurel.log" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------
# 2. users over REST: an admin token, a modeler, the labelers (each with a token of their own)
token_of() { # username password → API token (form login, then POST /api/tokens)
  local cookies
  cookies=$(mktemp "$work/cookies.XXXXXX")
  curl -s -o /dev/null -H "Origin: $BASE" -c "$cookies" --data-urlencode "j_username=$1" --data-urlencode "j_password=$2" "$BASE/j_security_check"
  # a change made with the session cookie carries the session's CSRF token, which every page holds in a meta tag
  local csrf
  csrf=$(curl -s -b "$cookies" "$BASE/account" | sed -n 's/.*<meta name="csrf-token" content="\([^"]*\)".*/\1/p' | head -n 1)
  curl -sf -H "Origin: $BASE" -H "X-CSRF-Token: $csrf" -b "$cookies" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    "$BASE/api/tokens" | json_field token
  rm -f "$cookies"
}
api() { # method path token [body [content type]] → body; a status >= 400 fails, saying why
  local reply status
  reply=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $3" -H "Content-Type: ${5:-application/json}" \
    ${4:+--data-binary "$4"} "$BASE$2")
  status=${reply##*$'\n'}
  reply=${reply%$'\n'*}
  if [ "$status" -ge 400 ]; then echo "$1 $2: HTTP $status $reply" >&2; return 1; fi
  printf '%s\n' "$reply"
}
user_password=$(openssl rand -hex 12)
new_user() { # username role [team] → token
  api POST /api/users "$admin" "{\"username\":\"$1\",\"password\":\"$user_password\",\"role\":\"$2\"${3:+,\"team\":\"$3\"}}" \
    > /dev/null || return 1
  token_of "$1" "$user_password"
}
admin=$(token_of bench-admin "$admin_password")
[ -n "$admin" ] || { echo "no admin token" >&2; exit 1; }
modeler=$(new_user bench-modeler modeler bench-team) # campaigns belong to the modeler's team
[ -n "$modeler" ] || { echo "no modeler token" >&2; exit 1; }
echo "creating $LABELERS labelers and their tokens ..."
start=$(now)
export -f new_user token_of api json_field
export BASE admin user_password work
# four at a time: password hashing makes each login cost a few ms of CPU
seq -f '%04g' 1 "$LABELERS" | xargs -P 4 -I{} bash -c 'new_user bench-labeler-{} labeler > "$work/token.{}"'
cat "$work"/token.* > "$work/tokens"
[ "$(grep -c . "$work/tokens")" = "$LABELERS" ] || { echo "only $(grep -c . "$work/tokens") labeler tokens" >&2; exit 1; }
printf 'labelers ready in %.0f s\n' "$(echo "$(now) - $start" | bc)"

# a pairwise campaign over REST: prompts, two uploaded-output candidates, no gold (these runs count
# ordinary answers), overlap 3; returns its id once its tasks exist
open_campaign() { # name prompts → campaign id
  local name=$1 prompts=$2 id candidate style
  set -e # this runs in a command substitution, which does not inherit -e
  id=$(api POST /api/campaigns "$modeler" "{\"name\":\"$name\",\"overlap\":3}" | json_field id)
  [ -n "$id" ]
  api PUT "/api/campaigns/$id/quality/settings" "$modeler" '{"goldRate":0,"honeypotRate":0}' > /dev/null
  seq 1 "$prompts" | awk '{printf "{\"id\": \"p%d\", \"prompt\": \"Question %d: which reply explains the idea better, and why?\"}\n", $1, $1}' \
    > "$work/prompts.jsonl"
  api POST "/api/campaigns/$id/prompts" "$modeler" "@$work/prompts.jsonl" application/jsonl > /dev/null
  for style in terse verbose; do
    candidate=$(api POST /api/candidates "$modeler" "{\"name\":\"$name-$style\",\"kind\":\"UPLOADED_OUTPUTS\"}" | json_field id)
    seq 1 "$prompts" | awk -v s="$style" '{printf "{\"prompt_id\": \"p%d\", \"output\": \"A %s answer to question %d, long enough to read for a moment before choosing.\"}\n", $1, s, $1}' \
      > "$work/outputs.jsonl"
    api POST "/api/candidates/$candidate/campaigns/$id/outputs" "$modeler" "@$work/outputs.jsonl" application/jsonl > /dev/null
  done
  api POST "/api/campaigns/$id/open" "$modeler" > /dev/null
  for _ in $(seq 1 120); do
    [ "$(sql "select count(*) from task where campaign_id = $id")" -ge "$prompts" ] && break
    sleep 1
  done
  [ "$(sql "select count(*) from task where campaign_id = $id")" -ge "$prompts" ] || { echo "campaign $id has no tasks yet" >&2; return 1; }
  echo "$id"
}

# ---------------------------------------------------------------------------------------------------
# 3. one mode: load, drain, checks, peer, table
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; } # utime + stime
# CPU of every live process with this name (PostgreSQL's backends, RabbitMQ's beam.smp); the pool's
# backends live through the load, so what exited meanwhile is little
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{t += $14 + $15} END {printf "%.1f\n", t / hz}' \
  $(pgrep -x "$1" | sed 's|.*|/proc/&/stat|') /dev/null 2> /dev/null; }
# CPU of the PostgreSQL backends serving one database (their command line names it): other users of the server
# (a build's tests) are left out of both sides
db_cpu() { local hz t=0 p; hz=$(getconf CLK_TCK)
  for p in $(pgrep -x postgres); do
    tr '\0' ' ' < "/proc/$p/cmdline" 2> /dev/null | grep -q " $1 " && t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2> /dev/null || echo 0) ))
  done; echo "scale=2; $t / $hz" | bc; }
# the same for backends that come and go (pgbench's): samples each one's CPU until $2 disappears; prints the sum
db_cpu_while() { local hz p; hz=$(getconf CLK_TCK)
  while [ -e "$2" ]; do
    for p in $(pgrep -x postgres); do
      tr '\0' ' ' < "/proc/$p/cmdline" 2> /dev/null | grep -q " $1 " && awk -v p="$p" '{print p, $14 + $15}' "/proc/$p/stat" 2> /dev/null
    done; sleep 0.2
  done | awk -v hz="$hz" '{last[$1] = $2} END {for (p in last) t += last[p]; printf "%.2f\n", t / hz}'; }
metric() { curl -s "$MANAGEMENT/q/metrics" | awk -v m="$1" 'index($0, m) == 1 {print $NF}'; }
pct() { # file of numbers → "p50 p95 p99 count"
  sort -n "$1" | awk '{a[NR] = $1} END {
    if (NR == 0) { print "- - - 0"; exit }
    printf "%s %s %s %d\n", a[int((NR-1)*0.50)+1], a[int((NR-1)*0.95)+1], a[int((NR-1)*0.99)+1], NR }'
}
check() { # name ok(0/1) detail
  if [ "$2" = 1 ]; then printf '  PASS  %-42s %s\n' "$1" "$3"; else printf '  FAIL  %-42s %s\n' "$1" "$3"; failures=$((failures + 1)); fi
}

run_mode() {
  local mode=$1 campaign think=nothink prompts=$TASKS history=0
  [ "$mode" = think ] && think=think
  [ "$mode" = big ] && prompts=1000
  echo
  echo "== $mode: creating the campaign ..."
  campaign=$(open_campaign "bench-$mode-$(date +%s)" "$prompts") || { echo "cannot open the $mode campaign" >&2; exit 1; }
  if [ "$mode" = big ]; then
    echo "bulk-loading $BIG_DONE answered tasks ($((BIG_DONE * 3)) earlier answers) and $BIG_OPEN open tasks ..."
    local t0=$(now)
    psql -X -q -d "$DB" -v campaign="$campaign" -v done="$BIG_DONE" -v open="$BIG_OPEN" -f bench/hotpath/history.sql > /dev/null
    history=$((BIG_DONE * 3))
    printf 'loaded in %.0f s\n' "$(echo "$(now) - $t0" | bc)"
  fi
  if [ "$warmed" = 0 ] && [ "$WARMUP_SECONDS" -gt 0 ]; then
    # a cold JVM interprets, then C2 compiles for two to three minutes on two busy cores (with a 60 s
    # warm-up it took a quarter of the machine during the measured load, think p99 277 ms against 38 ms
    # after 180 s): the first mode starts after an unmeasured load on a campaign of its own (so the
    # measured one starts whole) and waits until its events are published and applied
    echo "warming up: ${WARMUP_SECONDS} s of the same load on a campaign of its own, not measured ..."
    local warmup
    warmup=$(open_campaign "bench-warmup-$(date +%s)" "$WARMUP_TASKS") || { echo "cannot open the warm-up campaign" >&2; exit 1; }
    HOTPATH_TOKENS="$work/tokens" HOTPATH_SAMPLES="$work/warmup.samples" wrk -t"$LABELERS" -c"$LABELERS" \
      -d"${WARMUP_SECONDS}s" --timeout 10s -s bench/hotpath/labeler.lua "$BASE" -- "$warmup" nothink > "$work/warmup.wrk" 2>&1
    for _ in $(seq 1 240); do
      [ "$(sql "select count(*) from outbox_event where published_at is null")" = 0 ] \
        && [ "$(sql "select (select count(*) from submission) - (select count(*) from scored_submission)")" = 0 ] && break
      sleep 0.5
    done
    warmed=1
  fi
  local tasks before
  tasks=$(sql "select count(*) from task where campaign_id = $campaign and accepted_count < overlap")
  # answers stored before the measured load (warm-up, bulk-loaded history): not this load's
  before=$(sql "select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = $campaign")

  # the peer's copy is taken before the load: the same tasks, labelers and history
  dropdb --if-exists "$PEER"
  createdb "$PEER"
  pg_dump -d "$DB" | psql -X -q -v ON_ERROR_STOP=1 -d "$PEER" > /dev/null
  psql -X -q -d "$PEER" -c "create table bench_labeler as select row_number() over (order by id) - 1 as idx, id
                            from app_user where username like 'bench-labeler-%'" -c "vacuum analyze"

  echo "load: $LABELERS labelers ($think), campaign $campaign with $tasks open tasks, ${LOAD_SECONDS} s ..."
  touch "$work/loading"
  # outbox lag (the relay's gauge) once a second while the load runs
  (while [ -e "$work/loading" ]; do metric 'laurel_outbox_lag_seconds ' >> "$work/$mode.outbox-lag"; sleep 1; done) &
  sampler_pid=$!
  local jvm_before wrk_start wrk_end pg_before mq_before pg_db_before
  jvm_before=$(cpu_seconds "$laurel_pid")
  pg_before=$(cpu_of postgres)
  pg_db_before=$(db_cpu "$DB")
  mq_before=$(cpu_of beam.smp)
  wrk_start=$(now)
  # `times` after wrk: the CPU (user, system) wrk used, as the child of this little shell
  HOTPATH_TOKENS="$work/tokens" HOTPATH_SAMPLES="$work/$mode.samples" bash -c \
    "wrk -t$LABELERS -c$LABELERS -d${LOAD_SECONDS}s --timeout 10s -s bench/hotpath/labeler.lua $BASE -- $campaign $think \
       > '$work/$mode.wrk' 2>&1; times > '$work/$mode.times'"
  wrk_end=$(now)
  rm -f "$work/loading"
  # the server's own view of the same calls (@Timed on TaskQueue: time inside the service, no HTTP)
  local server
  server=$(curl -s "$MANAGEMENT/q/metrics" | awk '/^laurel_tasks_(lease|answer)_seconds\{.*quantile="0.(5|99)"/ {
      split($0, k, /quantile="/); q = substr(k[2], 1, index(k[2], "\"") - 1)
      n = ($0 ~ /lease/) ? "lease" : "answer"; v[n q] = $NF * 1000 }
    END {printf "lease %.1f / %.1f, answer %.1f / %.1f", v["lease0.5"], v["lease0.99"], v["answer0.5"], v["answer0.99"]}')
  wait "$sampler_pid" 2> /dev/null || true
  sampler_pid=
  local jvm_cpu wall wrk_cpu pg_cpu mq_cpu
  jvm_cpu=$(echo "$(cpu_seconds "$laurel_pid") - $jvm_before" | bc)
  pg_cpu=$(echo "$(cpu_of postgres) - $pg_before" | bc)
  local pg_db_cpu
  pg_db_cpu=$(echo "$(db_cpu "$DB") - $pg_db_before" | bc)
  mq_cpu=$(echo "$(cpu_of beam.smp) - $mq_before" | bc)
  # the load's own length as wrk measured it ("N requests in 60.01s"), not wrk's start and exit
  wall=$(grep -o 'requests in [0-9.]*s' "$work/$mode.wrk" | grep -o '[0-9.]*' || echo "$wrk_end - $wrk_start" | bc)
  wrk_cpu=$(tail -1 "$work/$mode.times" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } print t }')

  # the outbox: time from the end of the load until every event is published
  local drained=-1 t
  for _ in $(seq 1 600); do
    if [ "$(sql "select count(*) from outbox_event where published_at is null")" = 0 ]; then
      drained=$(echo "$(now) - $wrk_end" | bc); break
    fi
    sleep 0.1
  done
  # the consumers: every answer scored once (ledger) and counted once (progress), up to 30 s more
  local subs scored progress
  for _ in $(seq 1 60); do
    subs=$(sql "select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = $campaign")
    scored=$(sql "select count(distinct submission_id) from ledger_entry where campaign_id = $campaign and kind = 'AWARD'")
    progress=$(sql "select coalesce(sum(answers_accepted), 0) from campaign_progress where campaign_id = $campaign")
    [ "$scored" -ge "$subs" ] && [ "$progress" -ge "$subs" ] && break
    sleep 0.5
  done
  local settled
  settled=$(echo "$(now) - $wrk_end" | bc)

  # ---- numbers from the samples: "endpoint status microseconds sent-epoch-ms"
  awk '$1 == "next" && ($2 == 200 || $2 == 204) {print $3 / 1000}' "$work/$mode.samples" > "$work/$mode.next-ms"
  awk '$1 == "answer" && $2 == 201 {print $3 / 1000}' "$work/$mode.samples" > "$work/$mode.answer-ms"
  local answered next_p answer_p statuses errors socket
  answered=$(awk '$1 == "answer" && $2 == 201' "$work/$mode.samples" | wc -l)
  next_p=$(pct "$work/$mode.next-ms")
  answer_p=$(pct "$work/$mode.answer-ms")
  statuses=$(awk '{n[$1 " " $2]++} END {for (k in n) printf "%s:%d ", k, n[k]}' "$work/$mode.samples" | tr ' ' '\n' |
    paste -d' ' - - | sort | tr '\n' ' ')
  errors=$(awk '!($1 == "next" && ($2 == 200 || $2 == 204)) && !($1 == "answer" && $2 == 201)' "$work/$mode.samples" | wc -l)
  socket=$(grep -o 'connect [0-9]*, read [0-9]*, write [0-9]*, timeout [0-9]*' "$work/$mode.wrk" || echo "?")
  errors=$((errors + $(echo "$socket" | grep -o '[0-9]*' | awk '{s += $1} END {print s + 0}')))
  local outbox_lag events_p99
  outbox_lag="p99 $(pct "$work/$mode.outbox-lag" | awk '{print $3}') s, max $(sort -n "$work/$mode.outbox-lag" | tail -1) s"
  events_p99=$(curl -s "$MANAGEMENT/q/metrics" | awk '/^laurel_events_lag_seconds\{.*quantile="0.99"/ {print $NF}' | sort -g | tail -1)
  # every consumer's lag for this load's events, exactly: from the outbox row's creation to the
  # consumer's processed_event row (the metric's max spans two minutes, so it can be an earlier mode's);
  # progress records a submission, not an event id
  local events_sql
  events_sql=$(sql "select coalesce(round(percentile_cont(0.5) within group (order by lag)::numeric, 2), 0) || ' / '
                        || coalesce(round(percentile_cont(0.99) within group (order by lag)::numeric, 2), 0) || ' / '
                        || coalesce(round(max(lag)::numeric, 2), 0)
                    from (select extract(epoch from p.processed_at - o.created_at) as lag
                          from outbox_event o join processed_event p on p.event_id = o.event_id
                          where o.created_at between to_timestamp($wrk_start) and to_timestamp($wrk_end)
                          union all -- two equi-joins: an OR in one join condition is a nested loop over every row
                          select extract(epoch from p.processed_at - o.created_at)
                          from outbox_event o join processed_event p on p.consumer = 'campaign-progress'
                            and p.event_id = 'submission-' || (o.payload::json ->> 'submissionId')
                          where o.channel = 'submissions-out'
                            and o.created_at between to_timestamp($wrk_start) and to_timestamp($wrk_end)) x")

  # ---- correctness (SQL on Laurel's database)
  echo "checks:"
  local bad
  bad=$(sql "with s as (select task_id, count(*) n from submission group by task_id),
                  a as (select task_id, count(*) n from task_assignment where status = 'LEASED' group by task_id)
             select count(*) from task t left join s on s.task_id = t.id left join a on a.task_id = t.id
             where t.campaign_id = $campaign
               and (t.accepted_count + t.leased_count > t.overlap or coalesce(s.n, 0) > t.overlap
                    or coalesce(s.n, 0) <> t.accepted_count or coalesce(a.n, 0) <> t.leased_count)")
  check "no over-assignment, counters = rows" "$([ "$bad" = 0 ] && echo 1)" "$bad tasks over overlap or out of step"
  bad=$(sql "select count(*) from (select s.task_id, s.labeler_id from submission s join task t on t.id = s.task_id
             where t.campaign_id = $campaign group by 1, 2 having count(*) > 1) d")
  check "no duplicate (task, labeler) answer" "$([ "$bad" = 0 ] && echo 1)" "$bad duplicates"
  local stored
  stored=$(sql "select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = $campaign") 
  stored=$((stored - before))
  # wrk stops mid-request: an answer in flight then is stored without its 201 being counted (≤ 1 per labeler)
  check "every 201 stored" "$([ "$stored" -ge "$answered" ] && [ "$stored" -le $((answered + LABELERS)) ] && echo 1)" \
    "$answered answered 201, $stored stored"
  check "ledger: one AWARD per answer" "$([ "$scored" = "$subs" ] && echo 1)" \
    "$scored answers with ledger rows, $subs answers (settled $(printf '%.1f' "$settled") s after the load)"
  local completed progress_done
  completed=$(sql "select count(*) from task where campaign_id = $campaign and accepted_count >= overlap")
  progress_done=$(sql "select coalesce(sum(tasks_completed), 0) from campaign_progress where campaign_id = $campaign")
  check "progress = answers, completed tasks" "$([ "$progress" = "$subs" ] && [ "$progress_done" = "$completed" ] && echo 1)" \
    "answers_accepted $progress / $subs, tasks_completed $progress_done / $completed"
  check "outbox drained" "$([ "$drained" != -1 ] && echo 1)" "after $(printf '%.1f' "$drained") s"
  bad=$(sql "select count(*) from parked_event")
  check "no event parked" "$([ "$bad" = 0 ] && echo 1)" "$bad parked"

  # ---- the pgbench peer: the same two transactions on the copy, PEER_CLIENTS clients
  # A lease on a campaign with no free slot left would abort its client, so the peer never takes more
  # than 60 % of the free slots: -T PEER_SECONDS where even 6000 pairs/s could not get there (big),
  # else that many pairs (-t; the 5k campaign has 15k slots, which a fast peer answers in seconds).
  local free per_client length
  free=$(psql -X -At -d "$PEER" -c "select coalesce(sum(overlap - accepted_count - leased_count), 0) from task
                                   where campaign_id = $campaign and accepted_count + leased_count < overlap")
  per_client=$(( free * 6 / 10 / PEER_CLIENTS ))
  if [ $(( free * 6 / 10 )) -ge $(( PEER_SECONDS * 6000 )) ]; then
    length="-T $PEER_SECONDS"
  else
    length="-t $per_client"
  fi
  sed "s/@CAMPAIGN@/$campaign/g" bench/hotpath/pair.sql > "$work/pair.sql"
  echo "pgbench peer: $PEER_CLIENTS clients, $length ..."
  # shellcheck disable=SC2086 # $length is two words on purpose
  touch "$work/peering"
  db_cpu_while "$PEER" "$work/peering" > "$work/$mode.peer-db-cpu" &
  local peer_sampler=$! peer_times
  (cd "$work" && bash -c "pgbench -n -c $PEER_CLIENTS -j 2 $length -D n=0 -r -l --log-prefix=$mode.peer \
     -f pair.sql $PEER > $mode.pgbench 2>&1; rc=\$?; times > $mode.peer-times; exit \$rc") \
    || { tail -20 "$work/$mode.pgbench" >&2; failures=$((failures + 1)); }
  rm -f "$work/peering"
  wait "$peer_sampler" 2> /dev/null || true
  # pgbench's own CPU (user + system), as the child of that little shell
  peer_times=$(tail -1 "$work/$mode.peer-times" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } print t }')
  local peer_tps peer_p peer_lease peer_answer peer_failed
  peer_tps=$(awk '/^tps = / {print $3; exit}' "$work/$mode.pgbench")
  cat "$work/$mode.peer".* 2> /dev/null | awk '{print $3 / 1000}' > "$work/$mode.peer-ms"
  peer_p=$(pct "$work/$mode.peer-ms")
  peer_failed=$(awk '/number of failed transactions/ {print $5}' "$work/$mode.pgbench")
  # per-statement averages (-r): sum the statements of the first begin…commit (lease), then the second (answer)
  read -r peer_lease peer_answer < <(awk '/statement latencies/ {on = 1; next}
      on && /begin;/ {block++} on && block == 1 {l += $1} on && block == 2 {a += $1}
      on && /commit;/ && block == 2 {block = 3}
      END {printf "%.2f %.2f\n", l, a}' "$work/$mode.pgbench")

  # ---- the table
  local laurel_rate ratio
  laurel_rate=$(echo "scale=1; $answered / $wall" | bc)
  # a campaign answered in full before the load ended (next said 204) idled its labelers for the rest: the rate
  # is then the answers over the span from the load's start to the last answer, as stored
  local exhausted_note=""
  if [ "$(awk '$1 == "next" && $2 == 204' "$work/$mode.samples" | wc -l)" -gt 0 ]; then
    local span
    span=$(sql "select extract(epoch from max(s.created_at)) - $wrk_start from submission s join task t on t.id = s.task_id
                where t.campaign_id = $campaign and s.created_at >= to_timestamp($wrk_start)")
    if [ -n "$span" ] && awk -v s="$span" -v w="$wall" 'BEGIN {exit !(s > 1 && s < w)}'; then
      laurel_rate=$(echo "scale=1; $answered / $span" | bc)
      exhausted_note=$(printf ' (every task answered %.1f s into the load: rate over that span)' "$span")
    fi
  fi
  ratio=$(awk -v l="$laurel_rate" -v p="${peer_tps:-0}" 'BEGIN {if (p > 0) printf "%.2f", l / p; else print "-"}')
  echo
  printf '%s — %d labelers, %s, %d open tasks (overlap 3)%s, %.0f s of load\n' "$mode" "$LABELERS" \
    "$([ "$think" = think ] && echo "2–4 s think time" || echo "no think time")" "$tasks" \
    "$([ "$history" -gt 0 ] && echo ", after $history answers")$exhausted_note" "$wall"
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "" "Laurel" "pgbench peer ($PEER_CLIENTS clients)" "ratio"
  printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..38})" "$(printf -- '-%.0s' {1..42})" "$(printf -- '-%.0s' {1..32})" "--------"
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "answers/s (peer: pairs/s)" "$laurel_rate" "$(printf '%.1f' "${peer_tps:-0}")" "$ratio"
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "answers" "$answered" "$(awk '/transactions actually processed/ {print $6}' "$work/$mode.pgbench")" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "lease (next) p50 / p95 / p99 ms" "$(echo "$next_p" | awk '{print $1 " / " $2 " / " $3}')" "avg $peer_lease (statements)" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "answer p50 / p95 / p99 ms" "$(echo "$answer_p" | awk '{print $1 " / " $2 " / " $3}')" "avg $peer_answer (statements)" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "in TaskQueue p50 / p99 ms (server)" "$server" "" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "lease+answer pair p50 / p95 / p99 ms" "-" "$(echo "$peer_p" | awk '{print $1 " / " $2 " / " $3}')" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "errors" "$errors" "${peer_failed:-0} failed" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "replies by endpoint and status" "$statuses" "" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "wrk socket errors" "$socket" "" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "event lag p50 / p99 / max s (SQL)" "$events_sql" "" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "event lag p99 s (metric)" "$(printf '%.3f s' "${events_p99:-0}")" "" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "outbox lag during load" "$outbox_lag" "" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "outbox empty after load" "$(printf '%.1f s' "$drained")" "" ""
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "CPU: JVM / PostgreSQL / RabbitMQ / wrk" \
    "$(printf '%.0f / %.0f / %.0f / %.1f s of %.0f s' "$jvm_cpu" "$pg_cpu" "$mq_cpu" "$wrk_cpu" "$wall")" "" ""
  # CPU per answer: a measure a busy machine disturbs less than throughput. Laurel: its JVM, its database's backends
  # and RabbitMQ; the peer: its database's backends and pgbench (the client's work stands for Laurel's JVM)
  local peer_pairs laurel_cpu_ms peer_cpu_ms
  peer_pairs=$(awk '/number of transactions actually processed/ {split($NF, a, "/"); print a[1]; exit}' "$work/$mode.pgbench")
  laurel_cpu_ms=$(awk -v j="$jvm_cpu" -v d="$pg_db_cpu" -v m="$mq_cpu" -v n="$answered" 'BEGIN {if (n > 0) printf "%.2f", 1000 * (j + d + m) / n}')
  peer_cpu_ms=$(awk -v d="$(cat "$work/$mode.peer-db-cpu")" -v c="${peer_times:-0}" -v n="${peer_pairs:-0}" \
    'BEGIN {if (n > 0) printf "%.2f", 1000 * (d + c) / n}')
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "CPU ms per answer (peer: per pair)" \
    "$(printf '%s (JVM %.2f, its DB %.2f, broker %.2f)' "$laurel_cpu_ms" "$(echo "1000 * $jvm_cpu / $answered" | bc -l)" \
       "$(echo "1000 * $pg_db_cpu / $answered" | bc -l)" "$(echo "1000 * $mq_cpu / $answered" | bc -l)")" \
    "$peer_cpu_ms (its DB and pgbench)" \
    "$(awk -v l="$laurel_cpu_ms" -v p="$peer_cpu_ms" 'BEGIN {if (l > 0) printf "%.2f", p / l; else print "-"}')"
  # the database alone: in a deployment the web pods and the broker run on other machines and scale out, one primary
  # does not — so the answers/s its CPU allows, against the peer's pairs/s on the same CPU, is the ratio there
  local laurel_db_ms peer_db_ms
  laurel_db_ms=$(awk -v d="$pg_db_cpu" -v n="$answered" 'BEGIN {if (n > 0) printf "%.2f", 1000 * d / n}')
  peer_db_ms=$(awk -v d="$(cat "$work/$mode.peer-db-cpu")" -v n="${peer_pairs:-0}" 'BEGIN {if (n > 0) printf "%.2f", 1000 * d / n}')
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "database CPU ms per answer (per pair)" "$laurel_db_ms" "$peer_db_ms" \
    "$(awk -v l="$laurel_db_ms" -v p="$peer_db_ms" 'BEGIN {if (l > 0) printf "%.2f", p / l; else print "-"}')"
  printf '| %-36s | %-40s | %-30s | %-6s |\n' "wrk CPU share (of $(nproc) cores)" \
    "$(echo "$wrk_cpu $wall $(nproc)" | awk '{printf "%.1f %% (%.1f %% of one core)", 100 * $1 / ($2 * $3), 100 * $1 / $2}')" "" ""
  echo "$mode $laurel_rate" >> "$work/rates"
}

for mode in $modes; do
  run_mode "$mode"
done
if grep -q '^nothink ' "$work/rates" && grep -q '^big ' "$work/rates"; then
  awk '{r[$1] = $2} END {printf "\nbig vs nothink: %.1f vs %.1f answers/s (%+.0f %%)\n", r["big"], r["nothink"], 100 * (r["big"] / r["nothink"] - 1)}' "$work/rates"
fi
errors_logged=$(grep -c ' ERROR ' "$work/laurel.log" || true)
echo "Laurel logged $errors_logged ERROR lines"
if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) FAILED" >&2
  exit 1
fi
