#!/usr/bin/env bash
# Issue 3, point 9(a): 1,000 trivial trials (`true`) on 2 slots through `bin/sweep run`, against
# `xargs -P 2` doing the same work per trial, side by side with hyperfine. Target: sweep <= 1.1x
# xargs' wall time.
#
#   bench/process-pool-vs-xargs.sh                  # on a fresh ext4 in a loop-mounted image (as root)
#   FS=host bench/process-pool-vs-xargs.sh          # on the machine's disk, under $TMPDIR or /tmp; *-host.*
#   BENCH_DIR=/dev/shm/sweep-bench bench/process-pool-vs-xargs.sh   # on tmpfs: no disk; results in *-tmpfs.*
#   TRIALS=1000 RUNS=5 WARMUP=1 bench/process-pool-vs-xargs.sh
#
# What each side does, per trial (both: 2 at a time, the trivial program is `true` found on PATH,
# stdin /dev/null, nothing else running):
#
#   xargs   `seq 0 999 | xargs -P 2 -I{} sh -c 'mkdir -p "$1" && exec true >"$1/run.out" 2>"$1/run.err"' sh DIR/{}`
#           as a user would write it: one `sh` per trial, which runs `mkdir -p` (a program in
#           dash) and then execs `true` with stdout and stderr in two files of the new folder.
#           2 forks, 3 execs, 1 folder, 2 files per trial. Nothing is recorded anywhere else.
#   sweep   `bin/sweep run FILE.yaml` on a generated grid over one parameter i = 0..999,
#           `command: "true"`, `slots: ["0", "1"]`: JVM start-up, reading the YAML, the sweep
#           folder (lock, sweep.json, sweep.yaml, journal.jsonl) and, per trial, the folder
#           trials/000007-i=7/ with config.json (temp file + rename), run.cmd, run.out, run.err,
#           result.json (temp file + rename), no link in tree/ (i has more than 100 values),
#           three journal events
#           (created, started, finished; forced to disk at most every 200 ms),
#           CUDA_VISIBLE_DEVICES/SWEEP_* in the environment, one process start (bin/sweep on
#           Java < 25: vfork, then exec of `true`, found on the PATH once for all trials), the exit
#           code and the metrics file (which `true` never creates) read back, and the end summary.
#
# `true` reports no metric, so every sweep trial is recorded FAILED ("no metric was reported")
# and `sweep run` exits with 1: hyperfine runs with --ignore-failure, and the script checks
# afterwards that each side made every folder and log file, and that the journal has every trial.
#
# Rows: xargs; sweep as shipped (plus $SWEEP_JAVA_OPTS if set); sweep with the environment
# variable $VARIANT (default SWEEP_CDS=0: without the class-data archive bin/sweep makes, to show
# what it gives; e.g. VARIANT='SWEEP_JAVA_OPTS=-XX:CompileThresholdScaling=1' to try a JVM flag);
# and a sweep of one trial, the fixed cost (JVM start-up, YAML, folder, exit).
# Each run starts on a fresh folder (see fresh() below; FRESH=rm to rm -rf instead).
# Writes bench/results/process-pool-vs-xargs.{md,json} and .txt (the machine, and what the
# sweeps' own journals say: time from the first event to the last, and the mean time per trial
# inside the runner); a run on tmpfs writes process-pool-vs-xargs-tmpfs.* instead.
# Exits 1, naming the side and its folder or file, when a side did not make every trial's folder
# and logs (or journal events), or hyperfine left no time for one of the four commands.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib.sh
trials="${TRIALS:-1000}"
runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
variant="${VARIANT:-SWEEP_CDS=0}"
results="bench/results"
mkdir -p "$results"
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }

# Where the folders go. By default (as root, with mkfs.ext4) a fresh ext4 file system made for the
# run in a loop-mounted image: both sides then meet the same clean, ordinary ext4 (with a journal),
# and not whatever the machine's own disk holds. On this project's VMs the root file system is an
# ext4 without a journal, whose inode allocator skips every inode freed in the last minute: after
# a test suite has removed its files, perf put 20-35 % of all CPU time there, and the ratio went
# from 1.09 to 1.66. FS=host measures there all the same; BENCH_DIR=DIR measures in DIR.
image=""
suffix=""
if [[ -n "${BENCH_DIR:-}" ]]; then
  work="$BENCH_DIR"
  mkdir -p "$work"
