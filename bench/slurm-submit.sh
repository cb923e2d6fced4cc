#!/usr/bin/env bash
# Issue 4, point 8: submitting 1,000 trials to a real SLURM cluster takes <= 2 s and at most 2
# sbatch calls. JMH (single shot, 10 measured invocations after 2 warm-up ones) on the
# single-node cluster of scripts/slurm-cluster.sh, which this script starts if it is not up.
#   bench/slurm-submit.sh                 results in bench/results/slurm-submit.json
#   TIMEOUT=1200 bench/slurm-submit.sh    the JMH run's time limit in seconds (default 900)
# Exits 1 when the run fails, times out or leaves no score in the JSON: a tracker that never ends
# (a SLURM command missing from the wrappers' folder) is stopped by the time limit, not waited for.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
scripts/slurm-cluster.sh start
jar="sweep-benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo ">> building $jar" >&2
  mvn -B -q -ntp -DskipTests package -pl sweep-benchmarks -am >&2
fi
mkdir -p bench/results
out=bench/results/slurm-submit.json
limit="${TIMEOUT:-900}"
rm -f "$out" # an earlier run's result must not pass for this one's
status=0
# -foe true: a benchmark that throws (more than 2 sbatch calls, a sweep that does not end) fails JMH.
timeout --kill-after=30 "$limit" java -jar "$jar" SlurmSubmitBenchmark -foe true -rf json -rff "$out" "$@" \
  || status=$?
if ((status == 124 || status == 137)); then
  die "SLURM submission (JMH SlurmSubmitBenchmark) did not end within $limit s (TIMEOUT); no result in $out"
fi
((status == 0)) || die "SLURM submission (JMH SlurmSubmitBenchmark) failed (exit status $status); no result in $out"
jmh_result "$out" "SLURM submission (JMH SlurmSubmitBenchmark)" SlurmSubmitBenchmark
