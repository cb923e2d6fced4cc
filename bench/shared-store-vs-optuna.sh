#!/usr/bin/env bash
# Issue 22, point 9: shared sweeps on PostgreSQL (sweep-postgres) against Optuna's RDB storage
# (Debian's python3-optuna 3.1 with python3-psycopg2 and python3-sqlalchemy), on the same server.
#
#   bench/shared-store-vs-optuna.sh                   # the full run: about 5 minutes on 2 cores
#   QUICK=1 bench/shared-store-vs-optuna.sh           # a smoke test: small N, about 2 minutes; its trials/s
#                                                     # are mostly the agents' JIT warm-up: judge the targets
#                                                     # on the full run
#   WORKERS="1 8" SAMPLERS=random bench/shared-store-vs-optuna.sh
#   TOOLS=sweep WORKERS=8 SAMPLERS=random THREADS2_WORKERS= TAG=c1 AGENT_JAVA_OPTS="-XX:TieredStopAtLevel=1" \
#     bench/shared-store-vs-optuna.sh                 # one configuration, other JVM options; TAG names the results
#   PGPORT=55433 PGDATA=/var/lib/sweep-postgres-bench bench/shared-store-vs-optuna.sh
#                                                     # on a server of its own (scripts/postgres.sh starts it),
#                                                     # out of reach of tests that restart the shared one
#
# For each sampler (random, TPE) and W = 1, 2, 4, 8 workers, on the PostgreSQL server of
# scripts/postgres.sh (started if it is not running; never stopped here):
# - Optuna: bench/optuna_rdb.py creates a study, then W worker processes run
#   ask / two suggest_float / tell (x^2 + y^2 on [-5, 5]^2) until the study has N_OPTUNA trials
#   (N/W each; default 1,000, TPE 600: 10 to 30 s each), RandomSampler(seed) or TPESampler(seed),
#   defaults otherwise.
# - Sweep: SharedStoreAgents creates a sweep of N_SWEEP trials (default 12,000, TPE 6,000: about
#   10 to 20 s each on 2 cores; the same space and objective,
#   Samplers.random(1) or SearchSamplers.tpe(1)), then W agent JVMs join it (threads(1); also
#   threads(2) at W = THREADS2_WORKERS, default "1 8"), each claiming trials from the database.
#   The JVMs run with bin/sweep's options for `sweep agent` (C1 alone, serial GC; AGENT_JAVA_OPTS).
# Every worker or agent connects first and waits for the go, so that the clock (trials/s) runs from
# the go to the last trial's end: interpreter/JVM start-up and connecting are left out; the
# figure with start-up (from starting the first process to the end of the last) is reported too.
# Claim latency: study.ask() in Optuna, SharedStore.claim() in Sweep (a wrapping store times it in
# each agent), p50/p99 over all workers; also the whole step before a trial runs (Optuna:
# ask + suggests; Sweep: changes + claim + sampling). Duplicates are counted from the storage after
# each run: Optuna trial numbers, param or value rows twice for one trial; Sweep trials with more
# than one COMPLETED attempt or finished event; and every index 0..N-1 must have one completed
# result. Per trial, from the go to the end: committed transactions (pg_stat_database.xact_commit;
# the server's, other clients' included), WAL syncs (pg_stat_wal.wal_sync), and CPU time: the
# workers' own and the server's processes' (read from /proc under PGDATA: run as root). Sweep's
# agents also time each store call (changes, claim, started, finished): the second table.
# The report (bench/shared_store_report.py) prints the table and checks the targets: no
# duplicates on either side; Sweep >= 10x Optuna's trials/s at 8 workers with each sampler;
# Sweep >= 2,000 trials/s with 8 agents and random sampling. It exits 1 when one is missed.
# Writes bench/results/shared-store-vs-optuna.{md,txt} (QUICK=1: shared-store-vs-optuna-quick.*)
# and the raw JSON under bench/results/shared-store-vs-optuna[-quick]/ (git-ignored).
# Exits 1, naming the side and its file, when a run fails or gives no result, and (from the report)
# when a run's files hold no data.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
python="${PYTHON:-/usr/bin/python3}"
export PGPASSWORD="${PGPASSWORD:-sweep}"
export PGPORT="${PGPORT:-55432}"
workers="${WORKERS:-1 2 4 8}"
samplers="${SAMPLERS:-random tpe}"
threads2="${THREADS2_WORKERS-1 8}"
tools="${TOOLS:-optuna sweep}"
name="shared-store-vs-optuna${TAG:+-$TAG}"
if [[ "${QUICK:-0}" == 1 ]]; then
  name="$name-quick"
  n_optuna="${N_OPTUNA:-200}"; n_optuna_tpe="${N_OPTUNA_TPE:-200}"
  n_sweep="${N_SWEEP:-2000}"; n_sweep_tpe="${N_SWEEP_TPE:-1000}"
