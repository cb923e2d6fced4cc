package dev.sweep.space;

import dev.sweep.config.Config;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The probes of a space and their recent measurements: a sampler asks for a config's values when it
 * checks the constraints, the sweep again when it records the trial; a probe may be a process that
 * takes seconds, so each distinct config is measured once while among the recent ones. Thread-safe.
 */
final class ProbeCache {
  /** Configs remembered: more than the samples in flight of any sampler. */
  private static final int RECENT = 4096;

  private final List<Function<Config, ? extends Map<String, ?>>> probes;
  private final Map<Config, Map<String, Object>> recent =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Config, Map<String, Object>> eldest) {
              return size() > RECENT;
            }
          });

  ProbeCache(List<Function<Config, ? extends Map<String, ?>>> probes) {
    this.probes = probes;
  }

  /** The probes' values of {@code config}, measured unless recently measured. */
  Map<String, Object> get(Config config) {
    Map<String, Object> known = recent.get(config);
    if (known != null) {
      return known;
    }
    Map<String, Object> values = measure(config);
    recent.put(config, values);
    return values;
  }

  private Map<String, Object> measure(Config config) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Function<Config, ? extends Map<String, ?>> probe : probes) {
      Map<String, ?> values;
      try {
        values = probe.apply(config);
      } catch (RuntimeException e) {
        throw new ProbeException("probe failed on config " + config + ": " + e.getMessage(), e);
      }
      if (values == null) {
        throw new ProbeException("probe gave null on config " + config, null);
      }
      values.forEach(
          (path, v) -> {
            if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
              throw new ProbeException(
                  "probe gave "
                      + path
                      + " = "
                      + v
                      + " on config "
                      + config
                      + "; values must be numbers, text or booleans",
                  null);
            }
            out.put(path, v);
          });
    }
    return Collections.unmodifiableMap(out);
  }
}
