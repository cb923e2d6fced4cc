package dev.sweep.cli.spec;

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

  SpecException(String file, int line, int column, String problem, Throwable cause) {
    super(file + ":" + line + ":" + column + ": " + problem, cause);
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
