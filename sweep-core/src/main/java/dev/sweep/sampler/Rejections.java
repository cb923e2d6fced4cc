package dev.sweep.sampler;

import dev.sweep.config.Config;
import dev.sweep.space.Constraint;
import dev.sweep.space.Space;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts, per constraint, the samples it rejected, and explains them when the bound is hit. */
final class Rejections {
  static final String DUPLICATE = "duplicate of an earlier trial";

  private final List<Constraint> constraints;
  private final long[] counts;
  private long duplicates;

  Rejections(Space space) {
    this.constraints = space.constraints();
    this.counts = new long[constraints.size()];
  }

  /** Whether every constraint allows {@code config}; counts each one that does not. */
  boolean allows(Config config) {
    boolean allowed = true;
    for (int i = 0; i < counts.length; i++) {
      if (!constraints.get(i).allows(config)) {
        counts[i]++;
        allowed = false;
      }
    }
    return allowed;
  }

  void duplicate() {
    duplicates++;
  }

  void reset() {
    Arrays.fill(counts, 0);
    duplicates = 0;
  }

  ConstraintsUnsatisfiedException failure(String what) {
    Map<String, Long> byName = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      byName.put(constraints.get(i).name(), counts[i]);
    }
    if (duplicates > 0) {
      byName.put(DUPLICATE, duplicates);
    }
    StringBuilder list = new StringBuilder();
    byName.forEach((name, n) -> list.append(list.length() == 0 ? "" : ", ").append('\'').append(name).append("' ").append(n));
    return new ConstraintsUnsatisfiedException(
        what + "; rejected by: " + list + " (one sample may fail several constraints)", byName);
  }
}
