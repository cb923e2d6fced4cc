package dev.sweep.cli;

/**
 * A command cannot do what it was asked, for a reason the user can fix; the message says which and
 * how. The command prints it and exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A usage problem: a missing folder, a trial that does not exist, a folder in use. */
  static CliException usage(String message) {
    return new CliException(SweepCommand.USAGE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
