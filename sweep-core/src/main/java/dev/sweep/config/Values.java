package dev.sweep.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value model of a config: {@code String}, {@code Long}, {@code Double}, {@code Boolean}, an
 * unmodifiable {@code List} of values, an unmodifiable {@code Map<String, Object>} of values, or
 * {@code null}. Every number is normalised to {@code Long} or {@code Double} so that equality and
 * hashing do not depend on where a value came from (Java code, YAML or JSON).
 */
final class Values {
  private Values() {}

  /**
   * Returns an immutable, normalised deep copy of {@code value}; {@code where} names it in errors.
   */
  static Object normalize(Object value, String where) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number number) {
      Object normalized = number(number);
      if (normalized != null) {
        return normalized;
      }
    }
    if (value instanceof Character || value instanceof Enum<?>) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      return map(map, where);
    }
    if (value instanceof Iterable<?> items) {
      return list(items, where);
    }
    if (value instanceof double[] doubles) {
      return list(doubles);
    }
    if (value instanceof Object[] objects) {
      return normalize(List.of(objects), where);
    }
    throw new ConfigException(
        (where.isEmpty() ? "config" : where)
            + ": unsupported value type "
            + value.getClass().getName()
            + "; allowed: string, number, boolean, null, list, map");
  }

  /**
   * A number as a {@code Long} or a {@code Double}; null if it is of a type a config does not take.
   */
  private static Object number(Number value) {
    if (value instanceof Long || value instanceof Double) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value.longValue();
    }
    if (value instanceof Float) {
      // Float → Double through its decimal form, so 0.1f becomes 0.1 and not 0.10000000149011612.
      return Double.parseDouble(value.toString());
    }
    if (value instanceof BigInteger big) {
      try {
        return big.longValueExact();
      } catch (ArithmeticException e) {
        return big.doubleValue();
      }
    }
    if (value instanceof BigDecimal dec) {
      return dec.doubleValue();
    }
    return null;
  }

  private static Map<String, Object> map(Map<?, ?> map, String where) {
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new ConfigException(
            where + ": map keys must be strings, found " + typeName(e.getKey()) + " " + e.getKey());
      }
      copy.put(key, normalize(e.getValue(), where.isEmpty() ? key : where + "." + key));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static List<Object> list(Iterable<?> items, String where) {
    List<Object> copy = new ArrayList<>();
    int i = 0;
    for (Object item : items) {
      copy.add(normalize(item, where + "[" + i++ + "]"));
    }
    return Collections.unmodifiableList(copy);
  }

  private static List<Object> list(double[] doubles) {
    List<Object> copy = new ArrayList<>(doubles.length);
    for (double d : doubles) {
      copy.add(d);
    }
    return Collections.unmodifiableList(copy);
  }

  /** A short, user-facing name of a value's type, as used in error messages. */
  static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Long || value instanceof Integer) {
      return "integer";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof List<?>) {
      return "list";
    }
    if (value instanceof Map<?, ?>) {
      return "map";
    }
    return value.getClass().getSimpleName();
  }

  /** A value as it appears in an error message: strings quoted, long values cut. */
  static String show(Object value) {
    String text = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
