#!/usr/bin/env bash
# Proves that the scripts in bench/ fail loudly: each case gives a check a missing, empty or
# incomplete side (or a side that fails or hangs) and wants a non-zero exit and the message that
# names it; a few give a complete result and want exit 0, so that the checks pass real results.
# Runs in seconds, with no cluster, database or build: the scripts that run JMH or Java run on a
# copy of themselves in a scratch tree, with a fake `java` that fails, hangs, writes nothing,
# writes [] or writes a result. Cases that need a Python module (scipy, optuna, pandas) are
# skipped where it is missing. Exits 1 if a case fails.
#
#   bench/test-fail-loudly.sh            PYTHON (default /usr/bin/python3)
#
# Run by sweep-benchmarks' BenchScriptsFailLoudlyTest.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-/usr/bin/python3}"
export PYTHON="$python"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-fail-loudly.XXXXXX")"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
skipped=0

show() { sed 's/^/      | /' "$work/out" | tail -15; }

# expect_failure NAME MESSAGE COMMAND...: COMMAND exits non-zero, and says MESSAGE (stdout or stderr)
expect_failure() {
  local name="$1" message="$2" status=0
  shift 2
  "$@" >"$work/out" 2>&1 </dev/null || status=$?
  if ((status == 0)); then
    echo "FAIL  $name: exited 0; wanted a non-zero exit and: $message"
    show
    failed=$((failed + 1))
  elif ! grep -qF -- "$message" "$work/out"; then
    echo "FAIL  $name: exited $status without saying: $message"
    show
    failed=$((failed + 1))
  else
    echo "ok    $name: exit $status, $(grep -F -m1 -- "$message" "$work/out")"
    passed=$((passed + 1))
  fi
}

# expect_success NAME COMMAND...: COMMAND exits 0
expect_success() {
  local name="$1" status=0
  shift
  "$@" >"$work/out" 2>&1 </dev/null || status=$?
  if ((status != 0)); then
    echo "FAIL  $name: exited $status; wanted 0"
    show
    failed=$((failed + 1))
  else
    echo "ok    $name: exit 0"
    passed=$((passed + 1))
  fi
}

skip() {
  echo "skip  $1"
  skipped=$((skipped + 1))
}

has_module() { "$python" -c "import $1" 2>/dev/null; }

# in_lib SHELL-CODE: runs the code in a strict shell that has sourced bench/lib.sh
in_lib() { bash -c "set -euo pipefail; source '$here/lib.sh'; $1"; }

# ---------------------------------------------------------------- files used below
cd "$work"
: >empty.json
echo '[]' >empty-list.json
echo '{"results": []}' >no-results.json
cat >jmh-ok.json <<'EOF'
[{"benchmark": "dev.sweep.benchmarks.SlurmSubmitBenchmark.submit", "mode": "ss", "params": {},
  "primaryMetric": {"score": 812.5, "scoreError": 40.1, "scoreUnit": "ms/op"}}]
EOF
cat >jmh-sweep.json <<'EOF'
[{"benchmark": "dev.sweep.benchmarks.SweepThroughputBenchmark.sweep", "params": {"threads": "1"},
  "primaryMetric": {"score": 500000.0, "scoreError": 1000.0, "scoreUnit": "ops/s"}}]
EOF

# ---------------------------------------------------------------- bench/lib.sh
expect_failure "lib: a side file that does not exist" "Optuna gave no result: $work/none.json does not exist" \
  in_lib "require_result '$work/none.json' Optuna"
expect_failure "lib: an empty side file" "Sweep gave no result: $work/empty.json is empty" \
  in_lib "require_result '$work/empty.json' Sweep"
expect_failure "lib: JMH's [] (every benchmark failed)" "JMH gave no result: $work/empty-list.json: no result in it ([])" \
  in_lib "require_result '$work/empty-list.json' JMH"
expect_failure "lib: a side that fails" "Sweep failed (exit status 3): no result in $work/x.json" \
  in_lib "run_side Sweep '$work/x.json' bash -c 'exit 3'"
