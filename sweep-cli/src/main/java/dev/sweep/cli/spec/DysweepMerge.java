package dev.sweep.cli.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * dysweep's merge of a run's sweep values into {@code base_config} ({@code upsert_config} in its
 * {@code utils.py}), on plain values: mappings merge key by key in sorted key order, then {@code
 * sweep_group*} keys and {@code dy__upsert} entries merge into the mapping that holds them; a
 * mapping of {@code __IDX__n} keys (how dysweep stores a list of the sweep tree) merges into a list
 * position by position; {@code dy__list__operations} insert, overwrite and remove list items; a
 * mapping whose keys are all {@code __IDX__n}, the empty one too, comes out a list. Where dysweep's
 * own code fails, this throws {@link Failure} saying why. {@link #HOLE} stands for a parameter left
 * out, {@link #SYMBOL} for one whose value should land somewhere unchanged.
 */
final class DysweepMerge {
  static final String IDX = "__IDX__";
  static final List<String> SPECIAL_KEYS =
      List.of(
          "sweep",
          "sweep_identifier",
          "sweep_alias",
          "sweep_group",
          "dy__list__operations",
          "dy__upsert",
          "dy__eval",
          "dy__insert",
          "dy__remove",
          "dy__overwrite");

  /** A parameter that takes no part: its key is skipped. */
  static final Object HOLE =
      new Object() {
        @Override
        public String toString() {
          return "<hole>";
        }
      };

  /** A non-string scalar standing for every value of a parameter, to see where its values land. */
  static final Object SYMBOL =
      new Object() {
        @Override
        public String toString() {
          return "<value>";
        }
      };

  /** What dysweep's own code fails on, or a value Sweep cannot represent. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private DysweepMerge() {}

  /**
   * {@code base} (copied) with {@code sweep} merged in, checked for dysweep's reserved keys as
   * dysweep does.
   */
  static Object merge(Map<String, Object> base, Map<String, Object> sweep) {
    Object out = upsert(copy(base), sweep, "");
    reservedKeys(out, "");
    return out;
  }

  private static Object upsert(Object args, Object sweep, String path) {
    Object out;
    if (args instanceof List<?> list) {
      out = intoList(copyList(list), sweep, path);
    } else if (args instanceof Map<?, ?> map && allIndices(map)) {
      if (map.isEmpty()
          && sweep instanceof Map<?, ?> s
          && !s.containsKey("dy__list__operations")
          && !allIndices(s)) {
        throw new Failure(
            "dysweep cannot merge into the empty mapping at "
                + where(path)
                + ": it takes an empty mapping for an empty list (fill it in base_config, or set the whole value above it)");
      }
      out = intoList(toList(map, path), sweep, path);
    } else if (args instanceof Map<?, ?> map) {
      out = intoMap(castMap(map), sweep, path);
    } else {
      out = fresh(sweep, path);
    }
    return out instanceof Map<?, ?> m && allIndices(m) ? toList(m, path) : out;
  }

  private static Object intoMap(Map<String, Object> args, Object sweep, String path) {
    if (!(sweep instanceof Map<?, ?> raw)) {
      throw new Failure(
          "dysweep cannot merge "
              + show(sweep)
              + " into the mapping at "
              + where(path)
              + " (its code fails on it): give a mapping");
    }
    Map<String, Object> s = new LinkedHashMap<>(castMap(raw));
    Object upserts = s.remove("dy__upsert");
    List<String> groups = new ArrayList<>();
    for (String key : new TreeMap<>(s).keySet()) {
      Object val = s.get(key);
      if (key.startsWith("sweep_group")) {
        groups.add(key);
      } else if (val != HOLE) {
        args.putIfAbsent(key, null);
        args.put(
            key,
            val instanceof Map || val instanceof List
                ? upsert(args.get(key), val, join(path, key))
                : val);
      }
    }
    Object out = args;
    for (String key : groups) {
      out = skipOr(out, s.get(key), path);
    }
    if (upserts instanceof List<?> list) {
      for (Object u : list) {
        out = skipOr(out, u, path);
      }
    } else if (upserts instanceof Map<?, ?> map) {
      for (Object u :
          new TreeMap<>(castMap(map))
              .values()) { // sorted as text: __IDX__10 before __IDX__2, as dysweep
        out = skipOr(out, u, path);
      }
    } else if (upserts != null && upserts != HOLE) {
      throw new Failure(
          "dy__upsert at "
              + where(path)
              + " is "
              + show(upserts)
              + "; dysweep takes a list of mappings");
    }
    return out;
  }

  private static Object skipOr(Object args, Object sweep, String path) {
    return sweep == HOLE ? args : upsert(args, sweep, path);
  }

  private static Object intoList(List<Object> args, Object sweep, String path) {
    if (sweep instanceof Map<?, ?> raw) {
      Map<String, Object> s = new LinkedHashMap<>(castMap(raw));
      Object ops = s.remove("dy__list__operations");
      if (ops != null && ops != HOLE) {
        for (Object op : ops instanceof Map<?, ?> m ? toList(m, path) : asList(ops, path)) {
          listOperation(args, op, s, path);
        }
        return args;
      }
      for (Map.Entry<String, Object> e : new TreeMap<>(s).entrySet()) {
        if (e.getValue() == HOLE) {
          continue;
        }
        int i = index(e.getKey(), path);
        if (i >= args.size()) {
          throw new Failure(
              "position "
                  + i
                  + " of the list at "
                  + where(path)
                  + " is past its end ("
                  + args.size()
                  + " items); dysweep fails on it");
        }
        Object v = e.getValue();
        args.set(
            i, v instanceof Map || v instanceof List ? upsert(args.get(i), v, join(path, i)) : v);
      }
    } else if (sweep instanceof List<?> s) {
      if (s.size() != args.size()) {
        throw new Failure(
            "dysweep merges a list into the list at "
                + where(path)
                + " item by item, so it needs "
                + args.size()
                + " items, found "
                + s.size()
                + " (to replace the list, use dy__list__operations)");
      }
      for (int i = 0; i < s.size(); i++) {
        Object v = s.get(i);
        args.set(
            i, v instanceof Map || v instanceof List ? upsert(args.get(i), v, join(path, i)) : v);
      }
    } // a scalar merged into a list: dysweep leaves the list as it is
    return args;
  }

  /**
   * One of dy__insert, dy__overwrite, dy__remove, as dysweep applies them (Python's list indices).
   */
  private static void listOperation(
      List<Object> args, Object op, Map<String, Object> rest, String path) {
    if (!(op instanceof Map<?, ?> m) || m.size() != 1) {
      throw new Failure(
          "each of dy__list__operations at "
              + where(path)
              + " is a mapping with one key "
              + "(dy__insert, dy__overwrite or dy__remove), found "
              + show(op));
    }
    String kind = (String) m.keySet().iterator().next();
    Object arg = m.get(kind);
    switch (kind) {
      case "dy__insert" -> {
        List<?> pair =
            pair(
                kind,
                arg,
                path,
                "dysweep inserts the mapping around the operation and then rejects its "
                    + "own dy__list__operations key in it; give the item: dy__insert: [0, {...}]");
        int i = (int) (long) (Long) pair.get(0);
        int at =
            i == -1 ? args.size() : Math.max(0, Math.min(args.size(), i < 0 ? args.size() + i : i));
        args.add(at, copy(pair.get(1)));
      }
      case "dy__overwrite" -> {
        if (arg instanceof Long n) {
          int i = pythonIndex(n, args, kind, path);
          args.set(i, upsert(args.get(i), rest, join(path, i)));
        } else {
          List<?> pair = pair(kind, arg, path, "");
          args.set(pythonIndex((Long) pair.get(0), args, kind, path), copy(pair.get(1)));
        }
      }
      case "dy__remove" -> {
        if (!(arg instanceof Long n)) {
          throw new Failure(
              "dy__remove at " + where(path) + " takes a position, found " + show(arg));
        }
        args.remove(pythonIndex(n, args, kind, path));
      }
      default ->
          throw new Failure(
              "unknown list operation '"
                  + kind
                  + "' at "
                  + where(path)
                  + " (allowed: dy__insert, dy__overwrite, dy__remove)");
    }
  }

  private static List<?> pair(String kind, Object arg, String path, String ifInteger) {
    if (arg instanceof Long && !ifInteger.isEmpty()) {
      throw new Failure(kind + ": " + arg + " at " + where(path) + ": " + ifInteger);
    }
    if (arg instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Long) {
      return l;
    }
    throw new Failure(
        kind
            + " at "
            + where(path)
            + " takes [position, item]"
            + (ifInteger.isEmpty() ? " or a position" : "")
            + ", found "
            + show(arg)
            + (arg instanceof Map
                ? " (a list written outside a sweep value reaches dysweep as a "
                    + "mapping of __IDX__ keys, which it refuses: put the operation inside a value of a parameter)"
                : ""));
  }

  private static int pythonIndex(long n, List<Object> args, String kind, String path) {
    long i = n < 0 ? args.size() + n : n;
    if (i < 0 || i >= args.size()) {
      throw new Failure(
          kind
              + ": "
              + n
              + " is outside the list at "
              + where(path)
              + " ("
              + args.size()
              + " items); dysweep fails on it");
    }
    return (int) i;
  }

  /**
   * A value merged where there was none: copied, mappings with their keys sorted, as dysweep builds
   * them.
   */
  private static Object fresh(Object sweep, String path) {
    if (sweep instanceof Map<?, ?> raw) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : new TreeMap<>(castMap(raw)).entrySet()) {
        if (e.getValue() != HOLE) {
          out.put(e.getKey(), upsert(null, e.getValue(), join(path, e.getKey())));
        }
      }
      return out;
    }
    if (sweep instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object v : list) {
        out.add(upsert(null, v, join(path, out.size())));
      }
      return out;
    }
    return sweep;
  }

  /** dysweep's last check: a reserved key left in the merged config is an error. */
  private static void reservedKeys(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = (String) e.getKey();
        if (SPECIAL_KEYS.contains(key)) {
          throw new Failure(
              "the merged config has '"
                  + key
                  + "' at "
                  + where(join(path, key))
                  + ", a key dysweep "
                  + "reserves, so dysweep refuses it"
                  + (key.startsWith("dy__")
                      ? " ("
                          + key
                          + " applies only where "
                          + "base_config has "
                          + (key.equals("dy__upsert") ? "a mapping" : "a list")
                          + ")"
                      : ""));
        }
        reservedKeys(e.getValue(), join(path, key));
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        reservedKeys(list.get(i), join(path, i));
      }
    }
  }

  static boolean allIndices(Map<?, ?> map) {
    return map.keySet().stream().allMatch(k -> k instanceof String s && s.startsWith(IDX));
  }

  private static List<Object> toList(Map<?, ?> map, String path) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < map.size(); i++) {
      if (!map.containsKey(IDX + i)) {
        throw new Failure(
            "the list at " + where(path) + " lacks position " + i + "; dysweep fails on it");
      }
      out.add(map.get(IDX + i));
    }
    return out;
  }

  private static List<?> asList(Object ops, String path) {
    if (ops instanceof List<?> l) {
      return l;
    }
    throw new Failure(
        "dy__list__operations at " + where(path) + " is a list of operations, found " + show(ops));
  }

  private static int index(String key, String path) {
    if (key.startsWith(IDX)) {
      try {
        return Integer.parseInt(key.substring(IDX.length()));
      } catch (NumberFormatException e) {
        // below
      }
    }
    throw new Failure(
        "dysweep merges into the list at "
            + where(path)
            + " only item positions or "
            + "dy__list__operations, found the key '"
            + key
            + "' (its code fails on it)");
  }

  /** A deep, mutable copy. */
  static Object copy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      castMap(m).forEach((k, v) -> out.put(k, copy(v)));
      return out;
    }
    return value instanceof List<?> l ? copyList(l) : value;
  }

  private static List<Object> copyList(List<?> list) {
    List<Object> out = new ArrayList<>();
    list.forEach(v -> out.add(copy(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  static String join(String path, Object key) {
    return path.isEmpty() ? String.valueOf(key) : path + "." + key;
  }

  private static String where(String path) {
    return path.isEmpty() ? "the top of base_config" : "'" + path + "'";
  }

  static String show(Object v) {
    return v == SYMBOL
        ? "a number"
        : v instanceof String s
            ? "'" + s + "'"
            : v instanceof Map ? "a mapping" : v instanceof List ? "a list" : Objects.toString(v);
  }
}
