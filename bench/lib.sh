# bench/lib.sh: the checks every script in bench/ makes before it reports, sourced by them
# (`source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`). A benchmark that did not complete, or a side
# that gave no result, ends the script with exit status 1 and a message that names the side and
# its file: never an empty table and exit 0.
#
#   die MESSAGE...                  prints ">> ERROR: MESSAGE" on stderr, exits 1
#   require_result FILE SIDE        FILE exists and holds a result: not empty; a .json file parses
#                                   and is not an empty list or object (JMH writes [] when every
#                                   benchmark failed); exits 1 naming SIDE and FILE otherwise
#   run_side SIDE FILE COMMAND...   runs the side's COMMAND, which writes FILE; exits 1 naming SIDE
#                                   and FILE when it fails, then require_result FILE SIDE
#   jmh_result FILE SIDE [BENCH...] require_result, and each BENCH (a benchmark's simple name, such
#                                   as TpeBenchmark) has a finite score in JMH's JSON FILE
#
# The JSON checks run $PYTHON (default /usr/bin/python3); without it only existence and size are
# checked.

die() {
  echo ">> ERROR: $*" >&2
  exit 1
}

require_result() {
  local file="$1" side="$2" python="${PYTHON:-/usr/bin/python3}" why
  [[ -e "$file" ]] || die "$side gave no result: $file does not exist"
  [[ -s "$file" ]] || die "$side gave no result: $file is empty"
  if [[ "$file" == *.json ]] && command -v "$python" >/dev/null; then
    why="$("$python" - "$file" <<'PY' 2>&1
import json, sys
try:
    with open(sys.argv[1]) as f:
        doc = json.load(f)
except ValueError as e:
    sys.exit("not JSON (%s)" % e)
if doc is None or (isinstance(doc, (list, dict)) and not doc):
    sys.exit("no result in it (%s)" % json.dumps(doc))
PY
)" || die "$side gave no result: $file: $why"
  fi
  return 0
}

run_side() {
  local side="$1" file="$2" status=0
  shift 2
  "$@" || status=$?
  ((status == 0)) || die "$side failed (exit status $status): no result in $file"
  require_result "$file" "$side"
}

jmh_result() {
  local file="$1" side="$2" python="${PYTHON:-/usr/bin/python3}" why
  shift 2
  require_result "$file" "$side"
  command -v "$python" >/dev/null || return 0
  why="$("$python" - "$file" "$@" <<'PY' 2>&1
import json, math, sys
rows = json.load(open(sys.argv[1]))
if not isinstance(rows, list):
    sys.exit("not JMH's JSON (a list of benchmarks)")
scored = set()
for r in rows:
    score = (r.get("primaryMetric") or {}).get("score")
    name = str(r.get("benchmark", "?")).split(".")
    if not isinstance(score, (int, float)) or not math.isfinite(score):
        sys.exit("%s has no score (%r)" % (r.get("benchmark"), score))
    scored.add(name[-2] if len(name) >= 2 else name[-1])
missing = [b for b in sys.argv[2:] if b not in scored]
if missing:
    sys.exit("no score for %s (it has %s)" % (", ".join(missing), ", ".join(sorted(scored)) or "none"))
PY
)" || die "$side gave no result: $file: $why"
}
