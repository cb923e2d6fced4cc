#!/usr/bin/env bash
# Issue 20, point 8: a folder of 1,000,000 trivial in-JVM trials, and what it costs to use it: the
# resume (the same sweep run again: everything is done, it only replays), `sweep status`, `sweep
# show` and `sweep collect`, each a fresh JVM timed by /usr/bin/time -v (wall time, peak RSS).
#
#   bench/big-folder.sh                      # makes $DIR once (about a minute), then measures
#   DIR=/tmp/big-1m TRIALS=1000000 HEAP=3g bench/big-folder.sh
#
# HEAP is the -Xmx of every step: the heap the run needs. The CLI runs with bin/sweep's JVM options
# for these commands (the C2 compiler; no class-data archive; CLI_OPTS for others); BENCH_JAR and CLI_JAR pick other builds (e.g. a copy of an older one).
# Prints one Markdown row per step (CPU: user + system seconds; the machine may be shared).
# STEPS="status show" measures only those (of resume status show collect).
# Exits 1 when a step fails or /usr/bin/time leaves no figure for it (the table is printed first,
# with each step's exit status), and at once when the run that makes the folder fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
dir="${DIR:-/tmp/big-1m}"
trials="${TRIALS:-1000000}"
heap="${HEAP:-3g}"
bench_jar="${BENCH_JAR:-$root/sweep-benchmarks/target/benchmarks.jar}"
cli_jar="${CLI_JAR:-$(ls "$root"/sweep-cli/target/sweep-cli-*-all.jar 2>/dev/null | head -1 || true)}"
[[ -f "$bench_jar" ]] || die "no benchmarks jar: $bench_jar (mvn -Dmaven.test.skip=true -pl sweep-benchmarks -am package)"
[[ -f "$cli_jar" ]] || die "no CLI jar: ${cli_jar:-sweep-cli/target/sweep-cli-*-all.jar} (mvn -Dmaven.test.skip=true -pl sweep-cli -am package)"
cli_opts=(${CLI_OPTS:--XX:+UseSerialGC -XX:PretenureSizeThreshold=1m}) # as bin/sweep runs status, show and collect
work="$(mktemp -d "${TMPDIR:-/tmp}/big-folder.XXXXXX")"
trap 'rm -rf "$work"' EXIT

failed=() # the steps that failed, with their exit status
measure() { # measure LABEL COMMAND...: one Markdown row: step, seconds, peak RSS in MB, exit status
  local label="$1" status=0
  shift
  rm -f "$work/time"
  /usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2> "$work/err" || status=$?
  local wall rss cpu
  [[ -s "$work/time" ]] || die "$label: /usr/bin/time wrote no figures ($work/time); exit status $status: $(tail -3 "$work/err")"
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")"
  cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$work/time")"
  [[ -n "$wall" && -n "$rss" ]] || die "$label: no wall time or peak RSS in /usr/bin/time's figures ($work/time)"
  printf '| %s | %s | %s | %d | %s |\n' "$label" "$wall" "$cpu" "$((rss / 1024))" "$status"
  if ((status != 0)); then
    tail -3 "$work/err" >&2
    failed+=("$label (exit status $status)")
  fi
}

echo "| step | wall (m:ss) | CPU (s) | peak RSS (MB) | exit |"
echo "|---|---:|---:|---:|---:|"
if [[ ! -s "$dir/journal.jsonl" ]]; then
  measure "run ($trials trials, -Xmx$heap)" java -Xmx"$heap" -XX:+UseSerialGC -cp "$bench_jar" dev.sweep.benchmarks.BigFolder "$dir" "$trials"
  ((${#failed[@]} == 0)) || die "the run that makes the folder failed: ${failed[*]}; nothing to measure in $dir"
  require_result "$dir/journal.jsonl" "the run that makes the folder"
fi
steps=" ${STEPS:-resume status show collect} "
if [[ "$steps" == *" resume "* ]]; then
  measure "resume (-Xmx$heap)" java -Xmx"$heap" -XX:+UseSerialGC -cp "$bench_jar" dev.sweep.benchmarks.BigFolder "$dir" "$trials"
fi
if [[ "$steps" == *" status "* ]]; then
  measure "sweep status" java "${cli_opts[@]}" -Xmx"$heap" -jar "$cli_jar" status "$dir"
fi
if [[ "$steps" == *" show "* ]]; then
  measure "sweep show" java "${cli_opts[@]}" -Xmx"$heap" -jar "$cli_jar" show "$dir"
fi
if [[ "$steps" == *" collect "* ]]; then
  measure "sweep collect" java "${cli_opts[@]}" -Xmx"$heap" -jar "$cli_jar" collect -o "$work" "$dir"
fi
((${#failed[@]} == 0)) || die "steps failed: ${failed[*]}"
