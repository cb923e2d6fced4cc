#!/usr/bin/env bash
# Profiles one JMH benchmark with Java Flight Recorder and prints where CPU, allocation and GC go.
#
#   bench/profile.sh SweepThroughputBenchmark -p threads=1
#   bench/profile.sh SamplingBenchmark -p constraint=half
#
# The first argument is the JMH benchmark regex, the rest go to JMH. Uses the jar that
# run-benchmarks.sh builds (set BUILD=1 to build it first). Recordings land in
# bench/results/jfr/<benchmark>/profile.jfr; open them in JDK Mission Control for flame graphs.
# Exits 1 when JMH fails or leaves no recording, and when a recording has no sample of the
# benchmark's threads.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
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
status=0
"${JAVA:-java}" -jar sweep-benchmarks/target/benchmarks.jar "$benchmark" -foe true \
  -prof "jfr:dir=$out;configName=profile" -prof gc "$@" || status=$?
((status == 0)) || die "JMH ($benchmark) failed (exit status $status); recordings under $out"
shopt -s nullglob
recordings=("$out"/*/profile.jfr)
((${#recordings[@]} > 0)) || die "JMH ($benchmark) left no recording: no $out/*/profile.jfr"
for f in "${recordings[@]}"; do
  require_result "$f" "JFR ($benchmark)"
  "$python" bench/jfr_hotspots.py "$f" --top "${TOP:-25}"
done