expect_failure "lib: a side that exits 0 and writes nothing" "Optuna gave no result: $work/y.json does not exist" \
  in_lib "run_side Optuna '$work/y.json' true"
expect_failure "lib: a JMH file without the benchmark asked for" "no score for TpeBenchmark (it has SlurmSubmitBenchmark)" \
  in_lib "jmh_result '$work/jmh-ok.json' 'Sweep (JMH)' TpeBenchmark"
expect_success "lib: a JMH file with the benchmark" in_lib "jmh_result '$work/jmh-ok.json' 'Sweep (JMH)' SlurmSubmitBenchmark"

# ---------------------------------------------------------------- scripts on a scratch tree, fake java
# FAKE_JAVA: fail (exit 3), hang, nothing (exit 0, no file), empty-list ([]), copy (FAKE_JSON/<jar>.json)
mkdir -p bin tree/bench tree/scripts tree/sweep-benchmarks/target tree/sweep-cli/target
cat >bin/java <<'EOF'
#!/usr/bin/env bash
jar="" rff=""
while (($#)); do
  case "$1" in
    -jar | -cp) jar="$2"; shift ;;
    -rff) rff="$2"; shift ;;
    -prof) shift ;;
  esac
  shift
done
case "${FAKE_JAVA:-fail}" in
  fail) echo "fake java: failing" >&2; exit 3 ;;
  hang) exec sleep 60 ;;
  nothing) exit 0 ;;
  empty-list) echo '[]' >"$rff" ;;
  copy) cp "$FAKE_JSON/$(basename "$jar" .jar).json" "$rff" ;;
esac
EOF
chmod +x bin/java
printf '#!/bin/sh\nexit 0\n' >tree/scripts/slurm-cluster.sh
chmod +x tree/scripts/slurm-cluster.sh
for f in lib.sh slurm-submit.sh compare-builds.sh big-folder.sh run-benchmarks.sh profile.sh; do
  cp "$here/$f" tree/bench/
done
touch tree/sweep-benchmarks/target/benchmarks.jar tree/sweep-cli/target/sweep-cli-0-all.jar
fake() { env PATH="$work/bin:$PATH" JAVA="$work/bin/java" "$@"; }

slurm="tree/bench/slurm-submit.sh"
expect_failure "slurm-submit.sh: JMH fails" "SLURM submission (JMH SlurmSubmitBenchmark) failed (exit status 3)" \
  fake FAKE_JAVA=fail bash "$slurm"
expect_failure "slurm-submit.sh: JMH exits 0 and writes no JSON" \
  "SLURM submission (JMH SlurmSubmitBenchmark) gave no result: bench/results/slurm-submit.json does not exist" \
  fake FAKE_JAVA=nothing bash "$slurm"
expect_failure "slurm-submit.sh: JMH writes [] (the benchmark threw)" "slurm-submit.json: no result in it ([])" \
  fake FAKE_JAVA=empty-list bash "$slurm"
expect_failure "slurm-submit.sh: the run hangs (a tracker that retries for ever)" \
  "SLURM submission (JMH SlurmSubmitBenchmark) did not end within 2 s (TIMEOUT)" \
  fake FAKE_JAVA=hang TIMEOUT=2 bash "$slurm"
mkdir -p json
cp jmh-ok.json json/benchmarks.json
expect_success "slurm-submit.sh: a result" fake FAKE_JAVA=copy FAKE_JSON="$work/json" bash "$slurm"

cp jmh-sweep.json json/before.json
cp jmh-sweep.json json/after.json
touch before.jar after.jar
expect_failure "compare-builds.sh: the after build writes []" "the after build, round 1 ($work/after.jar) gave no result" \
  fake FAKE_JAVA=copy FAKE_JSON="$work/json" JAVA="$work/bin/java" bash -c \
  "cp '$work/empty-list.json' '$work/json/after.json' && bash tree/bench/compare-builds.sh '$work/before.jar' '$work/after.jar'"
cp jmh-ok.json json/after.json
expect_failure "compare-builds.sh: a benchmark in one build only" "SweepThroughputBenchmark.sweep[threads=1]: no score in" \
  fake FAKE_JAVA=copy FAKE_JSON="$work/json" bash tree/bench/compare-builds.sh "$work/before.jar" "$work/after.jar"
