#!/usr/bin/env bash
# Profiles one JMH benchmark with Java Flight Recorder and prints where CPU, allocation and GC go.
#
#   bench/profile.sh SweepThroughputBenchmark -p threads=1
#   bench/profile.sh SamplingBenchmark -p constraint=half
#
# The first argument is the JMH benchmark regex, the rest go to JMH. Uses the jar that
# run-benchmarks.sh builds (set BUILD=1 to build it first). Recordings land in
# bench/results/jfr/<benchmark>/profile.jfr; open them in JDK Mission Control for flame graphs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-/usr/bin/python3}"
benchmark="${1:?usage: bench/profile.sh BENCHMARK_REGEX [JMH args...]}"
shift
if [[ -n "${BUILD:-}" ]]; then
  mvn -q -Dmaven.test.skip=true -pl sweep-benchmarks -am package
fi
out="bench/results/jfr"
rm -rf "$out"
mkdir -p "$out"
# configName=profile samples Java stacks every 10 ms (the default is 20 ms).
"${JAVA:-java}" -jar sweep-benchmarks/target/benchmarks.jar "$benchmark" \
  -prof "jfr:dir=$out;configName=profile" -prof gc "$@"
for f in "$out"/*/profile.jfr; do
  "$python" bench/jfr_hotspots.py "$f" --top "${TOP:-25}"
done
