package dev.sweep.cli.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a YAML document, with the line and column where it starts: what a spec error points at.
 * Produced by {@link NodeReader}; immutable.
 */
sealed interface Node {

  /** Where the node starts in its file, from 1. */
  Location at();

  /**
   * The node as plain Java values: maps, lists, strings, {@code Long}, {@code Double}, booleans,
   * null.
   */
  Object plain();

  /** What a message calls this kind of node: "a mapping", "a list", "the number 3", …. */
  String describe();

  /** A line and a column, both from 1. */
  record Location(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** One key of a mapping with where the key stands and its value. */
  record Entry(String key, Location keyAt, Node value) {}

  /** A mapping, keys in document order. */
  record Mapping(Map<String, Entry> entries, Location at) implements Node {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public Object plain() {
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach((k, e) -> out.put(k, e.value().plain()));
      return out;
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A list. */
  record Sequence(List<Node> items, Location at) implements Node {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public Object plain() {
      List<Object> out = new ArrayList<>();
      items.forEach(i -> out.add(i.plain()));
      return out;
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A string, a {@code Long}, a {@code Double}, a {@code Boolean} or null. */
  record Scalar(Object value, Location at) implements Node {
    @Override
    public Object plain() {
      return value;
    }

    @Override
    public String describe() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String s) {
        return "the string " + SpecException.quoted(s);
      }
      if (value instanceof Boolean) {
        return "the boolean " + value;
      }
      if (value instanceof Double d && !Double.isFinite(d)) { // as YAML writes it
        return "the number " + (d.isNaN() ? ".nan" : d > 0 ? ".inf" : "-.inf");
      }
      return "the number " + value;
    }
  }
}