cp jmh-sweep.json json/after.json
expect_success "compare-builds.sh: both builds scored" \
  fake FAKE_JAVA=copy FAKE_JSON="$work/json" bash tree/bench/compare-builds.sh "$work/before.jar" "$work/after.jar"

expect_failure "run-benchmarks.sh: JMH writes []" "Sweep (JMH SweepThroughputBenchmark|SamplingBenchmark) gave no result" \
  fake FAKE_JAVA=empty-list SKIP_BUILD=1 SKIP_OPTUNA=1 bash tree/bench/run-benchmarks.sh
expect_failure "profile.sh: JMH leaves no recording" "JMH (SweepThroughputBenchmark) left no recording" \
  fake FAKE_JAVA=nothing bash tree/bench/profile.sh SweepThroughputBenchmark

big=(env BENCH_JAR="$work/tree/sweep-benchmarks/target/benchmarks.jar" CLI_JAR="$work/tree/sweep-cli/target/sweep-cli-0-all.jar")
expect_failure "big-folder.sh: the run that makes the folder fails" "the run that makes the folder failed" \
  fake "${big[@]}" DIR="$work/big" TRIALS=10 FAKE_JAVA=fail bash tree/bench/big-folder.sh
mkdir -p big-made
echo '{"event":"created"}' >big-made/journal.jsonl
expect_failure "big-folder.sh: a step fails" "steps failed: sweep status (exit status 3)" \
  fake "${big[@]}" DIR="$work/big-made" STEPS=status FAKE_JAVA=fail bash tree/bench/big-folder.sh
expect_failure "big-folder.sh: no CLI jar" "no CLI jar: $work/none-all.jar" \
  fake BENCH_JAR="$work/tree/sweep-benchmarks/target/benchmarks.jar" CLI_JAR="$work/none-all.jar" bash tree/bench/big-folder.sh

# ---------------------------------------------------------------- the Python reports and helpers
expect_failure "report.py: Optuna's file missing" "report.py: Optuna gave no result: $work/optuna.json does not exist" \
  "$python" "$here/report.py" jmh-sweep.json "$work/optuna.json" "(skipped)"
expect_failure "report.py: JMH's []" "report.py: JMH gave no result: empty-list.json holds []" \
  "$python" "$here/report.py" empty-list.json
expect_success "report.py: a result" "$python" "$here/report.py" jmh-sweep.json "(skipped)" "(skipped)"

"$python" - <<'EOF'
import json
problems = ["branin", "mixed"]
def quality(samplers, drop=None):
    return {"version": "3.1", "results": [
        {"problem": p, "sampler": s, "seed": k, "budget": b, "regret": 0.5}
        for p in problems for s in samplers for k in range(2) for b in (100, 200) if (p, s, b) != drop]}
json.dump(quality(["tpe", "tpe-multivariate"]), open("sweep-q.json", "w"))
json.dump(quality(["tpe", "tpe-multivariate"]), open("optuna-q.json", "w"))
json.dump(quality(["tpe", "tpe-multivariate"], ("mixed", "tpe", 200)), open("optuna-q-gap.json", "w"))
json.dump({"tool": "optuna", "half": "some", "results": [
    {"problem": p, "family": "f", "sampler": "tpe", "seed": k, "regret": {"100": 0.1 * k, "200": 0.1 * k}}
    for p in problems for k in range(3)]}, open("suite-sweep.json", "w"))
json.dump({"tool": "optuna", "half": "some", "results": [
    {"problem": "branin", "family": "f", "sampler": "tpe", "seed": k, "regret": {"100": 0.1 * k, "200": 0.1 * k}}
    for k in range(3)]}, open("suite-optuna.json", "w"))
EOF
sr="$here/samplers_report.py"
expect_failure "samplers_report.py: Optuna's side has no results" \
  "samplers_report.py: Optuna's search quality gave no result: no-results.json has no results" \
  "$python" "$sr" sweep-q.json no-results.json none.json none.json out.md
