package dev.sweep.cli;

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
    return Terminal.detect().interactive() ? Progress.Mode.LIVE : Progress.Mode.PLAIN;
  }
}
