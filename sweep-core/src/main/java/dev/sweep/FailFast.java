package dev.sweep;

import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Watches the first trials of one run to finish, and says when the first {@code trials} of them all
 * failed with the same {@linkplain #cause cause}. Once one of them completes, is pruned or fails
 * otherwise, it says nothing more for the run: mixed outcomes are the sweep's business, not a bug.
 * Guarded by the run's lock.
 */
final class FailFast {
  /**
   * The note on a trial whose failure stopped the run: a resume runs it again (while its {@code
   * attempt} is the trial's last, see {@link dev.sweep.store.TrialState#failedFast()}), whatever
   * the retries, as the failure was most likely not its config's.
   */
  static final String NOTE = dev.sweep.store.TrialState.FAIL_FAST_NOTE;

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final int trials; // 0: off
  private final List<TrialRecord> failed = new ArrayList<>();
  private final List<Integer> attempts = new ArrayList<>(); // of each failed trial's last attempt
  private String cause; // of the first failure
  private boolean disarmed;
  private boolean tripped;

  FailFast(int trials) {
    this.trials = trials;
  }

  /**
   * Takes a trial of this run that ended after attempt {@code attempt}, whose folder is {@code dir}
   * (if it has one): true if it was the last of the first {@code trials} to fail alike, and the run
   * must stop.
   */
  boolean finished(TrialRecord record, int attempt, Optional<Path> dir) {
    if (trials == 0 || disarmed || tripped || record.status() == TrialStatus.CANCELLED) {
      return false; // a cancelled trial says nothing of the program: it was stopped from outside
    }
    String c =
        record.status() == TrialStatus.FAILED ? cause(record.failure().orElse(""), dir) : null;
    if (c == null || (cause != null && !cause.equals(c))) {
      disarmed = true;
      return false;
    }
    cause = c;
    failed.add(record);
    attempts.add(attempt);
    tripped = failed.size() == trials;
    return tripped;
  }

  /** Whether a failed trial that ended after the run stopped failed alike, to be noted too. */
  boolean alike(TrialRecord record, Optional<Path> dir) {
    return tripped
        && record.status() == TrialStatus.FAILED
        && cause.equals(cause(record.failure().orElse(""), dir));
  }

  /** What the run stops with, once it tripped. */
  FailFastException exception(String sweep) {
    List<Long> ids = failed.stream().map(TrialRecord::id).toList();
    String failure = failed.get(0).failure().orElse("");
    return new FailFastException(
        "sweep '"
            + sweep
            + "' stopped: the first "
            + trials
            + " trials to finish ("
            + ids.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + ") all failed with the same cause, most likely a bug rather than their configs; "
            + "no new trial started and running ones were cancelled. Fix it and run the sweep again "
            + "(with a folder, these trials run again), or turn the check off with failFast(0) "
            + "(fail_fast: false in a sweep file). Trial "
            + ids.get(0)
            + " failed with: "
            + failure,
        failure,
        ids);
  }

  /** The trials that failed alike, by id, each with the note that marks it (see {@link #NOTE}). */
  Map<Long, Map<String, Object>> notes() {
    Map<Long, Map<String, Object>> notes = new LinkedHashMap<>();
    for (int i = 0; i < failed.size(); i++) {
      notes.put(failed.get(i).id(), note(attempts.get(i)));
    }
    return notes;
  }

  /** The note that marks attempt {@code attempt} of a trial as one that stopped the run. */
  Map<String, Object> note(int attempt) {
    return Map.of("attempt", attempt, "cause", cause);
  }

  /**
   * What makes two failures the same: the failure's first and last non-blank lines, its trial's
   * folder replaced by {@code <trial>} and runs of white space by one space. For a runner that
   * threw in this JVM, that is the exception's class and message (and its causes'); for a process,
   * the step, its exit code and the last line of its stderr, which is where Python puts the error.
   */
  static String cause(String failure, Optional<Path> dir) {
    String text = failure;
    if (dir.isPresent()) {
      text = text.replace(dir.get().toAbsolutePath().toString(), "<trial>");
      text = text.replace(dir.get().toString(), "<trial>");
    }
    List<String> lines =
        text.lines()
            .map(line -> SPACES.matcher(line.strip()).replaceAll(" "))
            .filter(line -> !line.isEmpty())
            .toList();
    if (lines.size() <= 1) {
      return String.join("", lines);
    }
    return lines.get(0) + " ... " + lines.get(lines.size() - 1);
  }
}
