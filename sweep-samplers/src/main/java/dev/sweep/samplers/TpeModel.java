package dev.sweep.samplers;

import dev.sweep.config.Paths;
import dev.sweep.space.ChoiceDomain;
import dev.sweep.space.ListDomain;
import dev.sweep.space.ScalarDomain;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A space as TPE models it: a tree of levels, one for the root and one for each branch, each with
 * the dimensions that every trial reaching it has. A numeric dimension lives on [0, 1] through its
 * domain's distribution ({@link ScalarDomain#quantileOf}), where the domain's prior is uniform; a
 * choice, a branch's name and a set of coupled values are categorical.
 */
final class TpeModel {

  /** One modelled dimension; {@code index} is its slot in every observation's values. */
  static final class Dim {
    final int index;
    final String path;
    final ScalarDomain numeric; // null for categorical dimensions
    final int choices; // 0 for numeric dimensions
    final double[] prior; // the categories' prior probabilities; null: uniform
    private final Space.Node node;

    Dim(int index, String path, Space.Node node, ScalarDomain numeric, int choices, double[] prior) {
      this.index = index;
      this.path = path;
      this.node = node;
      this.numeric = numeric;
      this.choices = choices;
      this.prior = prior;
    }

    boolean isNumeric() {
      return numeric != null;
    }

    /** What this dimension models, for messages: "a number", "a choice", "a branch" or "coupled values". */
    String kind() {
      return node instanceof Space.OneOf ? "a branch" : node instanceof Space.CoupledValues ? "coupled values"
          : isNumeric() ? "a number" : "a choice";
    }

    /** This dimension's value in a trial's params: a quantile or a category, NaN if absent. */
    double valueOf(Map<String, Object> params, String prefix) {
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
          return numeric.quantileOf(v);
        } catch (IllegalArgumentException outside) { // an adopted value of an older space
          return Double.NaN;
        }
      }
      if (node instanceof Space.OneOf o) {
        int i = o.names().indexOf(params.get(path));
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
  }

  /** The dimensions of one level, and the branches below it. */
  static final class Level {
    final String prefix;
    final List<Space.Node> nodes;
    final List<Dim> dims = new ArrayList<>(); // one per node that is not a list, in node order
    final List<List<Level>> branches = new ArrayList<>(); // per OneOf node, one level per branch

    Level(String prefix, List<Space.Node> nodes) {
      this.prefix = prefix;
      this.nodes = nodes;
    }
  }

  final Level root;
  final List<Dim> dims = new ArrayList<>();

  TpeModel(Space space) {
    this.root = level("", space);
  }

  private Level level(String prefix, Space space) {
    Level level = new Level(prefix, space.nodes());
    for (Space.Node node : space.nodes()) {
      if (node instanceof Space.Param p) {
        String path = Paths.join(prefix, p.path());
        if (p.domain() instanceof ChoiceDomain c) {
          level.dims.add(dim(path, node, null, c.values().size(), c.probabilities()));
        } else if (p.domain() instanceof ScalarDomain d) {
          level.dims.add(dim(path, node, d, 0, null));
        }
      } else if (node instanceof Space.OneOf o) {
        level.dims.add(dim(Paths.join(prefix, o.keyPath()), node, null, o.names().size(), normalised(o.weights())));
        List<Level> branches = new ArrayList<>();
        for (Space branch : o.spaces()) {
          branches.add(level(Paths.join(prefix, o.path()), branch));
        }
        level.branches.add(branches);
      } else {
        level.dims.add(dim(prefix, node, null, ((Space.CoupledValues) node).options().size(), null));
      }
    }
    return level;
  }

  private Dim dim(String path, Space.Node node, ScalarDomain numeric, int choices, double[] prior) {
    Dim d = new Dim(dims.size(), path, node, numeric, choices, prior);
    dims.add(d);
    return d;
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

  /** Every modelled value of {@code params}, NaN where a dimension is absent. */
  double[] values(Map<String, Object> params) {
    double[] v = new double[dims.size()];
    fillValues(root, params, v);
    return v;
  }

  private static void fillValues(Level level, Map<String, Object> params, double[] out) {
    for (Dim d : level.dims) {
      out[d.index] = d.valueOf(params, level.prefix);
    }
    for (List<Level> branches : level.branches) {
      for (Level b : branches) {
        fillValues(b, params, out);
      }
    }
  }

  /**
   * Writes one level's chosen values into {@code out}, in declaration order, calling
   * {@code branch} where a branch's own parameters go. Lists, which TPE does not model, are drawn.
   */
  static void write(Level level, double[] chosen, RandomGenerator rng, Map<String, Object> out, BranchSampler branch) {
    int dim = 0;
    int oneOf = 0;
    for (Space.Node node : level.nodes) {
      if (node instanceof Space.Param p) {
        String path = Paths.join(level.prefix, p.path());
        if (p.domain() instanceof ChoiceDomain c) {
          out.put(path, c.values().get((int) chosen[level.dims.get(dim++).index]));
        } else if (p.domain() instanceof ScalarDomain d) {
          out.put(path, d.atQuantile(chosen[level.dims.get(dim++).index]));
        } else {
          out.put(path, ((ListDomain) p.domain()).sample(rng));
        }
      } else if (node instanceof Space.OneOf o) {
        Dim key = level.dims.get(dim++);
        int name = (int) chosen[key.index];
        out.put(key.path, o.names().get(name));
        branch.sample(level.branches.get(oneOf++).get(name), key, name);
      } else {
        Space.CoupledValues c = (Space.CoupledValues) node;
        Map<String, Object> option = c.options().get((int) chosen[level.dims.get(dim++).index]);
        option.forEach((k, v) -> out.put(Paths.join(level.prefix, k), v));
      }
    }
  }

  /** Samples a chosen branch's level from the trials that chose it too. */
  interface BranchSampler {
    void sample(Level branch, Dim key, int name);
  }
}
