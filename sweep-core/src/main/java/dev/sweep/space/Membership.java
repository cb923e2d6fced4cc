package dev.sweep.space;

import dev.sweep.config.Config;
import dev.sweep.config.ConfigException;
import dev.sweep.config.Paths;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether given values are a sample of a space: each parameter of the chosen branches present with
 * a value of its domain, coupled values one of their assignments, and nothing else. What an
 * enqueued trial and a warm start's earlier trial are checked by; the sampler's own samples need no
 * check.
 */
final class Membership {

  /** The values as the space samples them, in declaration order, or why they are not a sample. */
  record Fit(Map<String, Object> params, Optional<String> misfit) {}

  private Membership() {}

  static Fit fit(Space space, Map<String, ?> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    String misfit = walk(space, "", params, out);
    if (misfit == null) {
      Set<String> extra = new LinkedHashSet<>(params.keySet());
      extra.removeAll(out.keySet());
      if (!extra.isEmpty()) {
        String path = extra.iterator().next();
        misfit =
            space.paramPaths().contains(path)
                ? "'" + path + "' belongs to a branch that is not chosen"
                : "'"
                    + path
                    + "' is not a parameter of this space; its parameters: "
                    + space.paramPaths();
      }
    }
    return new Fit(misfit == null ? out : Map.of(), Optional.ofNullable(misfit));
  }

  /** {@code value} as {@code domain} gives it out, if it is one of its values. */
  static Optional<Object> member(Domain domain, Object value) {
    Object normalized;
    try {
      normalized = Config.normalize(value, "");
    } catch (ConfigException e) {
      return Optional.empty();
    }
    if (domain instanceof FloatDomain f) {
      return f.member(normalized);
    } else if (domain instanceof IntDomain i) {
      return i.member(normalized);
    } else if (domain instanceof ChoiceDomain c) {
      return c.member(normalized);
    }
    return ((ListDomain) domain).member(normalized);
  }

  /** Puts the values of {@code space}'s nodes under {@code prefix} into {@code out}; why not. */
  private static String walk(
      Space space, String prefix, Map<String, ?> in, Map<String, Object> out) {
    for (Space.Node node : space.nodes()) {
      String misfit;
      if (node instanceof Space.Param p) {
        misfit = param(Paths.join(prefix, p.path()), p.domain(), in, out);
      } else if (node instanceof Space.OneOf o) {
        misfit = branch(prefix, o, in, out);
      } else {
        misfit = coupled(prefix, (Space.CoupledValues) node, in, out);
      }
      if (misfit != null) {
        return misfit;
      }
    }
    return null;
  }

  private static String param(
      String path, Domain domain, Map<String, ?> in, Map<String, Object> out) {
    if (!in.containsKey(path)) {
      return "'" + path + "' is missing; allowed: " + domain.describe();
    }
    Object value = in.get(path);
    Optional<Object> member = member(domain, value);
    if (member.isEmpty()) {
      return "'" + path + "' = " + value + " is not in " + domain.describe();
    }
    out.put(path, member.get());
    return null;
  }

  private static String branch(
      String prefix, Space.OneOf o, Map<String, ?> in, Map<String, Object> out) {
    String keyPath = Paths.join(prefix, o.keyPath());
    Object name = in.get(keyPath);
    int chosen = name == null ? -1 : o.names().indexOf(name);
    if (chosen < 0) {
      return in.containsKey(keyPath)
          ? "'" + keyPath + "' = " + name + " is not one of the branches " + o.names()
          : "'" + keyPath + "' is missing; allowed: one of the branches " + o.names();
    }
    out.put(keyPath, o.names().get(chosen));
    return walk(o.spaces().get(chosen), Paths.join(prefix, o.path()), in, out);
  }

  private static String coupled(
      String prefix, Space.CoupledValues c, Map<String, ?> in, Map<String, Object> out) {
    for (Map<String, Object> option : c.options()) {
      boolean matches =
          option.entrySet().stream()
              .allMatch(e -> same(in.get(Paths.join(prefix, e.getKey())), e.getValue()));
      if (matches) {
        option.forEach((k, v) -> out.put(Paths.join(prefix, k), v));
        return null;
      }
    }
    Map<String, Object> given = new LinkedHashMap<>();
    c.options()
        .get(0)
        .keySet()
        .forEach(k -> given.put(Paths.join(prefix, k), in.get(Paths.join(prefix, k))));
    String where =
        c.path().isEmpty()
            ? "coupled values"
            : "coupled values at '" + Paths.join(prefix, c.path()) + "'";
    return where + ": " + given + " is none of the assignments " + c.options();
  }

  /** Equal, or numbers of the same value. */
  private static boolean same(Object given, Object option) {
    if (Objects.equals(given, option)) {
      return true;
    }
    return given instanceof Number a
        && option instanceof Number b
        && a.doubleValue() == b.doubleValue();
  }
}
