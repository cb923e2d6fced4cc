#!/usr/bin/env bash
# Builds the JMH benchmarks, runs them and Optuna's twin, and prints the two side by side.
#
#   bench/run-benchmarks.sh                 # everything (about 5 minutes on 2 cores)
#   bench/run-benchmarks.sh -p threads=1    # extra arguments go to JMH
#   BENCHMARKS=SamplingBenchmark bench/run-benchmarks.sh
#   SKIP_OPTUNA=1 bench/run-benchmarks.sh
#
# Writes bench/results/jmh.json (JMH's JSON, with -prof gc), retained.json and optuna.json.
# Environment: BENCHMARKS (JMH regex, default the two headline benchmarks; add
# TrialPartsBenchmark for the per-step costs), OPTUNA_TRIALS (default 20000), SKIP_BUILD=1,
# SKIP_OPTUNA=1, JAVA (default java), PYTHON (default /usr/bin/python3, Debian's, with
# python3-optuna).
# Exits 1, naming the side and its file, when JMH, RetainedPerTrial or Optuna fails or leaves no
# result, and when the report finds a benchmark without a score.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
results="bench/results"
mkdir -p "$results"
java_cmd="${JAVA:-java}"
python="${PYTHON:-/usr/bin/python3}"
benchmarks="${BENCHMARKS:-SweepThroughputBenchmark|SamplingBenchmark}"
jar="sweep-benchmarks/target/benchmarks.jar"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo ">> building $jar" >&2
  # maven.test.skip also skips compiling tests, so a test being edited elsewhere cannot break it.
  mvn -q -Dmaven.test.skip=true -pl sweep-benchmarks -am package
fi

# Two cores: anything else running skews every figure. Say so rather than report a bad number.
cpu_idle_percent() {
  local a b
  read -r -a a < /proc/stat; sleep 3; read -r -a b < /proc/stat
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $(( 100 * (b[4] - a[4]) / (total > 0 ? total : 1) ))
}
idle="$(cpu_idle_percent)"
if (( idle < 90 )); then
  echo ">> WARNING: the CPUs are only ${idle}% idle before the run; figures will be low and noisy:" >&2
  ps -eo pcpu=,pid=,comm= --sort=-pcpu | head -3 >&2
fi
echo ">> JMH: $benchmarks $*  (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
rm -f "$results/jmh.json" "$results/retained.json" "$results/optuna.json" # no earlier run's result passes for this one's
# -foe true: a benchmark that throws fails JMH (its exit status), instead of being left out of the JSON.
run_side "Sweep (JMH $benchmarks)" "$results/jmh.json" \
  "$java_cmd" -jar "$jar" "$benchmarks" -foe true -prof gc -rf json -rff "$results/jmh.json" "$@"
jmh_result "$results/jmh.json" "Sweep (JMH $benchmarks)"

echo ">> heap kept per finished trial" >&2
run_side "Sweep (RetainedPerTrial)" "$results/retained.json" \
  "$java_cmd" -Xms4g -Xmx4g -cp "$jar" dev.sweep.benchmarks.RetainedPerTrial >"$results/retained.json"
cat "$results/retained.json"

optuna_json="$results/optuna.json"
if [[ -n "${SKIP_OPTUNA:-}" ]]; then
  optuna_json="(skipped)"
else
  echo ">> Optuna: $("$python" -c 'import optuna; print(optuna.__version__)') RandomSampler" >&2
  run_side "Optuna (optuna_random.py)" "$optuna_json" \
    "$python" bench/optuna_random.py --trials "${OPTUNA_TRIALS:-20000}" >"$optuna_json"
  cat "$optuna_json"
fi

"$python" bench/report.py "$results/jmh.json" "$optuna_json" "$results/retained.json"
