package dev.sweep.slurm;

/**
 * The bash script of one job array. It holds no value of any trial: array task {@code i} reads what
 * it runs from {@code <batch>/tasks/<i>/}{@value TaskFile#NAME}, the {@link TaskFile} the driver
 * wrote into that trial's folder (the batch folder is the script's one argument), runs the steps
 * there, and writes {@value #EXIT_MARKER} when it ends. So no value can break the script (sbatch
 * refuses a whole script for one carriage return before a line break, or one NUL) or be read as
 * shell code, and the script stays the same size whatever the trials hold.
 *
 * <p>Signals: the warning signal before the time limit ({@code --signal=B:USR1@T}) and SIGTERM are
 * passed on to the step's process group (each step runs under {@code setsid}). A step that ends
 * after the warning requeues its job ({@code scontrol requeue}) while requeues are left, so the
 * trial resumes in the same folder; a job requeued more often than allowed (by preemption, say)
 * ends without running.
 */
final class JobScript {
  /**
   * Written by the job into the trial folder when it ends: {@code {"step": "train", "code": 0,
   * ...}}.
   */
  static final String EXIT_MARKER = "slurm-exit.json";

  /** The job's own output (stdout and stderr of the script, not of the steps). */
  static final String JOB_LOG = "slurm.out";

  private JobScript() {}

  /**
   * The script: {@code header} as a comment, then the same text for every batch; submit it with the
   * batch folder as its argument ({@code sbatch ... job.sh <batch folder>}).
   */
  static String write(String header, int maxRequeues) {
    StringBuilder s = new StringBuilder(8192);
    s.append("#!/bin/bash\n");
    // lines() also ends a line at a lone \r, so a header cannot hold one either.
    header.lines().forEach(line -> s.append("# ").append(line).append('\n'));
    s.append("set -u\n");
    s.append("max_requeues=").append(maxRequeues).append('\n');
    s.append(RUNTIME);
    s.append(MAIN);
    return s.toString();
  }

