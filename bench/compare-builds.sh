#!/usr/bin/env bash
# Times two builds of the benchmarks side by side in one run, on one machine: a change's "before"
# and "after". The JMH runs alternate (before, after, before, after) so that drift in the machine's
# state falls on both alike.
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -q -Dmaven.test.skip=true -pl sweep-benchmarks -am package)
#   mvn -q -Dmaven.test.skip=true -pl sweep-benchmarks -am package
#   bench/compare-builds.sh /tmp/before/sweep-benchmarks/target/benchmarks.jar sweep-benchmarks/target/benchmarks.jar
#
# Environment: ROUNDS (default 1; about 8 minutes a round on 2 cores), BENCHMARKS (JMH regex;
# default the headline sweep, sweep-folder and sampling benchmarks and the TPE and GP ask-and-tell
# benchmarks), JMH_ARGS (default: 100 completed trials for TPE and the GP, a fresh heap for the
# sweep), JAVA. Writes bench/results/compare-{before,after}-N.json and prints one table: each
# benchmark's score per round, and after / before. Exits 1, naming the build and its file, when a
# JMH run fails or leaves no score, and when a benchmark has a score in one build or round and not
# in another.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
before="${1:?the benchmarks.jar of the build before}"
after="${2:?the benchmarks.jar of the build after}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
java_cmd="${JAVA:-java}"
rounds="${ROUNDS:-1}"
benchmarks="${BENCHMARKS:-SweepThroughputBenchmark|StoreThroughputBenchmark|SamplingBenchmark|TpeBenchmark|GpBenchmark}"
# One point of each range stands for it; the full grids are run-benchmarks.sh's.
read -r -a jmh_args <<< "${JMH_ARGS:--p completed=100 -p freshHeap=true}"

for ((r = 1; r <= rounds; r++)); do
  for which in before after; do
    jar="$before"; [[ "$which" == after ]] && jar="$after"
    echo ">> round $r, $which: $jar (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    file="$results/compare-$which-$r.json"
    rm -f "$file"
    # -foe true: a benchmark that throws fails JMH, instead of being left out of the JSON.
    run_side "the $which build, round $r ($jar)" "$file" \
      "$java_cmd" -jar "$jar" "$benchmarks" -foe true "${jmh_args[@]}" -rf json -rff "$file" >&2
    jmh_result "$file" "the $which build, round $r ($jar)"
  done
done

"${PYTHON:-/usr/bin/python3}" - "$results" "$rounds" <<'PY'
import json, sys, statistics
results, rounds = sys.argv[1], int(sys.argv[2])
def load(which, r):
    out = {}
    for b in json.load(open(f"{results}/compare-{which}-{r}.json")):
        key = b["benchmark"].split(".")[-2] + "." + b["benchmark"].split(".")[-1]
        params = ",".join(f"{k}={v}" for k, v in sorted(b.get("params", {}).items()))
        out[key + ("[" + params + "]" if params else "")] = (b["primaryMetric"]["score"], b["primaryMetric"]["scoreUnit"])
    return out
runs = {w: [load(w, r) for r in range(1, rounds + 1)] for w in ("before", "after")}
keys = list(dict.fromkeys(k for w in runs.values() for run in w for k in run))
if not keys:
    sys.exit(">> ERROR: no benchmark has a score in %s/compare-*.json" % results)
gaps = ["%s: no score in %s/compare-%s-%d.json" % (k, results, w, r + 1)
        for k in keys for w in runs for r, run in enumerate(runs[w]) if k not in run]
if gaps:
    sys.exit(">> ERROR: a cell has no data:\n  " + "\n  ".join(gaps))
print("| benchmark | unit | before (per round) | after (per round) | after / before (medians) |")
print("|---|---|---|---|---|")
for key in keys:
    unit = runs["before"][0][key][1]
    b = [run[key][0] for run in runs["before"]]
    a = [run[key][0] for run in runs["after"]]
    fmt = lambda xs: ", ".join(f"{x:.4g}" for x in xs)
    print(f"| {key} | {unit} | {fmt(b)} | {fmt(a)} | {statistics.median(a) / statistics.median(b):.3f} |")
PY
