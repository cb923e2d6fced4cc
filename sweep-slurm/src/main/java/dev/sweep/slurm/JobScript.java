package dev.sweep.slurm;

import dev.sweep.process.ProcessRunner.Plan;
import dev.sweep.process.ProcessRunner.PlannedStep;
import dev.sweep.process.ShellQuoting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bash script of one job array: array task {@code i} runs the steps of the {@code i}-th trial
 * of the batch in that trial's folder, and writes {@value #EXIT_MARKER} there when it ends. Every
 * value from a config (arguments, variables, paths) is single-quoted, so none is ever expanded,
 * split or run; the task index is checked to be a number before it names a function.
 *
 * <p>Signals: the warning signal before the time limit ({@code --signal=B:USR1@T}) and SIGTERM are
 * passed on to the step's process group (each step runs under {@code setsid}). A step that ends
 * after the warning requeues its job ({@code scontrol requeue}) while requeues are left, so the
 * trial resumes in the same folder; a job requeued more often than allowed (by preemption, say)
 * ends without running.
 */
final class JobScript {
  /** Written by the job into the trial folder when it ends: {@code {"step": "train", "code": 0, ...}}. */
  static final String EXIT_MARKER = "slurm-exit.json";
  /** The job's own output (stdout and stderr of the script, not of the steps). */
  static final String JOB_LOG = "slurm.out";

  /** One array task: the trial it runs, its folder, its bound steps and variables. */
  record Task(long trialId, Path dir, Plan plan) {}

  private JobScript() {}

  static String write(String header, Path workingDirectory, int maxRequeues, List<Task> tasks) {
    StringBuilder s = new StringBuilder(4096 + 512 * tasks.size());
    s.append("#!/bin/bash\n");
    header.lines().forEach(line -> s.append("# ").append(line).append('\n'));
    s.append("set -u\n");
    s.append("max_requeues=").append(maxRequeues).append('\n');
    s.append("cd ").append(ShellQuoting.quote(workingDirectory.toString())).append(" || exit 2\n");
    s.append(RUNTIME);
    for (int i = 0; i < tasks.size(); i++) {
      Task task = tasks.get(i);
      s.append("\ntask_").append(i).append("() { # trial ").append(task.trialId()).append('\n');
      s.append("  trial_dir=").append(ShellQuoting.quote(task.dir().toString())).append('\n');
      for (Map.Entry<String, String> e : task.plan().environment().entrySet()) {
        s.append("  export ").append(e.getKey()).append('=').append(ShellQuoting.quote(e.getValue())).append('\n');
      }
      s.append("}\nsteps_").append(i).append("() {\n");
      for (PlannedStep step : task.plan().steps()) {
        s.append("  run_step ").append(step.name()).append(' ').append(ShellQuoting.join(step.argv())).append(" || return\n");
      }
      s.append("}\n");
    }
    s.append(MAIN);
    return s.toString();
  }

  /** What every task does around its steps; the trial's own values come in the task functions. */
  private static final String RUNTIME = """

      # SWEEP_* of the submitting shell are not this trial's.
      for v in ${!SWEEP_@}; do unset "$v"; done
      child=
      warned=0
      signalled=0
      step=none
      code=0
      on_warning() { warned=1; signalled=1; [[ -n $child ]] && kill -USR1 -- "-$child" 2>/dev/null; }
      on_term() { signalled=1; [[ -n $child ]] && kill -TERM -- "-$child" 2>/dev/null; }
      trap on_warning USR1
      trap on_term TERM

      # mark STEP CODE [REASON]: the trial's exit marker, written whole or not at all.
      mark() {
        local tmp="$trial_dir/.$EXIT_MARKER.$$"
        printf '{"step": "%s", "code": %d, "job": "%s", "restarts": %d, "time": %d, "reason": "%s"}\\n' \\
          "$1" "$2" "${SLURM_JOB_ID:-}" "${SLURM_RESTART_COUNT:-0}" "$(date +%s)" "${3:-}" > "$tmp" \\
          && mv -f -- "$tmp" "$trial_dir/$EXIT_MARKER"
      }

      # run_step NAME ARG...: runs one step in its own process group, logs in the trial folder.
      run_step() {
        step=$1
        shift
        export SWEEP_STEP=$step
        setsid -- "$@" </dev/null >"$trial_dir/$step.out" 2>"$trial_dir/$step.err" &
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
      """.replace("$EXIT_MARKER", EXIT_MARKER);

  private static final String MAIN = """

      task=${SLURM_ARRAY_TASK_ID:-}
      if [[ ! $task =~ ^[0-9]+$ ]] || ! declare -F "task_$task" >/dev/null; then
        echo "sweep: this script runs the array tasks of its batch; SLURM_ARRAY_TASK_ID='$task' is none of them" >&2
        exit 2
      fi
      "task_$task"
      if (( ${SLURM_RESTART_COUNT:-0} > max_requeues )); then
        mark requeue 1 "requeued ${SLURM_RESTART_COUNT} times; at most $max_requeues allowed"
        exit 1
      fi
      rm -f -- "$trial_dir/$EXIT_MARKER"
      "steps_$task"
      code=$?
      if (( warned )) && (( ${SLURM_RESTART_COUNT:-0} < max_requeues )); then
        echo "sweep: step '$step' ended after the warning signal (code $code); requeueing the trial" >&2
        if scontrol requeue "$SLURM_JOB_ID"; then
          exit 0
        fi
      fi
      mark "$step" "$code" "$( (( warned )) && echo 'ended after the warning signal' )"
      exit "$code"
      """.replace("$EXIT_MARKER", EXIT_MARKER);
}
