package dev.sweep.slurm;

import dev.sweep.internal.AtomicFiles;
import dev.sweep.process.ProcessRunner.Plan;
import dev.sweep.process.ProcessRunner.PlannedStep;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one array task runs, written by the driver into the trial folder as {@value #NAME} and read
 * by the {@link JobScript}: the trial folder, the working directory, the steps' variables and each
 * step's arguments, as UTF-8 fields that each end with a NUL byte.
 *
 * <pre>
 * sweep-slurm-task-1 ␀ TRIAL_DIR ␀ WORKING_DIR ␀
 * N ␀ NAME=value ␀ … (N of them)
 * S ␀ STEP ␀ ARGC ␀ ARG ␀ … (ARGC of them) … (S steps)
 * end ␀
 * </pre>
 *
 * <p>A NUL is the one byte that no argument or variable can hold, so it is the one separator that
 * needs no escaping: bash reads each field back byte for byte ({@code read -r -d ''}), carriage
 * returns, line breaks, control characters, quotes and all. Values thus never enter the script's
 * text, where one {@code \r\n} or NUL makes sbatch refuse the script of the whole batch. A value
 * that holds a NUL cannot reach a program by any means: the trial fails before it is submitted,
 * alone, with a message that names the value.
 */
final class TaskFile {
  /** The file in the trial folder. */
  static final String NAME = "slurm-task";

  /** The first field: the format, which the script checks. */
  static final String FORMAT = "sweep-slurm-task-1";

  private static final int SHOWN = 60;

  private TaskFile() {}

  /**
   * Writes the task file of a trial into {@code trialDir}, whole or not at all.
   *
   * @throws IllegalArgumentException if an argument or a variable holds a NUL, naming it
   */
  static void write(long trialId, Path trialDir, Path workingDirectory, Plan plan)
      throws IOException {
    AtomicFiles.write(trialDir.resolve(NAME), encode(trialId, trialDir, workingDirectory, plan));
  }

  static byte[] encode(long trialId, Path trialDir, Path workingDirectory, Plan plan) {
    Fields f = new Fields(trialId);
    f.add(FORMAT, "the format");
    f.add(trialDir.toString(), "the trial folder");
    f.add(workingDirectory.toString(), "the working directory");
    f.add(Integer.toString(plan.environment().size()), "a count");
    for (Map.Entry<String, String> e : plan.environment().entrySet()) {
      f.add(e.getKey() + "=", e.getValue(), "the value of variable " + e.getKey());
    }
    f.add(Integer.toString(plan.steps().size()), "a count");
    for (PlannedStep step : plan.steps()) {
      f.add(step.name(), "a step name");
      f.add(Integer.toString(step.argv().size()), "a count");
      for (int i = 0; i < step.argv().size(); i++) {
        f.add(
            step.argv().get(i),
            (i == 0 ? "the program" : "argument " + i) + " of step '" + step.name() + "'");
      }
    }
    f.add("end", "the end");
    return f.out.toByteArray();
  }

  /** The fields so far, each checked for a NUL before it is added. */
  private static final class Fields {
    final long trialId;
    final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    Fields(long trialId) {
      this.trialId = trialId;
    }

    void add(String field, String what) {
      add("", field, what);
    }

    /**
     * Adds {@code prefix + value}; the prefix is the runner's (a variable's name), the value is
     * checked.
     */
    void add(String prefix, String value, String what) {
      int nul = value.indexOf('\0');
      if (nul >= 0) {
        throw new IllegalArgumentException(
            "trial "
                + trialId
                + ": "
                + what
                + ", "
                + shown(value)
                + ", holds a NUL character (\\0, at index "
                + nul
                + "), which no program argument or variable can carry;"
                + " wanted a value without NUL");
      }
      out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
  }

  /** A value for a message: quoted, control characters and backslashes escaped, long ones cut. */
  static String shown(String value) {
    StringBuilder s = new StringBuilder("'");
    int end = Math.min(value.length(), SHOWN);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\0' -> s.append("\\0");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        case '\\' -> s.append("\\\\");
        default ->
            s.append(
                Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
      }
    }
    s.append('\'');
    return value.length() > end
        ? s + " (" + value.length() + " characters, the first " + end + " shown)"
        : s.toString();
  }
}
