package dev.sweep.cli;

import java.io.Console;
import picocli.CommandLine.Option;

/** {@code --quiet}: the option of the commands that run trials. */
final class ProgressOptions {
  @Option(
      names = {"-q", "--quiet"},
      description = "Print no progress and no summary; only errors, and the exit code.")
  boolean quiet;

  /** Live on a terminal, plain lines otherwise, nothing when quiet. */
  Progress.Mode mode() {
    if (quiet) {
      return Progress.Mode.QUIET;
    }
    return onTerminal(System.console()) ? Progress.Mode.LIVE : Progress.Mode.PLAIN;
  }

  /**
   * Whether the console is a terminal. Up to JDK 21 a JVM whose input or output is redirected has
   * no console at all; from JDK 22 it has one all the same, and {@code Console.isTerminal()} (read
   * by reflection: this code compiles for 17) tells whether it is a terminal.
   */
  static boolean onTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22: a console is a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
