package dev.sweep.sampler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * No sample satisfying a space's constraints was found within the bound on attempts. The message
 * names each constraint with the number of samples it rejected.
 */
public final class ConstraintsUnsatisfiedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, Long> rejections;

  ConstraintsUnsatisfiedException(String message, Map<String, Long> rejections) {
    super(message);
    this.rejections = Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
  }

  /** How many samples each constraint rejected ({@code duplicate} counts repeated configs). */
  public Map<String, Long> rejections() {
    return rejections;
  }
}
