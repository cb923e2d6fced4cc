package dev.sweep.cli;

/** The entry point of the {@code sweep} command: runs it and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(SweepCommand.commandLine(args).execute(args));
  }
}
