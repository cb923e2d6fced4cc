#!/usr/bin/env bash
# Builds the JMH benchmarks, runs them and Optuna's twin, and prints the two side by side.
#
#   bench/run-benchmarks.sh                 # everything (about 4 minutes on 2 cores)
#   bench/run-benchmarks.sh -p threads=1    # extra arguments go to JMH
#   BENCHMARKS=SamplingBenchmark bench/run-benchmarks.sh
#   SKIP_OPTUNA=1 bench/run-benchmarks.sh
#
# Writes bench/results/jmh.json (JMH's JSON, with -prof gc) and bench/results/optuna.json.
# Environment: BENCHMARKS (JMH regex, default the two headline benchmarks; add
# TrialPartsBenchmark for the per-step costs), OPTUNA_TRIALS (default 20000), SKIP_BUILD=1,
# SKIP_OPTUNA=1, JAVA (default java), PYTHON (default /usr/bin/python3, Debian's, with
# python3-optuna).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
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
busy="$(ps -eo pid=,pcpu=,comm= | awk -v self=$$ '$1 != self && $2 > 20 {print $3 "(" $2 "%)"}' | tr '\n' ' ')"
if [[ -n "$busy" ]]; then
  echo ">> WARNING: other busy processes: $busy- figures will be low and noisy" >&2
fi
echo ">> JMH: $benchmarks $*  (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$java_cmd" -jar "$jar" "$benchmarks" -prof gc -rf json -rff "$results/jmh.json" "$@"

if [[ -z "${SKIP_OPTUNA:-}" ]]; then
  echo ">> Optuna: $("$python" -c 'import optuna; print(optuna.__version__)') RandomSampler" >&2
  "$python" bench/optuna_random.py --trials "${OPTUNA_TRIALS:-20000}" | tee "$results/optuna.json"
fi

"$python" bench/report.py "$results/jmh.json" "$results/optuna.json"
