package dev.sweep.space;

import dev.sweep.config.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Several parameters that vary together: each config takes one whole assignment from a list (GML's
 * {@code Nested}, mlrunner's {@code alias}).
 *
 * <pre>{@code
 * .add("data", Coupled.of(
 *     Map.of("name", "cifar10", "classes", 10, "size", 32),
 *     Map.of("name", "imagenet", "classes", 1000, "size", 224)))
 * }</pre>
 *
 * <p>Keys may be dotted paths; they are placed under the path where the coupled values are added,
 * or at the root with {@link Space.Builder#add(Coupled)}.
 */
public final class Coupled {
  final List<Map<String, Object>> options;
  final List<String> labels;

  private Coupled(List<Map<String, Object>> options, List<String> labels) {
    this.options = options;
    this.labels = labels;
  }

  /** One of these assignments, each equally likely. */
  @SafeVarargs
  @SuppressWarnings("varargs") // only read, never stored
  public static Coupled of(Map<String, ?>... assignments) {
    return of(Arrays.asList(assignments));
  }

  /** One of these assignments, each equally likely. */
  public static Coupled of(List<? extends Map<String, ?>> assignments) {
    List<Map<String, Object>> options = new ArrayList<>();
    for (Map<String, ?> a : assignments) {
      options.add(Config.ofFlat(a).flatten());
    }
    return new Coupled(List.copyOf(options), null);
  }

  /** Names the assignments (for reports and error messages), one label each. */
  public Coupled labels(String... labels) {
    return new Coupled(options, List.of(labels));
  }
}
