package dev.sweep.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A step of a {@link ProcessRunner} trial exited with a code other than 0; the later steps of that
 * trial did not run. The message names the step, the exit code and the last lines of its log:
 *
 * <pre>
 * step 'train' exited with code 1; not run: test; last lines of /runs/trials/000003-lr=0.1/train.err:
 *   Traceback (most recent call last):
 *   ValueError: lr must be positive
 * </pre>
 */
public final class StepFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String step;
  private final int exitCode;
  private final transient Path log;
  private final List<String> lastLines;

  StepFailedException(String message, String step, int exitCode, Path log, List<String> lastLines) {
    super(message);
    this.step = requireNonNull(step, "step == null");
    this.exitCode = exitCode;
    this.log = requireNonNull(log, "log == null");
    this.lastLines = List.copyOf(lastLines);
  }

  /** The step's name. */
  public String step() {
    return step;
  }

  /** The exit code; 128 + n when signal n ended the process. */
  public int exitCode() {
    return exitCode;
  }

  /** The log the message quotes: the step's stderr, or its stdout when stderr is empty. */
  public Path log() {
    return log;
  }

  /** The last lines of {@link #log()}, at most {@value ProcessRunner#TAIL_LINES}. */
  public List<String> lastLines() {
    return lastLines;
  }
}
