#!/usr/bin/env bash
# Issue 27, point 4: Sweep's multi-objective samplers against Optuna 3.1's (Debian's python3-optuna).
#
#   bench/multiobjective-vs-optuna.sh                         # 20 seeds, 500 trials, every sampler
#   SEEDS=5 TRIALS=200 bench/multiobjective-vs-optuna.sh      # a quicker look
#   OPTUNA_SAMPLERS=nsga2 bench/multiobjective-vs-optuna.sh   # Optuna's NSGA-II only (its TPE is slow)
#   OPTUNA=keep bench/multiobjective-vs-optuna.sh             # Sweep's side again, Optuna's files kept
#
# Problems (sweep-benchmarks' MultiObjectiveProblems.java and bench/multiobjective_optuna.py, alike):
# ZDT1, ZDT2, ZDT3 (2 objectives, 30 variables in [0, 1]), DTLZ2 (3 objectives, 12 variables) and a
# mixed space (a float, a log-uniform float, an int of 1..8, a categorical of 3; 2 objectives and
# the constraint memory = n * w(kind) <= 12 on the outcome). Samplers: Sweep's nsga2 and motpe
# against Optuna's NSGAIISampler and TPESampler (MOTPE with several directions), seeds
# FIRST_SEED..FIRST_SEED+SEEDS-1, sequential ask and tell.
# The report (bench/multiobjective_report.py) computes every hypervolume with one implementation
# (Optuna's exact WFG) against reference points fixed in it before any run, at 200 and 500 trials,
# and prints medians, interquartile ranges and a Mann-Whitney test per cell; then ask + tell at
# 1,000 trials on ZDT1 for each sampler, both tools. Exits 1 when a target is missed.
# Cost on this 2-core machine: Sweep's side a few minutes; Optuna's NSGA-II a few minutes; Optuna's
# TPE with several objectives recomputes its split for each of the 30 parameters: about 70 s per
# 200-trial study and 7 minutes per 500-trial one, so the full run takes hours.
# Writes bench/results/multiobjective-vs-optuna[-SEEDSxTRIALS].{md} and the raw JSON of each side.
# Exits 1, naming the side and its file, when a side fails or gives no result, and (from the
# report) when a cell has no data: with OPTUNA_SAMPLERS=nsga2 only NSGA-II is compared.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
seeds="${SEEDS:-20}"
trials="${TRIALS:-500}"
first="${FIRST_SEED:-0}"
python="${PYTHON:-/usr/bin/python3}"
name="multiobjective-vs-optuna"
if [[ "$seeds" != 20 || "$trials" != 500 || "$first" != 0 ]]; then
  name="$name-${seeds}x${trials}"
fi
raw="bench/results/$name"
mkdir -p "$raw"
"$python" -c 'import optuna, scipy' 2>/dev/null || { echo "python3-optuna and python3-scipy are needed (scripts/install-debian-packages.sh)" >&2; exit 2; }

mvn -q -B -ntp -Dmaven.test.skip=true -pl sweep-benchmarks -am package
jar=sweep-benchmarks/target/benchmarks.jar
budgets=200
if (( trials >= 500 )); then budgets=200,500; fi

rm -f "$raw/sweep.json" "$raw/sweep-latency.json"
run_side "Sweep (MultiObjectiveQuality quality)" "$raw/sweep.json" \
  java -cp "$jar" dev.sweep.benchmarks.MultiObjectiveQuality quality "$raw/sweep.json" "$seeds" "$trials" "$first"
run_side "Sweep (MultiObjectiveQuality latency)" "$raw/sweep-latency.json" \
  java -cp "$jar" dev.sweep.benchmarks.MultiObjectiveQuality latency "$raw/sweep-latency.json" 1000
if [[ "${OPTUNA:-run}" != keep ]]; then
  rm -f "$raw/optuna.json" "$raw/optuna-latency.json" "$raw/optuna-tpe-latency.json"
  run_side "Optuna (multiobjective_optuna.py quality)" "$raw/optuna.json" \
    "$python" bench/multiobjective_optuna.py quality "$raw/optuna.json" --seeds "$seeds" --trials "$trials" \
    --first-seed "$first" --samplers "${OPTUNA_SAMPLERS:-nsga2,tpe}"
  run_side "Optuna (multiobjective_optuna.py latency, NSGA-II)" "$raw/optuna-latency.json" \
    "$python" bench/multiobjective_optuna.py latency "$raw/optuna-latency.json" --trials 1000 --samplers nsga2
  # Optuna's TPE with several objectives needs hours for 1,000 trials here: its latency at 200
  run_side "Optuna (multiobjective_optuna.py latency, TPE)" "$raw/optuna-tpe-latency.json" \
    "$python" bench/multiobjective_optuna.py latency "$raw/optuna-tpe-latency.json" --trials 200 --samplers tpe
fi
for f in optuna optuna-latency optuna-tpe-latency; do
  require_result "$raw/$f.json" "Optuna ($f${OPTUNA:+, kept})"
done
# The kinds compared: Sweep's nsga2 against Optuna's nsga2, motpe against Optuna's tpe, as far as Optuna ran them.
kinds=""
[[ ",${OPTUNA_SAMPLERS:-nsga2,tpe}," == *",nsga2,"* ]] && kinds="nsga2"
[[ ",${OPTUNA_SAMPLERS:-nsga2,tpe}," == *",tpe,"* ]] && kinds="${kinds:+$kinds,}motpe"
[[ -n "$kinds" ]] || die "OPTUNA_SAMPLERS=${OPTUNA_SAMPLERS:-}: neither nsga2 nor tpe, nothing to compare"
{
  echo "# Multi-objective samplers against Optuna: $(date -u +%Y-%m-%d), $(nproc) cores, $seeds seeds from $first, $trials trials"
  echo
  "$python" bench/multiobjective_report.py "$raw/sweep.json" "$raw/optuna.json" \
    "$raw/sweep-latency.json" "$raw/optuna-latency.json,$raw/optuna-tpe-latency.json" --budgets "$budgets" \
    --kinds "$kinds"
} | tee "bench/results/$name.md"