else
  n_optuna="${N_OPTUNA:-1000}"; n_optuna_tpe="${N_OPTUNA_TPE:-600}"
  n_sweep="${N_SWEEP:-12000}"; n_sweep_tpe="${N_SWEEP_TPE:-6000}"
fi
results="bench/results"
raw="$results/$name"
rm -rf "$raw"
mkdir -p "$raw"
"$python" -c 'import optuna, psycopg2, sqlalchemy' 2>/dev/null \
  || { echo "python3-optuna, python3-psycopg2 and python3-sqlalchemy are needed (scripts/install-debian-packages.sh)" >&2; exit 2; }

bash scripts/postgres.sh start
url="${STORE_URL:-$(bash scripts/postgres.sh url)}" # STORE_URL: another database or schema (?currentSchema=...)
mvn -q -B -ntp ${MVN_OFFLINE:+-o} -Dmaven.test.skip=true -pl sweep-benchmarks -am package
jar=sweep-benchmarks/target/benchmarks.jar
# bin/sweep's options for the driver, which `sweep agent` runs with: C1 alone. With the C2 compiler, 8 cold
# agent JVMs on 2 cores spend most of their CPU compiling (AGENT_JAVA_OPTS=" " to measure that).
agent_opts="${AGENT_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.25 -XX:+UseSerialGC -XX:PretenureSizeThreshold=1m}"
agents=(java $agent_opts -cp "$jar" dev.sweep.benchmarks.SharedStoreAgents)
tool=(java -XX:TieredStopAtLevel=1 -cp "$jar" dev.sweep.benchmarks.SharedStoreAgents) # create, check

export PGDATA="${PGDATA:-/var/lib/sweep-postgres}"
# committed transactions, WAL syncs, WAL records so far, as "a b c"; the server's CPU seconds so far
stats() {
  psql -h 127.0.0.1 -p "$PGPORT" -U sweep -d sweep -AtF ' ' -c "SELECT d.xact_commit, w.wal_sync, w.wal_records
    FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = 'sweep'"
}
server_cpu() { "$python" bench/shared_store_report.py --server-cpu "$PGDATA"; }

