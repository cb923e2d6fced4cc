#!/usr/bin/env bash
# Issue 4, point 8: submitting 1,000 trials to a real SLURM cluster takes <= 2 s and at most 2
# sbatch calls. JMH (single shot, 10 measured invocations after 2 warm-up ones) on the
# single-node cluster of scripts/slurm-cluster.sh, which this script starts if it is not up.
#   bench/slurm-submit.sh                 results in bench/results/slurm-submit.json
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/slurm-cluster.sh start
jar="sweep-benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo ">> building $jar" >&2
  mvn -B -q -ntp -DskipTests package -pl sweep-benchmarks -am >&2
fi
mkdir -p bench/results
java -jar "$jar" SlurmSubmitBenchmark -rf json -rff bench/results/slurm-submit.json "$@"