elif [[ "${FS:-image}" == image && $EUID -eq 0 ]] && command -v mkfs.ext4 >/dev/null; then
  image="$(mktemp "${TMPDIR:-/tmp}/sweep-vs-xargs.XXXXXX.img")"
  work="$(mktemp -d "${TMPDIR:-/tmp}/sweep-vs-xargs.XXXXXX")"
  unmount() { umount "$work" 2>/dev/null || true; rm -f "$image"; rmdir "$work" 2>/dev/null || true; }
  trap unmount EXIT
  truncate -s 4G "$image"
  mkfs.ext4 -q -F -N 600000 "$image"   # room for 22 runs x 9,000 inodes, and more
  mount -o loop "$image" "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/sweep-vs-xargs.XXXXXX")"
  suffix="-host"
fi
work="$(cd "$work" && pwd)"
fs="$(df -T "$work" | awk 'NR == 2 { print $2 }')"
# Runs elsewhere than a fresh image keep their own results: bench/results/process-pool-vs-xargs-tmpfs.*
[[ "$fs" == tmpfs ]] && suffix="-tmpfs"
name="${RESULTS_NAME:-process-pool-vs-xargs$suffix}"
echo ">> working in $work ($fs${image:+, a fresh image}); results in $results/$name.{md,json,txt}" >&2

# The jar is built here, not inside the measurement.
bin/sweep --version >/dev/null

# --- the sweep files: $trials trials (twice: as shipped, and the variant), and one trial for the fixed cost
sweep_file() { # name trials
  cat <<EOF
# generated by bench/process-pool-vs-xargs.sh
name: $1
sampler: grid
directory: $work/$1
parameters:
  i: {int: [0, $(($2 - 1))]}
command: "true"
slots: ["0", "1"]
EOF
}
sweep_file sweep "$trials" > "$work/sweep.yaml"
sweep_file variant "$trials" > "$work/variant.yaml"
sweep_file one 1 > "$work/one.yaml"

# --- the xargs side, as a script so that hyperfine needs no shell of its own
cat > "$work/xargs.sh" <<EOF
#!/bin/sh
# generated by bench/process-pool-vs-xargs.sh: $trials trials, 2 at a time, each in its own folder with its logs
seq 0 $((trials - 1)) | xargs -P 2 -I{} sh -c 'mkdir -p "\$1" && exec true >"\$1/run.out" 2>"\$1/run.err"' sh "$work/xargs/{}"
EOF
chmod +x "$work/xargs.sh"

# ext4 skips every inode freed in the last 60 s when it allocates one (see fresh() below; 360 s
# while the inode table is not yet written back), so files removed just before, by an earlier run
# of this script or a test suite, slow whoever creates files next: write back, then wait that out
# (SETTLE=0 to skip).
sync
if [[ -z "$image" ]]; then # a fresh file system has freed nothing
  sleep "${SETTLE:-61}"
fi

# Two cores: anything else running skews every figure. Say so rather than report a bad number.
cpu_idle_percent() {
  local a b total=0 i
  read -r -a a < /proc/stat; sleep 2; read -r -a b < /proc/stat
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $(( 100 * (b[4] - a[4]) / (total > 0 ? total : 1) ))
}
idle="$(cpu_idle_percent)"
if (( idle < 90 )); then
  echo ">> WARNING: the CPUs are only ${idle}% idle before the run; figures will be noisy" >&2
fi