# sweep SAMPLER W THREADS N: one sweep, W agent JVMs started at once; writes $raw/sweep-SAMPLER-W-tTHREADS/
sweep_run() {
  local sampler="$1" w="$2" threads="$3" n="$4"
  local dir="$raw/sweep-$sampler-$w-t$threads"
  mkdir -p "$dir/ready"
  local id
  id="$("${tool[@]}" create "$url" "$sampler" "$n")" || die "Sweep ($sampler, W=$w): SharedStoreAgents create failed"
  [[ -n "$id" ]] || die "Sweep ($sampler, W=$w): SharedStoreAgents create printed no sweep id"
  local launched pids=() i
  launched="$(date +%s%N)"
  for ((i = 1; i <= w; i++)); do
    "${agents[@]}" agent "$url" "$id" "$sampler" "$n" "$threads" "$dir/agent-$i.json" "$dir/ready" "$dir/go" \
      >"$dir/agent-$i.log" 2>&1 &
    pids+=("$!")
  done
  local waited=0
  while (( $(find "$dir/ready" -type f | wc -l) < w )); do
    for p in "${pids[@]}"; do
      kill -0 "$p" 2>/dev/null || { echo "an agent exited before it was ready: $dir" >&2; cat "$dir"/agent-*.log >&2; exit 1; }
    done
    sleep 0.02
    (( ++waited < 6000 )) || { echo "agents not ready after 120 s: $dir" >&2; exit 1; }
  done
  local x0 x1 c0 c1 ended
  x0=($(stats)); c0="$(server_cpu)"
  touch "$dir/go"
  for p in "${pids[@]}"; do
    wait "$p" || { echo "an agent failed: $dir" >&2; cat "$dir"/agent-*.log >&2; exit 1; }
  done
  ended="$(date +%s%N)"
  c1="$(server_cpu)"; x1=($(stats))
  run_side "Sweep ($sampler, W=$w, threads $threads): check" "$dir/check.json" \
    "${tool[@]}" check "$url" "$id" "$n" "$dir/check.json" >/dev/null
  for ((i = 1; i <= w; i++)); do
    require_result "$dir/agent-$i.json" "Sweep ($sampler, W=$w, threads $threads): agent $i"
  done
  local cpu=null
  [[ "$c0" != null && "$c1" != null ]] && cpu="$(printf "%.2f" "$(echo "$c1 - $c0" | bc)")"
  printf '{"tool": "sweep", "sampler": "%s", "workers": %d, "threads": %d, "trials": %d, "sweep": "%s", "launched_ns": %s, "ended_ns": %s, "xact_commit": %d, "wal_sync": %d, "wal_records": %d, "server_cpu_s": %s}\n' \
    "$sampler" "$w" "$threads" "$n" "$id" "$launched" "$ended" "$((x1[0] - x0[0]))" "$((x1[1] - x0[1]))" \
    "$((x1[2] - x0[2]))" "$cpu" >"$dir/launch.json"
  require_result "$dir/launch.json" "Sweep ($sampler, W=$w, threads $threads): launch"
  echo "   sweep  $sampler W=$w threads=$threads N=$n: $(cat "$dir/check.json")" >&2
}

for sampler in $samplers; do
  no="$n_optuna"; ns="$n_sweep"
  if [[ "$sampler" == tpe ]]; then no="$n_optuna_tpe"; ns="$n_sweep_tpe"; fi
  for w in $workers; do
    if [[ " $tools " == *" optuna "* ]]; then
      echo ">> $sampler, $w workers: Optuna (N=$no)" >&2
      run_side "Optuna ($sampler, W=$w)" "$raw/optuna-$sampler-$w.json" \
        "$python" bench/optuna_rdb.py run --workers "$w" --trials "$no" --sampler "$sampler" --seed 1 \
        --out "$raw/optuna-$sampler-$w.json" >&2
    fi
    [[ " $tools " == *" sweep "* ]] || continue
    echo ">> $sampler, $w workers: Sweep (N=$ns, threads 1)" >&2
    sweep_run "$sampler" "$w" 1 "$ns"
    if [[ " $threads2 " == *" $w "* ]]; then
      echo ">> $sampler, $w workers: Sweep (N=$ns, threads 2)" >&2
      sweep_run "$sampler" "$w" 2 "$ns"
    fi
  done
done

{
  echo "# bench/shared-store-vs-optuna.sh${QUICK:+ (QUICK=$QUICK)}, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) CPUs, $(uname -sr), $(java -version 2>&1 | head -1), Optuna $("$python" -c 'import optuna; print(optuna.__version__)'),"
  echo "agent JVM options: ${agent_opts:-(none)}"
  echo "PostgreSQL $(psql -h 127.0.0.1 -p "$PGPORT" -U sweep -d sweep -Atc 'SHOW server_version') on 127.0.0.1:$PGPORT (synchronous_commit $(psql -h 127.0.0.1 -p "$PGPORT" -U sweep -d sweep -Atc 'SHOW synchronous_commit')), load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} >"$results/$name.txt"
status=0
"$python" bench/shared_store_report.py "$raw" "$results/$name.md" | tee -a "$results/$name.txt" || status=$?
exit "$status"
