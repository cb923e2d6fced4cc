#!/usr/bin/env bash
# Issue 28: Sweep's samplers against Optuna 3.1's on the suite of problems the defaults were not
# chosen on (sweep-benchmarks' dev.sweep.benchmarks.suite, bench/suite_problems.py).
#
#   bench/suite-vs-optuna.sh                          # the report half, 20 seeds, 200 trials: hours
#   HALF=tuning bench/suite-vs-optuna.sh              # the tuning half: the only one defaults may be chosen on
#   HALF=bbob-f01-d02-i1,branches-two SEEDS=2 TRIALS=30 bench/suite-vs-optuna.sh   # a smoke run
#   SWEEP_SAMPLERS=tpe,tpe-multivariate OPTUNA_SAMPLERS=tpe,tpe-multivariate,cmaes bench/suite-vs-optuna.sh
#
# A tuning problem runs on seeds 1000.., a report problem on seeds 0..; SEEDS takes the first N.
# Writes bench/results/suite-vs-optuna-HALF-SEEDSxTRIALS.{md,json} (the report of
# bench/suite_report.py and both sides' raw JSON).
# Exits 1, naming the side and its file, when a side fails or gives no result, and (from the
# report) when a cell has no data.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
half="${HALF:-report}"
seeds="${SEEDS:-20}"
trials="${TRIALS:-200}"
python="${PYTHON:-/usr/bin/python3}"
sweep_samplers="${SWEEP_SAMPLERS:-random,tpe,tpe-multivariate}"
optuna_samplers="${OPTUNA_SAMPLERS:-random,tpe,tpe-multivariate,cmaes}"
tag="$half"
[[ "$half" == tuning || "$half" == report || "$half" == all ]] || tag="some"
name="suite-vs-optuna-$tag-${seeds}x$trials"
raw="bench/results/$name"
mkdir -p "$raw"
"$python" -c 'import optuna, scipy' 2>/dev/null || { echo "python3 with optuna and scipy is needed" >&2; exit 2; }

mvn -q -B -ntp -Dmaven.test.skip=true -pl sweep-benchmarks -am package
jar=sweep-benchmarks/target/benchmarks.jar

echo ">> Sweep: $half, $seeds seeds x $trials trials ($sweep_samplers)" >&2
rm -f "$raw/sweep.json" "$raw/optuna.json"
run_side "Sweep (SuiteQuality)" "$raw/sweep.json" \
  java -cp "$jar" dev.sweep.benchmarks.suite.SuiteQuality "$raw/sweep.json" --half "$half" --seeds "$seeds" \
  --trials "$trials" --samplers "$sweep_samplers"
echo ">> Optuna: $half, $seeds seeds x $trials trials ($optuna_samplers)" >&2
run_side "Optuna (suite_optuna.py)" "$raw/optuna.json" \
  "$python" bench/suite_optuna.py quality "$raw/optuna.json" --half "$half" --seeds "$seeds" --trials "$trials" \
  --samplers "$optuna_samplers"
budgets="$trials"
(( trials >= 200 )) && budgets="100,200"
(( trials >= 100 && trials < 200 )) && budgets="100,$trials"
{
  echo "# bench/suite-vs-optuna.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) CPUs, $(uname -sr), $(java -version 2>&1 | head -1), Optuna $("$python" -c 'import optuna; print(optuna.__version__)')"
  echo
  "$python" bench/suite_report.py "$raw/sweep.json" "$raw/optuna.json" --budgets "$budgets" ${PAIRS:+--pairs "$PAIRS"}
} | tee "bench/results/$name.md"