sweep_label="sweep run (${trials} trials)"
[[ -n "${SWEEP_JAVA_OPTS:-}" ]] && sweep_label="sweep run, SWEEP_JAVA_OPTS='${SWEEP_JAVA_OPTS}' (${trials} trials)"
# Each run gets a fresh folder: the last run's is moved aside (or removed, with FRESH=rm), then
# sync, so that no run pays for the write-back of another's files. Moved aside rather than
# removed because on ext4 without a journal (as on the machine these figures come from) the
# inode allocator skips every inode freed in the last 60 s (recently_deleted() in
# fs/ext4/ialloc.c), one lookup each: after rm -rf of 1,000 trial folders every file created
# costs that scan, and the sweep, creating 6 inodes per trial to xargs' 3, pays it twice over.
mkdir -p "$work/.old"
fresh() { # what --prepare runs before each run of side $1 (hyperfine runs it without a shell)
  if [[ "${FRESH:-aside}" == rm ]]; then
    echo "sh -c 'rm -rf $work/$1 && sync'"
  else
    echo "sh -c '[ ! -e $work/$1 ] || mv $work/$1 $work/.old/$1.\$(date +%s%N); sync'"
  fi
}
# --shell=none: no shell between hyperfine and each command (nor its --prepare, hence sh -c there).
hyperfine --shell=none --ignore-failure --warmup "$warmup" --runs "$runs" \
  --export-markdown "$results/$name.md" --export-json "$results/$name.json" \
  --prepare "$(fresh xargs)" -n "xargs -P 2 (${trials} trials)" "$work/xargs.sh" \
  --prepare "$(fresh sweep)" -n "$sweep_label" "bin/sweep run -q $work/sweep.yaml" \
  --prepare "$(fresh variant)" -n "sweep run, ${variant} (${trials} trials)" \
      "env '${variant}' bin/sweep run -q $work/variant.yaml" \
  --prepare "$(fresh one)" -n "sweep run (1 trial: the fixed cost)" "bin/sweep run -q $work/one.yaml"

# --- check that both sides did the work, and read the sweeps' own timings from their journals
check_folders() { # dir expected side
  local n
  [[ -d "$1" ]] || die "$3 gave no result: $1 does not exist"
  n="$(find "$1" -name run.err | wc -l)"
  [[ "$n" == "$2" ]] || die "$3 gave no result for every trial: $1 has $n trial folders with logs, not $2"
}
journal_summary() { # sweep folder
  awk -F'"time":' '/"event"/ { split($2, t, /[,}]/); if (min == "" || t[1] < min) min = t[1]; if (t[1] > max) max = t[1] }
       /"event":"finished"/ { n++; split($0, d, /"duration_s":/); split(d[2], v, /[,}]/); sum += v[1] }
       END { printf "%d trials finished; first event to last %.2f s; inside the runner %.2f ms per trial on average\n", n, (max - min) / 1000, n ? 1000 * sum / n : 0 }' \
    "$1/journal.jsonl"
}
check_folders "$work/xargs" "$trials" "xargs"
check_folders "$work/sweep/trials" "$trials" "sweep run"
check_folders "$work/variant/trials" "$trials" "sweep run, $variant"
check_folders "$work/one/trials" 1 "sweep run (1 trial)"
for side in sweep variant one; do
  expected="$trials"; [[ "$side" == one ]] && expected=1
  require_result "$work/$side/journal.jsonl" "sweep run ($side)"
  n="$(grep -c '"event":"finished"' "$work/$side/journal.jsonl" || true)"
  [[ "$n" == "$expected" ]] || die "sweep run ($side) did not finish every trial: $work/$side/journal.jsonl has $n finished trials, not $expected"
done
require_result "$results/$name.json" "hyperfine"
require_result "$results/$name.md" "hyperfine"
means=($(grep -o '"mean": *[0-9.eE+-]*' "$results/$name.json" | sed 's/.*: *//'))
((${#means[@]} == 4)) || die "hyperfine gave ${#means[@]} mean times, not 4 (xargs, sweep, variant, one trial): $results/$name.json"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "# bench/process-pool-vs-xargs.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) CPUs, $(uname -sr), $(java -version 2>&1 | head -1), hyperfine $(hyperfine --version | cut -d' ' -f2)"
  echo "folders: $work ($fs${image:+, a fresh file system in a loop-mounted image}); CPUs ${idle}% idle before the run"
  echo "sweep run, as shipped:  $(journal_summary "$work/sweep")"
  echo "sweep run, $variant:  $(journal_summary "$work/variant")"
  echo "wall time / xargs' (target <= 1.1): sweep run $(ratio "${means[1]}" "${means[0]}"), with $variant $(ratio "${means[2]}" "${means[0]}")"
} | tee "$results/$name.txt"
cat "$results/$name.md"

if [[ -n "$image" ]]; then
  unmount # the image goes whole: no file of the run is removed one by one
elif [[ -z "${BENCH_DIR:-}" ]]; then
  rm -rf "$work"
else
  rm -rf "$work/.old"
fi
