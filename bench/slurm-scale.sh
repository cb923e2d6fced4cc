#!/usr/bin/env bash
# Issue 29: what a wide SLURM sweep costs its driver. Runs N trivial trials (default 100000), up to
# P in the queue at once (default 5000), on the single-node cluster of scripts/slurm-cluster.sh
# (started if it is not up), in one driver JVM with -Xmx1g, and records the driver's CPU time, peak
# live threads and peak heap used (JMX, sampled every 100 ms). Exits non-zero unless every trial
# completed. The cluster here runs about 11 array tasks a second: 100,000 trials take hours.
#   bench/slurm-scale.sh [N]         PARALLELISM=P  OUT=bench/results/slurm-scale.json
#   bench/slurm-scale.sh 2000        a run of a few minutes
#   MODE=blocking bench/slurm-scale.sh 2000   the same runner behind a plain Runner: a thread per
#                                    trial in the queue, as before the async seam (for comparison)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
trials="${1:-100000}"
parallelism="${PARALLELISM:-5000}"
out="${OUT:-bench/results/slurm-scale.json}"
[[ "$trials" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-scale: N must be a positive number, got '$trials'" >&2; exit 2; }
[[ "$parallelism" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-scale: PARALLELISM must be a positive number" >&2; exit 2; }
scripts/slurm-cluster.sh start
jar="sweep-benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find sweep-*/src/main -newer "$jar" -name '*.java' -print -quit)" ]]; then
  echo ">> building $jar" >&2
  mvn -B -q -ntp -DskipTests package -pl sweep-benchmarks -am >&2
fi
# The trial folders go to a scratch folder on the same disk as the jobs' (a single node).
work="$(mktemp -d "${TMPDIR:-/tmp}/sweep-slurm-scale.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
rm -f "$out"
echo ">> $trials trials, parallelism $parallelism, in $work" >&2
status=0
java -Xmx1g -Dmode="${MODE:-async}" -cp "$jar" dev.sweep.benchmarks.SlurmScale "$trials" "$parallelism" "$work" "$out" || status=$?
if [[ $status -ne 0 || ! -s "$out" ]]; then
  echo "slurm-scale: the run did not complete (exit $status)" >&2
  exit $(( status == 0 ? 1 : status ))
fi
echo ">> results in $out" >&2
