package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of nodes for one file: each accessor names the field, what it found and what it
 * wanted when the node is of the wrong kind. Every error is a {@link SpecException} at the node.
 */
final class Fields {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|min|m|h|d)");

  private final String file;

  Fields(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  SpecException error(Node.Location at, String field, String problem) {
    return new SpecException(file, at, field + ": " + problem);
  }

  SpecException error(Node at, String field, String problem) {
    return error(at.at(), field, problem);
  }

  /**
   * Checks that every key of {@code map} is one of {@code allowed}, naming the first that is not
   * with a "did you mean" hint.
   */
  void onlyKeys(Mapping map, String field, List<String> allowed) {
    for (Entry e : map.entries().values()) {
      if (!allowed.contains(e.key())) {
        throw error(
            e.keyAt(),
            field,
            "unknown key '"
                + e.key()
                + "'"
                + Hints.didYouMean(e.key(), allowed)
                + " (allowed: "
                + String.join(", ", allowed)
                + ")");
      }
    }
  }

  Optional<Node> optional(Mapping map, String key) {
    Entry e = map.entries().get(key);
    return e == null ? Optional.empty() : Optional.of(e.value());
  }

  Node required(Mapping map, String key, String field, String what) {
    return optional(map, key)
        .orElseThrow(() -> error(map, field, "'" + key + "' is missing; " + what));
  }

  Mapping mapping(Node node, String field, String what) {
    if (node instanceof Mapping m) {
      return m;
    }
    throw error(node, field, "wanted " + what + ", found " + node.describe());
  }

  Sequence list(Node node, String field, String what) {
    if (node instanceof Sequence s) {
      return s;
    }
    throw error(node, field, "wanted " + what + ", found " + node.describe());
  }

  String string(Node node, String field) {
    if (node instanceof Scalar s && s.value() instanceof String text) {
      return text;
    }
    throw error(node, field, "wanted a string, found " + node.describe());
  }

  /** A string, or a number or boolean written without quotes, as text (slots: {@code [0, 1]}). */
  String text(Node node, String field) {
    if (node instanceof Scalar s && s.value() != null) {
      return s.value().toString();
    }
    throw error(node, field, "wanted a string, found " + node.describe());
  }

  double number(Node node, String field) {
    if (node instanceof Scalar s && s.value() instanceof Number n) {
      return n.doubleValue();
    }
    throw error(node, field, "wanted a number, found " + node.describe());
  }

  /** A number that is finite: not YAML's {@code .inf}, {@code -.inf} or {@code .nan}. */
  double finite(Node node, String field) {
    double v = number(node, field);
    if (!Double.isFinite(v)) {
      throw error(node, field, "wanted a finite number, found " + node.describe());
    }
    return v;
  }

  long integer(Node node, String field) {
    if (node instanceof Scalar s) {
      if (s.value() instanceof Long n) {
        return n;
      }
      if (s.value() instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return d.longValue(); // 1e3 is an integer too
      }
    }
    throw error(node, field, "wanted an integer, found " + node.describe());
  }

  long integerAtLeast(Node node, String field, long min) {
    long n = integer(node, field);
    if (n < min) {
      throw error(node, field, "wanted an integer >= " + min + ", found " + n);
    }
    return n;
  }

  /**
   * An integer at least {@code min} that fits an {@code int}, for builder arguments that take one.
   */
  int intAtLeast(Node node, String field, int min) {
    long n = integerAtLeast(node, field, min);
    if (n > Integer.MAX_VALUE) {
      throw error(node, field, "wanted an integer below 2^31, found " + n);
    }
    return (int) n;
  }

  boolean bool(Node node, String field) {
    if (node instanceof Scalar s && s.value() instanceof Boolean b) {
      return b;
    }
    throw error(node, field, "wanted true or false, found " + node.describe());
  }

  /** Exactly {@code n} numbers: {@code [lo, hi]}. */
  double[] numbers(Node node, String field, int n, String form) {
    Sequence s = list(node, field, "a list of " + n + " numbers " + form);
    if (s.items().size() != n) {
      throw error(node, field, "wanted " + n + " numbers " + form + ", found " + s.items().size());
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = number(s.items().get(i), field);
    }
    return out;
  }

  /** Exactly {@code n} integers: {@code [lo, hi]}. */
  long[] integers(Node node, String field, int n, String form) {
    Sequence s = list(node, field, "a list of " + n + " integers " + form);
    if (s.items().size() != n) {
      throw error(node, field, "wanted " + n + " integers " + form + ", found " + s.items().size());
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = integer(s.items().get(i), field);
    }
    return out;
  }

  Duration duration(Node node, String field) {
    return parseDuration(text(node, field))
        .orElseThrow(
            () ->
                error(
                    node,
                    field,
                    "wanted a duration such as 90s, 30m, 2h, 1h30m or 500ms, found "
                        + node.describe()));
  }

  /**
   * {@code 90s}, {@code 30m}, {@code 10min}, {@code 2h}, {@code 1h30m}, {@code 500ms}, {@code
   * 1.5h}, {@code 2d}.
   */
  static Optional<Duration> parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      long unitMillis =
          switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
          };
      total = total.plusMillis(Math.round(amount * unitMillis));
      end = m.end();
    }
    return end == 0 || end != text.trim().length() ? Optional.empty() : Optional.of(total);
  }

  /**
   * Runs a builder call for {@code field}: the builder's own check (an {@link
   * IllegalArgumentException} or {@link IllegalStateException}) becomes a {@link SpecException} at
   * {@code at}.
   */
  void set(Node at, String field, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw error(at, field, e.getMessage());
    }
  }
}