  /** What every task does around its steps; the trial's own values come from its task file. */
  private static final String RUNTIME =
      """

      # SWEEP_* of the submitting shell are not this trial's.
      for v in ${!SWEEP_@}; do unset "$v"; done
      batch=${1:-}
      trial_dir=
      child=
      warned=0
      signalled=0
      step=none
      code=0
      on_warning() { warned=1; signalled=1; [[ -n $child ]] && kill -USR1 -- "-$child" 2>/dev/null; }
      on_term() { signalled=1; [[ -n $child ]] && kill -TERM -- "-$child" 2>/dev/null; }
      trap on_warning USR1
      trap on_term TERM

      # load_task FILE: the task file's fields, each ended by a NUL (see TaskFile), read byte for
      # byte into trial_dir, work_dir, SWEEP_TASK_ENV (NAME=value) and the steps: step_names, and where
      # each step's arguments start in fields (step_from) and how many there are (step_argc).
      load_task() {
        local f i=3 k s n
        fields=()
        while IFS= read -r -d '' f; do fields+=("$f"); done <"$1" || return
        n=${#fields[@]}
        if (( n < 6 )) || [[ ${fields[0]} != "$TASK_FORMAT" || ${fields[n-1]} != end ]]; then
          echo "sweep: $1 is not a whole task file of format $TASK_FORMAT" >&2
          return 1
        fi
        trial_dir=${fields[1]}
        work_dir=${fields[2]}
        count k || return
        SWEEP_TASK_ENV=("${fields[@]:i:k}")
        i=$((i + k))
        count s || return
        step_names=() step_from=() step_argc=()
        for (( ; s > 0; s--)); do
          step_names+=("${fields[i]}")
          i=$((i + 1))
          count k || return
          step_from+=("$i") step_argc+=("$k")
          i=$((i + k))
        done
        if (( i != n - 1 )); then
          echo "sweep: $1 holds $n fields, but its counts add up to $((i + 1))" >&2
          return 1
        fi
      }

      # count VAR (in load_task): the number at field i, checked to be one and to leave that many
      # fields and the end in the file, into VAR; i moves past it. Never evaluated as an expression.
      count() {
        local v=${fields[i]:-}
        if [[ ! $v =~ ^[0-9]{1,9}$ ]] || (( i + 1 + 10#$v >= n )); then
          echo "sweep: field $i of the task file, '$v', is not the count of the fields that follow" >&2
          return 1
        fi
        printf -v "$1" '%d' "$((10#$v))"
        i=$((i + 1))
      }

      # mark STEP CODE [REASON]: the trial's exit marker, written whole or not at all.
      mark() {
        local tmp="$trial_dir/.$EXIT_MARKER.$$"
        printf '{"step": "%s", "code": %d, "job": "%s", "restarts": %d, "time": %d, "reason": "%s"}\\n' \\
          "$1" "$2" "${SLURM_JOB_ID:-}" "${SLURM_RESTART_COUNT:-0}" "$(date +%s)" "${3:-}" > "$tmp" \\
          && mv -f -- "$tmp" "$trial_dir/$EXIT_MARKER"
      }

      # run_step NAME ARG...: runs one step in its own process group, logs in the trial folder. The
      # trial's variables are set in the step's subshell only, after its redirections, each unset
      # first: one named like a variable of this script (an array such as fields, or RANDOM) is
      # passed on as it is, and changes nothing here. (A trial's names never start with SWEEP_.)
      run_step() {
        step=$1
        shift
        (
          exec </dev/null >"$trial_dir/$step.out" 2>"$trial_dir/$step.err"
          export SWEEP_STEP=$step
          if (( ${#SWEEP_TASK_ENV[@]} )) \\
            && ! { unset -v -- "${SWEEP_TASK_ENV[@]%%=*}" && export -- "${SWEEP_TASK_ENV[@]}"; }; then
            echo "sweep: cannot set the trial's variables (is one read-only in bash, such as UID?)" >&2
            exit 2
          fi
          exec setsid -- "$@"
        ) &
        child=$!
        while :; do
          signalled=0
          wait "$child"
          code=$?
          # wait returns early when a trapped signal arrives: wait again, for the step's own code
          (( signalled )) || break
        done
        child=
        return "$code"
      }

      run_steps() {
        local s
        for ((s = 0; s < ${#step_names[@]}; s++)); do
          run_step "${step_names[s]}" "${fields[@]:step_from[s]:step_argc[s]}" || return
        done
      }
      """
          .replace("$EXIT_MARKER", EXIT_MARKER)
          .replace("$TASK_FORMAT", TaskFile.FORMAT);

  private static final String MAIN =
      """

      task=${SLURM_ARRAY_TASK_ID:-}
      if [[ ! $task =~ ^[0-9]+$ ]] || [[ -z $batch || ! -e $batch/tasks/$task ]]; then
        echo "sweep: this script runs the array tasks of the batch folder it is given; '$batch' has no task '$task'" >&2
        exit 2
      fi
      load_task "$batch/tasks/$task/$TASK_FILE" || exit 2
      cd -- "$work_dir" || exit 2
      if (( ${SLURM_RESTART_COUNT:-0} > max_requeues )); then
        mark requeue 1 "requeued ${SLURM_RESTART_COUNT} times; at most $max_requeues allowed"
        exit 1
      fi
      rm -f -- "$trial_dir/$EXIT_MARKER"
      run_steps
      code=$?
      if (( warned )) && (( ${SLURM_RESTART_COUNT:-0} < max_requeues )); then
        echo "sweep: step '$step' ended after the warning signal (code $code); requeueing the trial" >&2
        if scontrol requeue "$SLURM_JOB_ID"; then
          exit 0
        fi
      fi
      mark "$step" "$code" "$( (( warned )) && echo 'ended after the warning signal' )"
      exit "$code"
      """
          .replace("$EXIT_MARKER", EXIT_MARKER)
          .replace("$TASK_FILE", TaskFile.NAME);
}