expect_failure "samplers_report.py: a cell without data" "optuna tpe: no regret for mixed at 200 trials in optuna-q-gap.json" \
  "$python" "$sr" sweep-q.json optuna-q-gap.json none.json none.json out.md
expect_failure "samplers_report.py: one latency file of two" "latency: $work/jmh-sweep.json exists, none.json does not" \
  "$python" "$sr" sweep-q.json optuna-q.json "$work/jmh-sweep.json" none.json out.md
expect_success "samplers_report.py: every cell" "$python" "$sr" sweep-q.json optuna-q.json none.json none.json out.md

mkdir -p raw/sweep-random-8-t1
echo '{}' >raw/sweep-random-8-t1/check.json
expect_failure "shared_store_report.py: a Sweep run without launch.json" \
  "Sweep (sweep-random-8-t1) gave no result: raw/sweep-random-8-t1/launch.json" \
  "$python" "$here/shared_store_report.py" raw out.md
mkdir -p raw-none
expect_failure "shared_store_report.py: no run at all" "no run gave a result" \
  "$python" "$here/shared_store_report.py" raw-none out.md

expect_failure "jfr_hotspots.py: no recording" "jfr_hotspots.py: no recording: $work/none.jfr is missing or empty" \
  "$python" "$here/jfr_hotspots.py" "$work/none.jfr"

if has_module scipy; then
  expect_failure "suite_report.py: a problem one side did not run" \
    "Optuna tpe: no run of mixed in suite-optuna.json (Sweep tpe has)" \
    "$python" "$here/suite_report.py" suite-sweep.json suite-optuna.json
  expect_failure "suite_report.py: no result" "Optuna (suite_optuna.py) gave no result: no-results.json has no results" \
    "$python" "$here/suite_report.py" suite-sweep.json no-results.json
  expect_success "suite_report.py: every cell" "$python" "$here/suite_report.py" suite-sweep.json suite-sweep.json
else
  skip "suite_report.py (no scipy for $python)"
fi

if has_module optuna && has_module scipy; then
  "$python" - <<'EOF'
import json
def runs(samplers):
    return [{"problem": "zdt1", "sampler": s, "seed": k, "values": [[0.5, 0.5 + 0.01 * i] for i in range(200)],
             "feasible": [True] * 200} for s in samplers for k in range(3)]
json.dump({"runs": runs(["nsga2", "motpe"])}, open("mo-sweep.json", "w"))
json.dump({"runs": runs(["nsga2"]), "version": "3.1"}, open("mo-optuna.json", "w"))
json.dump({"latency": {"nsga2": {"trials": 1000, "median_ms": 0.2}, "motpe": {"trials": 1000, "median_ms": 0.5}}},
          open("mo-sweep-latency.json", "w"))
json.dump({"latency": {"nsga2": {"trials": 1000, "median_ms": 2.0}}}, open("mo-optuna-latency.json", "w"))
EOF
  mo=("$python" "$here/multiobjective_report.py" mo-sweep.json mo-optuna.json mo-sweep-latency.json mo-optuna-latency.json --budgets 200)
  expect_failure "multiobjective_report.py: Optuna's TPE not run" "zdt1 at 200 trials, motpe vs tpe: Sweep 3 seeds" "${mo[@]}"
  expect_success "multiobjective_report.py: only the kinds run (--kinds nsga2)" "${mo[@]}" --kinds nsga2
  expect_failure "samplers_optuna.py: none of --samplers is Optuna's" "none of --samplers sobol is one of Optuna's" \
    "$python" "$here/samplers_optuna.py" quality "$work/q.json" --samplers sobol --seeds 1 --trials 5
else
  skip "multiobjective_report.py, samplers_optuna.py (no optuna or scipy for $python)"
fi

if has_module pandas; then
  printf 'id,error\n' >header-only.csv
  expect_failure "population_pandas.py: a CSV without rows" "population_pandas.py: header-only.csv has no rows" \
    "$python" "$here/population_pandas.py" run header-only.csv
else
  skip "population_pandas.py (no pandas for $python)"
fi

echo "bench/test-fail-loudly.sh: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
