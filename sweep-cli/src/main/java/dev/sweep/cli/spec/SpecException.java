package dev.sweep.cli.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sweep file is wrong. The message is one line (or a few) in the compiler's form, {@code
 * FILE:LINE:COLUMN: FIELD: problem}, naming the offending value and what is allowed, with a hint
 * where one helps:
 *
 * <pre>
 * digits.yaml:7:13: optim.lr: unknown distribution 'loguniform'; did you mean 'log_uniform'? …
 * </pre>
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;

  /** Characters of a value an error quotes; a longer one is quoted by its start. */
  static final int QUOTED = 60;

  /** Characters of a problem, whatever it quotes. */
  static final int MAX_PROBLEM = 2_000;

  private static final Pattern LONG_WORD = Pattern.compile("\\S{" + (2 * QUOTED + 1) + ",}");

  SpecException(String file, int line, int column, String problem, Throwable cause) {
    super(file + ":" + line + ":" + column + ": " + shortened(problem), cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  SpecException(String file, Node.Location at, String problem) {
    this(file, at.line(), at.column(), problem, null);
  }

  SpecException(String file, Node.Location at, String problem, Throwable cause) {
    this(file, at.line(), at.column(), problem, cause);
  }

  /**
   * {@code text} quoted, or its first {@link #QUOTED} characters quoted and how many it has: how an
   * error quotes a value, never the whole of a huge one.
   */
  static String quoted(String text) {
    return text.length() <= QUOTED
        ? "'" + text + "'"
        : "'"
            + text.substring(0, QUOTED)
            + String.format(Locale.ROOT, "…' (%,d characters)", text.length());
  }

  /**
   * {@code problem} with each run of more than {@code 2 QUOTED} characters without a space cut to
   * its start, and at most {@link #MAX_PROBLEM} characters in all: a message quotes a short prefix
   * of a huge value (a key, a word, a line), however the value came into it.
   */
  static String shortened(String problem) {
    String out =
        LONG_WORD
            .matcher(problem)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        m.group().substring(0, QUOTED)
                            + String.format(
                                Locale.ROOT, "… (%,d characters)", m.group().length())));
    return out.length() <= MAX_PROBLEM
        ? out
        : out.substring(0, MAX_PROBLEM)
            + String.format(Locale.ROOT, "… (%,d characters in all)", out.length());
  }

  /** The file as it was named. */
  public String file() {
    return file;
  }

  /** The line of the problem, from 1. */
  public int line() {
    return line;
  }

  /** The column of the problem, from 1. */
  public int column() {
    return column;
  }
}
