package dev.sweep.process;

import java.util.List;
import java.util.regex.Pattern;

/**
 * POSIX shell quoting, for the command files ({@code <step>.cmd}) and messages that show what ran
 * (the SLURM backend keeps values out of its scripts altogether): a word of only safe characters
 * stays as it is, anything else is single-quoted with each {@code '} written as {@code '\''}. A
 * quoted word is never expanded by {@code sh}: no {@code $(…)}, backticks, globbing or word
 * splitting.
 */
final class ShellQuoting {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellQuoting() {}

  /** {@code word} as one shell word that {@code sh} reads back unchanged. */
  static String quote(String word) {
    if (SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * The words quoted and joined by spaces: a command line that {@code sh} splits back into them.
   */
  static String join(List<String> words) {
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(word));
    }
    return line.toString();
  }
}
