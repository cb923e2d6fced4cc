package dev.sweep.process;

/** A part of a parsed {@link CommandTemplate}. */
sealed interface Piece {

  /** Text used as it is. */
  record Text(String text) implements Piece {}

  /**
   * A {@code {name}} placeholder: a dotted config path or a reserved name such as {@code _output}.
   *
   * @param inDoubleQuotes whether it stands inside double quotes of a shell script
   */
  record Value(String name, boolean inDoubleQuotes) implements Piece {
    boolean reserved() {
      return name.startsWith("_");
    }
  }

  /**
   * A {@code [path]} word: {@code --flag value}, a bare {@code --flag} for {@code true}, or
   * nothing.
   *
   * @param flag the option's name without dashes: the last segment of the path
   */
  record Flag(String path, String flag) implements Piece {}
}
