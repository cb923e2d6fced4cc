package dev.sweep.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * What {@code bin/sweep} runs once per build to list the classes for its class-data archive: the
 * top-level help (every subcommand's name and description), then the command it is given (a short
 * sweep), in one JVM, so that the archive holds the classes of both. Exits with the command's code.
 */
public final class ClassListRun {
  private ClassListRun() {}

  public static void main(String[] args) {
    SweepCommand.commandLine("--help")
        .setOut(new PrintWriter(Writer.nullWriter()))
        .execute("--help");
    Main.main(args);
  }
}
