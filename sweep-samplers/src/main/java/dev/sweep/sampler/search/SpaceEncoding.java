package dev.sweep.sampler.search;

import dev.sweep.config.Paths;
import dev.sweep.space.ChoiceDomain;
import dev.sweep.space.FloatDomain;
import dev.sweep.space.IntDomain;
import dev.sweep.space.ListDomain;
import dev.sweep.space.ScalarDomain;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A space as points, the one encoding that every sampler of this package works in (as Optuna's
 * search-space transform): a coordinate per parameter that is not a list, per branch choice and per
 * set of coupled values. A numeric coordinate holds the value's quantile in its domain's
 * distribution ({@link ScalarDomain#quantileOf}), on [0, 1], where the domain's prior is uniform,
 * so that log domains are modelled in log space and integers by their cells; a categorical one
 * holds the index of its category. TPE and the Gaussian process {@link #encode} the trials they
 * learn from and {@link #decode} their proposals; Sobol and the Latin hypercube place points in the
 * unit cube and read them through {@link #fromUnitCube}.
 *
 * <p>The space is a tree of {@link Level}s, the root's and one per branch, each with the
 * coordinates that every config reaching it has. Every branch keeps coordinates of its own, so that
 * a parameter's coordinate does not depend on which branch was chosen before it; they are numbered
 * depth first in declaration order. Lists, whose length varies, take no coordinate and are drawn
 * from the trial's random stream when a point is decoded.
 */
final class SpaceEncoding {

  /** What a coordinate encodes. */
  enum Kind {
    /** A float parameter: its quantile. */
    CONTINUOUS,
    /** An integer parameter: the quantile of its cell's middle. */
    INTEGER,
    /** A choice parameter: the index of its value. */
    CATEGORICAL,
    /** Coupled values: the index of the assignment. */
    COUPLED,
    /** A branch choice: the index of the branch's name. */
    BRANCH;

    boolean numeric() {
      return this == CONTINUOUS || this == INTEGER;
    }

    /** For messages: "a number", "a choice", "coupled values" or "a branch". */
    String describe() {
      return switch (this) {
        case CONTINUOUS, INTEGER -> "a number";
        case CATEGORICAL -> "a choice";
        case COUPLED -> "coupled values";
        case BRANCH -> "a branch";
      };
    }
  }

  /** One coordinate; {@code index} is its place in every point. */
  static final class Coordinate {
    final int index;
    final String path;
    final Kind kind;
    final int choices; // the categories; 0 for numeric coordinates
    final double[] prior; // the categories' prior probabilities; null: uniform
    private final Space.Node node;

    private Coordinate(
        int index, String path, Kind kind, Space.Node node, int choices, double[] prior) {
      this.index = index;
      this.path = path;
      this.kind = kind;
      this.node = node;
      this.choices = choices;
      this.prior = prior;
    }

    boolean numeric() {
      return kind.numeric();
    }

    /**
     * This coordinate's value in a config's params, at a level under {@code prefix}; NaN if absent.
     */
    double encode(Map<String, Object> params, String prefix) {
      if (node instanceof Space.Param p) {
        Object v = params.get(path);
        if (v == null) {
          return Double.NaN;
        }
        if (p.domain() instanceof ChoiceDomain c) {
          int i = c.values().indexOf(v);
          return i < 0 ? Double.NaN : i;
        }
        try {
          return ((ScalarDomain) p.domain()).quantileOf(v);
        } catch (IllegalArgumentException outside) { // an adopted value of an older space
          return Double.NaN;
        }
      }
      if (node instanceof Space.OneOf o) {
        Object name = params.get(path); // absent where an enclosing branch was not chosen
        int i = name == null ? -1 : o.names().indexOf(name);
        return i < 0 ? Double.NaN : i;
      }
      List<Map<String, Object>> options = ((Space.CoupledValues) node).options();
      for (int i = 0; i < options.size(); i++) {
        boolean all = true;
        for (Map.Entry<String, Object> e : options.get(i).entrySet()) {
          all &= Objects.equals(params.get(Paths.join(prefix, e.getKey())), e.getValue());
        }
        if (all) {
          return i;
        }
      }
      return Double.NaN;
    }

    /**
     * The category whose cell of [0, 1], as wide as its prior probability (equal cells without
     * one), holds {@code u}; a choice's cells are its domain's own.
     */
    int categoryAt(double u) {
      if (node instanceof Space.Param p) {
        ChoiceDomain c = (ChoiceDomain) p.domain();
        return c.values().indexOf(c.atQuantile(u));
      }
      return pick(u, choices, node instanceof Space.OneOf o ? o.weights() : null);
    }
  }

  /** The coordinates of one level, and the levels of its branches. */
  static final class Level {
    final String prefix;
    final List<Space.Node> nodes;
    final List<Coordinate> coordinates =
        new ArrayList<>(); // one per node that is not a list, in node order
    final List<List<Level>> branches = new ArrayList<>(); // per OneOf node, one level per branch

    private Level(String prefix, List<Space.Node> nodes) {
      this.prefix = prefix;
      this.nodes = nodes;
    }
  }

  /** Decodes a chosen branch's level: its own coordinates are still to be chosen. */
  interface BranchDecoder {
    void decode(Level branch, Coordinate key, int name);
  }

  private final Level root;
  private final List<Coordinate> coordinates = new ArrayList<>();
  private final List<Coordinate> view = Collections.unmodifiableList(coordinates);

  SpaceEncoding(Space space) {
    this.root = level("", space);
  }

  Level root() {
    return root;
  }

  /** Every coordinate, by index. */
  List<Coordinate> coordinates() {
    return view;
  }

  /** The number of coordinates in a point. */
  int dimensions() {
    return coordinates.size();
  }

  private Level level(String prefix, Space space) {
    Level level = new Level(prefix, space.nodes());
    for (Space.Node node : space.nodes()) {
      if (node instanceof Space.Param p) {
        String path = Paths.join(prefix, p.path());
        if (p.domain() instanceof ChoiceDomain c) {
          level.coordinates.add(
              coordinate(path, Kind.CATEGORICAL, node, c.values().size(), c.probabilities()));
        } else if (p.domain() instanceof FloatDomain) {
          level.coordinates.add(coordinate(path, Kind.CONTINUOUS, node, 0, null));
        } else if (p.domain() instanceof IntDomain) {
          level.coordinates.add(coordinate(path, Kind.INTEGER, node, 0, null));
        }
      } else if (node instanceof Space.OneOf o) {
        level.coordinates.add(
            coordinate(
                Paths.join(prefix, o.keyPath()),
                Kind.BRANCH,
                node,
                o.names().size(),
                normalised(o.weights())));
        List<Level> branches = new ArrayList<>();
        for (Space branch : o.spaces()) {
          branches.add(level(Paths.join(prefix, o.path()), branch));
        }
        level.branches.add(branches);
      } else {
        int options = ((Space.CoupledValues) node).options().size();
        level.coordinates.add(coordinate(prefix, Kind.COUPLED, node, options, null));
      }
    }
    return level;
  }

  private Coordinate coordinate(
      String path, Kind kind, Space.Node node, int choices, double[] prior) {
    Coordinate c = new Coordinate(coordinates.size(), path, kind, node, choices, prior);
    coordinates.add(c);
    return c;
  }

  private static double[] normalised(double[] weights) {
    if (weights == null) {
      return null;
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] p = new double[weights.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = weights[i] / total;
    }
    return p;
  }

  /** The point of a config's params: NaN where a coordinate's parameter is absent. */
  double[] encode(Map<String, Object> params) {
    double[] point = new double[coordinates.size()];
    encode(root, params, point);
    return point;
  }

  private static void encode(Level level, Map<String, Object> params, double[] point) {
    for (Coordinate c : level.coordinates) {
      point[c.index] = c.encode(params, level.prefix);
    }
    for (List<Level> branches : level.branches) {
      for (Level b : branches) {
        encode(b, params, point);
      }
    }
  }

  /**
   * The point of the unit cube {@code u} (at least {@link #dimensions()} long) in this encoding:
   * numeric coordinates as they are, categorical ones as the category whose cell holds them.
   */
  double[] fromUnitCube(double[] u) {
    double[] point = u.clone();
    for (Coordinate c : coordinates) {
      if (!c.numeric()) {
        point[c.index] = c.categoryAt(u[c.index]);
      }
    }
    return point;
  }

  /** The params at {@code point}, in declaration order; lists drawn from {@code rng}. */
  Map<String, Object> decode(double[] point, RandomGenerator rng) {
    Map<String, Object> out = new LinkedHashMap<>();
    decodeAll(root, point, rng, out);
    return out;
  }

  private static void decodeAll(
      Level level, double[] point, RandomGenerator rng, Map<String, Object> out) {
    decode(level, point, rng, out, (branch, key, name) -> decodeAll(branch, point, rng, out));
  }

  /**
   * Writes one level's params at {@code point} into {@code out}, in declaration order, calling
   * {@code branch} where the chosen branch's own params go; lists are drawn from {@code rng}.
   */
  static void decode(
      Level level,
      double[] point,
      RandomGenerator rng,
      Map<String, Object> out,
      BranchDecoder branch) {
    int coordinate = 0;
    int oneOf = 0;
    for (Space.Node node : level.nodes) {
      if (node instanceof Space.Param p) {
        String path = Paths.join(level.prefix, p.path());
        if (p.domain() instanceof ChoiceDomain c) {
          out.put(path, c.values().get((int) point[level.coordinates.get(coordinate++).index]));
        } else if (p.domain() instanceof ScalarDomain d) {
          out.put(path, d.atQuantile(point[level.coordinates.get(coordinate++).index]));
        } else {
          out.put(path, ((ListDomain) p.domain()).sample(rng));
        }
      } else if (node instanceof Space.OneOf o) {
        Coordinate key = level.coordinates.get(coordinate++);
        int name = (int) point[key.index];
        out.put(key.path, o.names().get(name));
        branch.decode(level.branches.get(oneOf++).get(name), key, name);
      } else {
        Space.CoupledValues c = (Space.CoupledValues) node;
        Map<String, Object> option =
            c.options().get((int) point[level.coordinates.get(coordinate++).index]);
        option.forEach((k, v) -> out.put(Paths.join(level.prefix, k), v));
      }
    }
  }

  /**
   * The option whose cell, as wide as its weight (equal cells without weights), holds {@code u}.
   */
  private static int pick(double u, int n, double[] weights) {
    double q = Math.min(1, Math.max(0, u));
    if (weights == null) {
      return (int) Math.min(n - 1, Math.floor(q * n));
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = q * total;
    int last = 0;
    for (int i = 0; i < n; i++) {
      if (weights[i] > 0) {
        last = i;
        x -= weights[i];
        if (x < 0) {
          return i;
        }
      }
    }
    return last;
  }
}
