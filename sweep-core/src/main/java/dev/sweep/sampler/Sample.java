package dev.sweep.sampler;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import dev.sweep.config.Names;
import dev.sweep.space.Space;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sampled point of a space: the index of the trial it is for, the sampled values by dotted
 * path, and the full config (base + values + derived values). Immutable and thread-safe.
 */
public final class Sample {
  private final long index;
  private final Map<String, Object> params;
  private final Config config;
  private final Space space; // names the sample; null: names from the params alone
  private volatile String name;

  /** A sample named by {@link Names#readable(Map)}. */
  public Sample(long index, Map<String, Object> params, Config config) {
    this(index, params, config, null);
  }

  /** A sample of {@code space}, named by {@link Space#name(Map)}. */
  public Sample(long index, Map<String, Object> params, Config config, Space space) {
    this(space, index, new LinkedHashMap<>(requireNonNull(params, "params == null")), config);
  }

  /**
   * A sample that keeps {@code params} itself, unmodifiable, rather than a copy: for a sampler's
   * fresh map that nothing else changes.
   */
  private Sample(Space space, long index, Map<String, Object> params, Config config) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    this.index = index;
    this.params = Collections.unmodifiableMap(requireNonNull(params, "params == null"));
    this.config = requireNonNull(config, "config == null");
    this.space = space;
  }

  /**
   * A sample of {@code space} that keeps {@code params} (a map its sampler just made and changes no
   * more) instead of copying it: one map less per trial.
   */
  static Sample ofFresh(long index, Map<String, Object> params, Config config, Space space) {
    return new Sample(space, index, params, config);
  }

  /** The trial index this sample was drawn for. */
  public long index() {
    return index;
  }

  /** The sampled values by dotted path, in declaration order (derived values are not here). */
  public Map<String, Object> params() {
    return params;
  }

  /**
   * The sampled values, then the derived and probed ones (see {@link Space#columns}): the trial's
   * columns in a population.
   */
  public Map<String, Object> columns() {
    return space == null ? params : space.columns(params, config);
  }

  /** The full config: base, sampled values and derived values. */
  public Config config() {
    return config;
  }

  /** The readable, folder-safe name of the sampled values, e.g. {@code lr=0.1,wd=1e-04}. */
  public String name() {
    String n = name;
    if (n == null) {
      n = space == null ? Names.readable(params) : space.name(params);
      name = n;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s
        && s.index == index
        && s.params.equals(params)
        && s.config.equals(config);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + params.hashCode();
  }

  @Override
  public String toString() {
    return "Sample[" + index + ": " + name() + "]";
  }
}
