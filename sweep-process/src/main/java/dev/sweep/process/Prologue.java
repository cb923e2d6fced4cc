package dev.sweep.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell lines run before each step's command, in the same shell ({@link
 * ProcessRunner.Builder#prologue}): a step's arguments become {@code bash -c SCRIPT sweep-prologue
 * ARG...}, and the script runs the prologue, then {@code exec}s the arguments as they are. The
 * arguments never enter the script's text, so no value of a trial is read as shell code; the text
 * is the user's, the same for every trial.
 *
 * <p>The arguments are put aside in an array and the positional parameters cleared before the
 * prologue runs: a script it sources ({@code source activate env}) would otherwise read the trial's
 * arguments as its own. A command of the prologue that fails where {@code set -e} would stop the
 * shell stops it too (an {@code ERR} trap), with a line in the step's stderr that names the
 * command, its line in the prologue and its exit code, which is the step's.
 */
final class Prologue {
  /** {@code $0} of the prologue's shell: what its own error messages start with. */
  static final String NAME = "sweep-prologue";

  /** The shell, found on the PATH where the step runs. */
  static final String SHELL = "bash";

  private static final String HEAD =
      """
      __sweep_argv=("$@")
      set --
      trap '__sweep_code=$?; echo "sweep: the prologue failed with exit code $__sweep_code at its \
      line $((LINENO - %d)): $BASH_COMMAND" >&2; exit "$__sweep_code"' ERR
      """;

  private static final String TAIL =
      """
      trap - ERR
      exec "${__sweep_argv[@]}"
      """;

  private final String script;

  /** The prologue of {@code lines}, joined by line breaks; each may hold several lines. */
  Prologue(List<String> lines) {
    int headLines = (int) HEAD.lines().count();
    this.script = HEAD.formatted(headLines) + String.join("\n", lines) + "\n" + TAIL;
  }

  /** {@code argv} run after the prologue: the shell, the script, {@value #NAME}, then argv. */
  List<String> wrap(List<String> argv) {
    List<String> wrapped = new ArrayList<>(argv.size() + 4);
    wrapped.add(SHELL);
    wrapped.add("-c");
    wrapped.add(script);
    wrapped.add(NAME);
    wrapped.addAll(argv);
    return wrapped;
  }

  /** The whole script, as {@code bash -c} gets it. */
  String script() {
    return script;
  }
}
