#!/usr/bin/env bash
# Issue 5, point 5: one 1,000,000-row CSV of trials, and the same analysis by Sweep (Java) and by
# pandas (Debian's python3-pandas), each in a fresh process, side by side.
#
#   bench/population-vs-pandas.sh              # 3 runs of each side, alternating (about 1 minute)
#   RUNS=5 ROWS=1000000 bench/population-vs-pandas.sh
#
# Steps, timed one by one inside each process, in this order: read the CSV; 5 quantiles of the
# error; the EDF at 1,000 points; the 100 best trials; group-by over the two categoricals (count,
# min, mean); a 20-bin mean of the error per float parameter (6); Spearman's correlation of each
# numeric parameter (8) with the error. Each step is timed once per process, as in an analysis.
# Before that, each side runs the steps once, untimed, on a 1,000-row file: Python's imports are
# not timed, and neither is the JVM's loading and initialising of the classes the steps use; the
# JVM's compiler still meets the million-row loops cold. Peak RSS is the process's VmHWM
# (Java) and ru_maxrss (Python). The results of both sides are compared: the script fails if they
# differ. Java runs with -XX:+UseSerialGC -XX:PretenureSizeThreshold=1m, as bin/sweep does
# (JAVA_OPTS to try others).
# Writes bench/results/population-vs-pandas.{json,md}; the CSV is made once under $TMPDIR.
# Exits 1, naming the side and its file, when a side fails or gives no result (or not every step's).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
python="${PYTHON:-/usr/bin/python3}"
rows="${ROWS:-1000000}"
runs="${RUNS:-3}"
csv="${CSV:-${TMPDIR:-/tmp}/sweep-population-$rows.csv}"
jar="sweep-benchmarks/target/benchmarks.jar"
# The serial collector, as bin/sweep runs; arrays of 1 MB or more (a population's columns, which
# live as long as it does) are made in the old generation, so no young collection copies them.
java_opts="${JAVA_OPTS:--XX:+UseSerialGC -XX:PretenureSizeThreshold=1m}"
results="bench/results"
mkdir -p "$results"
"$python" -c 'import pandas' 2>/dev/null || { echo "pandas is needed: scripts/install-debian-packages.sh" >&2; exit 2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo ">> building $jar" >&2
  mvn -q -Dmaven.test.skip=true -pl sweep-benchmarks -am package
fi
if [[ ! -s "$csv" ]]; then
  echo ">> generating $csv ($rows rows)" >&2
  run_side "the CSV generator (population_pandas.py gen)" "$csv.tmp" "$python" bench/population_pandas.py gen "$csv.tmp" "$rows"
  mv "$csv.tmp" "$csv"
fi
small="${csv%.csv}-warm-up.csv"
if [[ ! -s "$small" ]]; then
  run_side "the CSV generator (population_pandas.py gen)" "$small.tmp" "$python" bench/population_pandas.py gen "$small.tmp" 1000
  mv "$small.tmp" "$small"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sweep-vs-pandas.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for ((i = 1; i <= runs; i++)); do
  echo ">> run $i of $runs" >&2
  run_side "Sweep (PopulationVsPandas), run $i" "$work/sweep-$i.json" \
    java $java_opts -cp "$jar" dev.sweep.benchmarks.PopulationVsPandas "$csv" "$small" > "$work/sweep-$i.json"
  run_side "pandas (population_pandas.py run), run $i" "$work/pandas-$i.json" \
    "$python" bench/population_pandas.py run "$csv" "$small" > "$work/pandas-$i.json"
done

"$python" - "$work" "$runs" "$rows" "$results" <<'PY'
import json, math, statistics, sys, platform, subprocess
work, runs, rows, results = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sides = {s: [json.load(open(f"{work}/{s}-{i}.json")) for i in range(1, runs + 1)] for s in ("sweep", "pandas")}

def close(a, b):
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    return a == b or (isinstance(a, float) and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12))

steps = list(sides["pandas"][0].get("seconds") or {})
if not steps:
    sys.exit(f">> ERROR: pandas gave no result: {work}/pandas-1.json has no step's time")
for side, docs in sides.items():
    for i, doc in enumerate(docs, 1):
        missing = [k for k in ("rows", "peak_rss_mb") if doc.get(k) is None]
        missing += [f"seconds.{step}" for step in steps if (doc.get("seconds") or {}).get(step) is None]
        if missing:
            sys.exit(f">> ERROR: {side} gave no result for {', '.join(missing)}: {work}/{side}-{i}.json")

s, p = sides["sweep"][0], sides["pandas"][0]
for key in ("rows", "quantiles", "edf_median_point", "top100_first_ids", "groups", "group_sgd_relu", "bins_lr_first", "spearman"):
    if not close(s[key], p[key]):
        sys.exit(f">> ERROR: Sweep and pandas differ on {key}: {s[key]} against {p[key]}")

def median(side, step):
    return statistics.median(r["seconds"][step] for r in sides[side])
rss = {side: statistics.median(r["peak_rss_mb"] for r in sides[side]) for side in sides}
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
lines = [f"{rows:,} rows, median of {runs} runs per side; {platform.node()}, {java}, pandas {__import__('pandas').__version__}",
         "", "| step | Sweep (s) | pandas (s) | Sweep / pandas |", "|---|---:|---:|---:|"]
for step in steps:
    a, b = median("sweep", step), median("pandas", step)
    lines.append(f"| {step} | {a:.3f} | {b:.3f} | {a / b:.2f} |")
lines.append(f"| peak RSS (MB) | {rss['sweep']:.0f} | {rss['pandas']:.0f} | {rss['sweep'] / rss['pandas']:.2f} |")
open(f"{results}/population-vs-pandas.md", "w").write("\n".join(lines) + "\n")
json.dump(sides, open(f"{results}/population-vs-pandas.json", "w"), indent=1)
print("\n".join(lines))
print("results agree: quantiles, EDF, top 100, groups, bins, Spearman")
PY
