package dev.sweep.store;

import dev.sweep.config.Config;
import dev.sweep.trial.TrialRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the journal says of one trial: its identity, how many attempts started, how the last one
 * ended (if it did), and the last note under each key (see {@link dev.sweep.Trial#note}).
 */
public record TrialState(
    long id,
    String name,
    Map<String, Object> params,
    Config config,
    String hash,
    int attempts,
    Optional<TrialRecord> last,
    Map<String, Map<String, Object>> notes) {

  TrialState withAttempt(int attempt, Optional<TrialRecord> outcome) {
    return new TrialState(id, name, params, config, hash, attempt, outcome, notes);
  }

  TrialState withNote(String key, Map<String, Object> value) {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>(notes);
    all.put(key, value);
    return new TrialState(
        id, name, params, config, hash, attempts, last, Collections.unmodifiableMap(all));
  }

  /**
   * The note that marks an attempt whose failure stopped its run early, {@code {attempt: 3, cause:
   * …}}: see {@code Sweep.Builder.failFast}.
   */
  public static final String FAIL_FAST_NOTE = "sweep.fail_fast";

  /**
   * Whether the last attempt failed alike with the first trials of its run, which stopped it (see
   * {@code Sweep.Builder.failFast}): most likely not its config's fault, so a resume runs it again,
   * whatever the retries.
   */
  public boolean failedFast() {
    Map<String, Object> note = notes.get(FAIL_FAST_NOTE);
    return note != null && note.get("attempt") instanceof Number n && n.intValue() == attempts;
  }

  /** Whether the last attempt ended (in any status). */
  public boolean isFinished() {
    return last.isPresent();
  }
}
