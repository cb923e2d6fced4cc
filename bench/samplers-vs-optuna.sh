#!/usr/bin/env bash
# Issue 6, points 3 and 4: Sweep's samplers against Optuna's (Debian's python3-optuna), side by side.
#
#   bench/samplers-vs-optuna.sh                      # 20 seeds, 200 trials: about 15 minutes
#   SEEDS=5 bench/samplers-vs-optuna.sh              # a quicker look
#   QUALITY=keep bench/samplers-vs-optuna.sh         # latency only; the last run's search-quality JSON stays
#   FIRST_SEED=20 bench/samplers-vs-optuna.sh        # another block of seeds (20..39): how much the medians move
#   GP=1 bench/samplers-vs-optuna.sh                 # Sweep's Gaussian-process sampler too (about 17 more minutes)
#   NOISE=0.1 SAMPLERS=tpe,tpe-best-1 LATENCY=skip bench/samplers-vs-optuna.sh
#                                                    # a noisy objective: Gaussian noise of sd 0.1 on every
#                                                    # value told; the regret is then the true value of the
#                                                    # trial observed best (about 15 minutes)
#   SAMPLERS=tpe SEEDS=120 LATENCY=skip bench/samplers-vs-optuna.sh
#                                                    # only these samplers, on more seeds, no latency: about
#                                                    # 50 minutes. The report then also says in how many
#                                                    # blocks of 20 seeds Sweep's median was <= Optuna's:
#                                                    # how much a 20-seed verdict owes to the draw of seeds.
#
# 1. Search quality: Branin, Hartmann6, Rosenbrock-5 on [-5, 10]^5, Ackley-5 and a mixed space
#    (x uniform, lr log-uniform, an int, a categorical of 3), defined alike in
#    sweep-benchmarks' Problems.java and bench/samplers_optuna.py. Each sampler runs SEEDS
#    sequential studies of TRIALS trials per problem (seed = 0..SEEDS-1); the simple regret (best
#    value found minus the known minimum) after 50, 100 and 200 trials is taken from each.
#    Sweep: random, Sobol, TPE, TPE multivariate, the univariate TPE with bestWeight(1)
#    (tpe-best-1: the setting for noisy objectives, not the default), and with GP=1 the Gaussian
#    process on the four numeric problems (SamplerQuality, through the sampler API).
#    Optuna: RandomSampler, TPESampler, TPESampler(multivariate=True), defaults otherwise
#    (study.optimize, in-memory storage).
# 2. Speed: one ask + tell after 100, 1,000 and 10,000 completed trials on Hartmann6's space:
#    Sweep by JMH (TpeBenchmark: single shots on a sampling told N trials), Optuna by
#    samplers_optuna.py latency (N trials added with add_trials, then ask + six suggest_float + tell;
#    also after 5,000, the figure the issue quotes).
# The report (bench/samplers_report.py) prints the median and interquartile range of the regret
# per problem, budget, tool and sampler, and checks the targets: Sweep's TPE median <= Optuna's
# TPE median at 100 and 200 trials on every problem; ask + tell <= 1 ms after 1,000 trials and
# <= 5 ms after 10,000. It exits 1 when one is missed.
# Writes bench/results/samplers-vs-optuna.{md,txt} and the raw JSON of each side; a run with other
# seeds or samplers writes bench/results/samplers-vs-optuna-SEEDSxFIRST[-SAMPLERS].* instead, so
# that it does not overwrite the default run's.
# Exits 1, naming the side and its file, when a side fails or gives no result, and (from the
# report) when a cell of the table has no data.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
seeds="${SEEDS:-20}"
trials="${TRIALS:-200}"
first="${FIRST_SEED:-0}"
python="${PYTHON:-/usr/bin/python3}"
results="bench/results"
name="samplers-vs-optuna"
if [[ "$seeds" != 20 || "$first" != 0 || -n "${SAMPLERS:-}" || -n "${NOISE:-}" ]]; then
  name="$name-${seeds}x${first}${SAMPLERS:+-${SAMPLERS//,/+}}${NOISE:+-noise$NOISE}"
