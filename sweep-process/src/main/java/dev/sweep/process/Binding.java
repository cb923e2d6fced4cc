package dev.sweep.process;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import dev.sweep.process.Piece.Text;
import dev.sweep.process.Piece.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The values placeholders take for one trial: its config, and the reserved values by name. */
final class Binding {
  private final Config config;
  private final Map<String, String> reserved;
  private final ValueFormat format;

  Binding(Config config, Map<String, String> reserved) {
    this(config, reserved, ValueFormat.JSON);
  }

  Binding(Config config, Map<String, String> reserved, ValueFormat format) {
    this.config = requireNonNull(config, "config == null");
    this.reserved = Map.copyOf(requireNonNull(reserved, "reserved == null"));
    this.format = requireNonNull(format, "format == null");
  }

  /** A value as the text of one argument. */
  String format(Object value) {
    return format.format(value);
  }

  /** The value of a path or reserved name; empty if it is missing or null. */
  Optional<Object> value(String name) {
    return name.startsWith("_") ? Optional.ofNullable(reserved.get(name)) : config.get(name);
  }

  /**
   * The value of a placeholder as text.
   *
   * @throws IllegalArgumentException naming the template and the placeholder if it has no value
   */
  String required(String name, String template) {
    Optional<Object> value = value(name);
    if (value.isPresent()) {
      return format(value.get());
    }
    throw new IllegalArgumentException(
        "template '"
            + template
            + "': placeholder {"
            + name
            + "} "
            + (name.startsWith("_") ? "has no value here" : "has no value in the config")
            + why(name));
  }

  /** Pieces without flags (an environment variable's value), bound. */
  String text(List<Piece> pieces, String template) {
    StringBuilder text = new StringBuilder();
    for (Piece piece : pieces) {
      text.append(piece instanceof Value v ? required(v.name(), template) : ((Text) piece).text());
    }
    return text.toString();
  }

  /** Says what is there instead, so that a typo shows itself. */
  private String why(String name) {
    if (name.startsWith("_")) {
      return " (given: "
          + (reserved.isEmpty()
              ? "none"
              : String.join(", ", reserved.keySet().stream().sorted().toList()))
          + ")";
    }
    if (config.has(name)) {
      return ": it is null";
    }
    for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
      String parent = name.substring(0, dot);
      Optional<Object> above = config.get(parent);
      if (above.isPresent()) {
        return above.get() instanceof Map<?, ?> map
            ? " (keys under '" + parent + "': " + new TreeSet<>(map.keySet()) + ")"
            : " ('" + parent + "' holds " + CommandTemplate.format(above.get()) + ", not a map)";
      }
    }
    return " (top-level keys: " + new TreeSet<>(config.toMap().keySet()) + ")";
  }
}
