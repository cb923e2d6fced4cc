package dev.sweep.cli;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Help.Ansi;

/**
 * What this process's terminal allows: whether stdout is one, how wide it is, and whether to
 * colour. Immutable; {@link #columns()} asks the terminal again on each call, as it may be resized.
 */
final class Terminal {
  /** The width assumed when the terminal does not say. */
  static final int DEFAULT_COLUMNS = 80;

  private final boolean interactive;
  private final boolean colour;

  private Terminal(boolean interactive, boolean colour) {
    this.interactive = interactive;
    this.colour = colour;
  }

  /** This process's stdout, as the JVM and picocli see it. */
  static Terminal detect() {
    boolean interactive = onTerminal(System.console());
    return new Terminal(interactive, interactive && colour(System.getenv(), Ansi.AUTO.enabled()));
  }

  /** Whether stdout is a terminal, where a line can be redrawn in place. */
  boolean interactive() {
    return interactive;
  }

  /** Whether to colour what is drawn. */
  boolean colour() {
    return colour;
  }

  /**
   * The terminal's width: {@code $COLUMNS} where the shell exports it, else {@code stty size} on
   * {@code /dev/tty}, else {@value #DEFAULT_COLUMNS}.
   */
  int columns() {
    return columns(System.getenv().get("COLUMNS")).orElseGet(Terminal::sttyColumns);
  }

  /** {@code $COLUMNS} when it is a positive number. */
  static OptionalInt columns(String variable) {
    if (variable != null && variable.strip().matches("[0-9]{1,5}")) {
      int n = Integer.parseInt(variable.strip());
      return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
    }
    return OptionalInt.empty();
  }

  private static int sttyColumns() {
    File tty = new File("/dev/tty");
    if (!tty.canRead()) {
      return DEFAULT_COLUMNS;
    }
    try {
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(tty) // stty reads the size of its stdin, which must be the terminal
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!stty.waitFor(1, TimeUnit.SECONDS)) {
        stty.destroyForcibly();
        return DEFAULT_COLUMNS;
      }
      String[] rowsColumns =
          new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
              .strip()
              .split(" ", -1);
      return rowsColumns.length == 2
          ? columns(rowsColumns[1]).orElse(DEFAULT_COLUMNS)
          : DEFAULT_COLUMNS;
    } catch (IOException e) {
      return DEFAULT_COLUMNS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT_COLUMNS;
    }
  }

  /**
   * Whether to colour: never when {@code NO_COLOR} is set and not empty (no-color.org), else as
   * picocli's {@code Ansi.AUTO} decides ({@code -Dpicocli.ansi=true|false} overrides it). picocli
   * reads {@code NO_COLOR} too; it is checked here as well so that the rule does not hang on
   * picocli's version.
   */
  static boolean colour(Map<String, String> env, boolean ansiAuto) {
    String noColor = env.get("NO_COLOR");
    return (noColor == null || noColor.isEmpty()) && ansiAuto;
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