fi
raw="$results/$name"
mkdir -p "$raw"
"$python" -c 'import optuna' 2>/dev/null || { echo "python3-optuna is needed (scripts/install-debian-packages.sh)" >&2; exit 2; }

mvn -q -B -ntp -Dmaven.test.skip=true -pl sweep-benchmarks -am package
jar=sweep-benchmarks/target/benchmarks.jar

if [[ "${QUALITY:-run}" != keep ]]; then
  echo ">> search quality: Sweep ($seeds seeds x $trials trials)" >&2
  rm -f "$raw/sweep-quality.json" "$raw/optuna-quality.json"
  run_side "Sweep (SamplerQuality)" "$raw/sweep-quality.json" \
    java -Dgp="${GP:+true}" -Dsamplers="${SAMPLERS:-}" -Dnoise="${NOISE:-0}" -cp "$jar" dev.sweep.benchmarks.SamplerQuality \
    "$raw/sweep-quality.json" "$seeds" "$trials" "$first"
  echo ">> search quality: Optuna ($seeds seeds x $trials trials)" >&2
  run_side "Optuna (samplers_optuna.py quality)" "$raw/optuna-quality.json" \
    "$python" bench/samplers_optuna.py quality "$raw/optuna-quality.json" --seeds "$seeds" --trials "$trials" \
    --first-seed "$first" --samplers "${SAMPLERS:-}" --noise "${NOISE:-0}"
fi
require_result "$raw/sweep-quality.json" "Sweep (SamplerQuality${QUALITY:+, kept})"
require_result "$raw/optuna-quality.json" "Optuna (samplers_optuna.py quality${QUALITY:+, kept})"

if [[ "${LATENCY:-run}" != skip ]]; then
  echo ">> ask + tell latency: Sweep (JMH)" >&2
  rm -f "$raw/sweep-latency-jmh.json" "$raw/sweep-latency.json" "$raw/optuna-latency.json"
  # -foe true: a benchmark that throws fails JMH, instead of being left out of the JSON.
  run_side "Sweep (JMH TpeBenchmark)" "$raw/sweep-latency-jmh.json" \
    java -jar "$jar" TpeBenchmark -foe true -rf json -rff "$raw/sweep-latency-jmh.json" >&2
  jmh_result "$raw/sweep-latency-jmh.json" "Sweep (JMH TpeBenchmark)" TpeBenchmark
  "$python" - "$raw/sweep-latency-jmh.json" "$raw/sweep-latency.json" <<'PY'
import json, sys
out = {}
for r in json.load(open(sys.argv[1])):
    p = r["params"]
    key = ("tpe-multivariate" if p["multivariate"] == "true" else "tpe") + "/" + p["completed"]
    out[key] = r["primaryMetric"]["score"]  # ms, the mean of the single shots
if not out:
    sys.exit(">> ERROR: Sweep (JMH TpeBenchmark) gave no result: no score in " + sys.argv[1])
json.dump(out, open(sys.argv[2], "w"), indent=1)
PY
  require_result "$raw/sweep-latency.json" "Sweep (JMH TpeBenchmark)"
  echo ">> ask + tell latency: Optuna" >&2
  run_side "Optuna (samplers_optuna.py latency)" "$raw/optuna-latency.json" \
    "$python" bench/samplers_optuna.py latency "$raw/optuna-latency.json" --sizes 100,1000,5000,10000 --asks 5
else
  rm -f "$raw/sweep-latency.json" "$raw/optuna-latency.json"
fi

{
  echo "# bench/samplers-vs-optuna.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) CPUs, $(uname -sr), $(java -version 2>&1 | head -1), Optuna $("$python" -c 'import optuna; print(optuna.__version__)')"
  echo
} > "$results/$name.txt"
status=0
"$python" bench/samplers_report.py "$raw/sweep-quality.json" "$raw/optuna-quality.json" \
  "$raw/sweep-latency.json" "$raw/optuna-latency.json" "$results/$name.md" \
  | tee -a "$results/$name.txt" || status=$?
exit "$status"
