package dev.sweep.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What a {@link ProcessRunner} was built with, as one immutable value with its defaults applied: a
 * trial's run ({@link TrialRun}) and a reader of a trial's output ({@link TrialOutput}) are given
 * this, not the runner, so that what they depend on is in one place. Made by {@link
 * ProcessRunner.Builder#build()}, after its checks.
 *
 * @param steps the steps, in order; at least one
 * @param slots the slot pool; null: no slots (the pool is the runner's: every trial shares it)
 * @param slotVariable the variable a slot is given in
 * @param timeout the longest a trial may run; null: no limit
 * @param grace how long a process tree has after SIGTERM
 * @param env the extra environment variables, in the order set
 * @param workingDirectory the steps' folder; null: the JVM's
 * @param jobFolders whether each trial's steps run in a job folder of its own ({@link JobFolder})
 * @param parsers the regex parsers of the logs, in the order set
 * @param metricsRequired whether a trial whose steps all exit with 0 must have reported a metric
 * @param valueFormat how placeholders print values
 * @param usesConfigJson whether a step or variable uses {@code {_config_json}}: only then is each
 *     trial's config written out as one more JSON text
 * @param programs where the programs the steps name are on the PATH, found once for every trial
 * @param wandbShim whether each trial gets Sweep's offline {@code wandb} Python module first on its
 *     {@code PYTHONPATH}, and the {@code WANDB_} variables
 * @param code the copy of the code the steps run in ({@link Snapshot}); null: the live tree
 */
record ProcessSettings(
    List<Step> steps,
    Slots slots,
    String slotVariable,
    Duration timeout,
    Duration grace,
    List<EnvVar> env,
    Path workingDirectory,
    boolean jobFolders,
    List<LogParser> parsers,
    boolean metricsRequired,
    ValueFormat valueFormat,
    boolean usesConfigJson,
    ProgramPaths programs,
    boolean wandbShim,
    CodeCopy code) {

  /** One step: a name (its log files' name) and a command. */
  record Step(String name, CommandTemplate command) {}

  /** An extra environment variable; its value may hold placeholders. */
  record EnvVar(String name, String value, List<Piece> pieces) {}

  ProcessSettings {
    steps = List.copyOf(steps);
    env = List.copyOf(env);
    parsers = List.copyOf(parsers);
  }

  /**
   * Whether a step's command or an environment variable uses the reserved placeholder {@code name}.
   */
  static boolean uses(Collection<Step> steps, Collection<EnvVar> env, String name) {
    return steps.stream().anyMatch(s -> s.command().uses(name))
        || env.stream().anyMatch(v -> uses(v, name));
  }

  static boolean uses(EnvVar var, String name) {
    return var.pieces().stream().anyMatch(p -> p instanceof Piece.Value v && v.name().equals(name));
  }

  /**
   * The folder the steps of the trial whose folder is {@code trialDir} run in: the working
   * directory, or its copy in the sweep's {@link Snapshot}; with job folders, the trial's own
   * folder of links to it. Null: the JVM's working directory.
   */
  Path stepsDirectory(Path trialDir) throws IOException {
    Path base = code == null ? workingDirectory : code.workingDirectory(trialDir);
    return jobFolders ? JobFolder.prepare(trialDir, base) : base;
  }

  /** The index of the step named {@code name}; -1 if there is none. */
  int stepIndex(String name) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The steps and the options set, for {@link ProcessRunner#toString()}: each step, the slots, the
   * timeout, the grace period.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Step step : steps) {
      text.append(step.name()).append(": ").append(step.command()).append("; ");
    }
    if (slots != null) {
      text.append("slots ").append(slots).append(" in ").append(slotVariable).append("; ");
    }
    if (wandbShim) {
      text.append("wandb shim; ");
    }
    if (timeout != null) {
      text.append("timeout ").append(ProcessRunner.human(timeout)).append("; ");
    }
    return text.append("grace ").append(ProcessRunner.human(grace)).toString();
  }
}
