package dev.sweep.sampler;

import dev.sweep.config.Config;
import dev.sweep.space.Constraint;
import dev.sweep.space.Space;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, per constraint, the samples it rejected, and explains them when a sampler gives up: for
 * sampler implementations, which try samples until one {@linkplain #allows passes}.
 *
 * <pre>{@code
 * rejections.reset();
 * for (int attempt = 0; attempt < max; attempt++) {
 *   Config config = space.toConfig(draw());
 *   if (rejections.allows(config)) return ...;
 * }
 * throw rejections.failure("trial " + index + ": no sample satisfied the constraints");
 * }</pre>
 */
public final class Rejections {
  static final String DUPLICATE = "duplicate of an earlier trial";

  private final List<Constraint> constraints;
  private final long[] counts;
  private long duplicates;

  /** Counts for the constraints of {@code space}. */
  public Rejections(Space space) {
    this.constraints = space.constraints();
    this.counts = new long[constraints.size()];
  }

  /** Whether every constraint allows {@code config}; counts each one that does not. */
  public boolean allows(Config config) {
    boolean allowed = true;
    for (int i = 0; i < counts.length; i++) {
      if (!constraints.get(i).allows(config)) {
        counts[i]++;
        allowed = false;
      }
    }
    return allowed;
  }

  /** Counts a sample refused because an earlier trial had it. */
  public void duplicate() {
    duplicates++;
  }

  /** Starts counting for the next trial. */
  public void reset() {
    Arrays.fill(counts, 0);
    duplicates = 0;
  }

  /** The error to throw when no sample passed: {@code what}, then each constraint's count. */
  public ConstraintsUnsatisfiedException failure(String what) {
    Map<String, Long> byName = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      byName.put(constraints.get(i).name(), counts[i]);
    }
    if (duplicates > 0) {
      byName.put(DUPLICATE, duplicates);
    }
    StringBuilder list = new StringBuilder();
    byName.forEach(
        (name, n) ->
            list.append(list.length() == 0 ? "" : ", ")
                .append('\'')
                .append(name)
                .append("' ")
                .append(n));
    return new ConstraintsUnsatisfiedException(
        what + "; rejected by: " + list + " (one sample may fail several constraints)", byName);
  }
}
