package dev.sweep.sampler;

import dev.sweep.config.Paths;
import dev.sweep.space.Domain;
import dev.sweep.space.FloatDomain;
import dev.sweep.space.ListDomain;
import dev.sweep.space.Space;
import dev.sweep.space.Space.CoupledValues;
import dev.sweep.space.Space.Node;
import dev.sweep.space.Space.OneOf;
import dev.sweep.space.Space.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * Every combination of the space's grid values, the first parameter varying slowest (as {@code
 * itertools.product}); each branch of a {@link Space.OneOf} expands its own sub-grid. Discrete
 * domains contribute all their values, continuous ones their explicit grid points; a continuous
 * domain without grid points is refused. Configs that fail a constraint are skipped, and the size
 * (known before running) counts only those that pass. Create one with {@link Samplers#grid()}.
 */
public final class GridSampler implements Sampler {
  /** Grids with constraints are filtered up front; this bounds that enumeration. */
  static final long MAX_FILTERED = 50_000_000;

  GridSampler() {}

  @Override
  public Sampling start(Space space) {
    Plan plan = Plan.of(space, "");
    if (space.constraints().isEmpty()) {
      return new Sampling() {
        @Override
        public Sample ask(long index) {
          if (index < 0 || index >= plan.size) {
            throw new NoSuchElementException(
                "the grid has " + plan.size + " points; no point " + index);
          }
          Map<String, Object> params = plan.decode(index);
          return new Sample(index, params, space.toConfig(params), space);
        }

        @Override
        public void skip(long index) {} // a point of the grid is its index's alone

        @Override
        public OptionalLong size() {
          return OptionalLong.of(plan.size);
        }
      };
    }
    if (plan.size > MAX_FILTERED) {
      throw new IllegalArgumentException(
          "grid has "
              + plan.size
              + " points; with constraints at most "
              + MAX_FILTERED
              + " can be filtered; use a random sampler or fewer grid points");
    }
    Rejections rejections = new Rejections(space);
    long[] accepted = new long[(int) Math.min(plan.size, 1 << 16)];
    int count = 0;
    for (long i = 0; i < plan.size; i++) {
      if (rejections.allows(space.toConfig(plan.decode(i)))) {
        if (count == accepted.length) {
          accepted = Arrays.copyOf(accepted, (int) Math.min(plan.size, accepted.length * 2L));
        }
        accepted[count++] = i;
      }
    }
    if (count == 0) {
      throw rejections.failure(
          "no point of the " + plan.size + "-point grid satisfied the constraints");
    }
    long[] points = Arrays.copyOf(accepted, count);
    return new Sampling() {
      @Override
      public Sample ask(long index) {
        if (index < 0 || index >= points.length) {
          throw new NoSuchElementException(
              "the grid has "
                  + points.length
                  + " points that satisfy the constraints; no point "
                  + index);
        }
        Map<String, Object> params = plan.decode(points[(int) index]);
        return new Sample(index, params, space.toConfig(params), space);
      }

      @Override
      public void skip(long index) {}

      @Override
      public OptionalLong size() {
        return OptionalLong.of(points.length);
      }
    };
  }

  /** The grid of one space: per node its values (or branches), and their product's size. */
  private static final class Plan {
    final String prefix;
    final List<Node> nodes;
    // Per node: the values of a Param, the sub-plans of a OneOf, or the options of coupled values.
    final List<Object> axes = new ArrayList<>();
    final long[] sizes;
    final long size;

    private Plan(String prefix, List<Node> nodes) {
      this.prefix = prefix;
      this.nodes = nodes;
      this.sizes = new long[nodes.size()];
      long total = 1;
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        long n;
        if (node instanceof Param p) {
          List<Object> values = values(Paths.join(prefix, p.path()), p.domain());
          axes.add(values);
          n = values.size();
        } else if (node instanceof OneOf o) {
          List<Plan> branches = new ArrayList<>();
          n = 0;
          for (Space s : o.spaces()) {
            Plan branch = Plan.of(s, Paths.join(prefix, o.path()));
            branches.add(branch);
            n = Math.addExact(n, branch.size);
          }
          axes.add(branches);
        } else {
          List<Map<String, Object>> options = ((CoupledValues) node).options();
          axes.add(options);
          n = options.size();
        }
        sizes[i] = n;
        try {
          total = Math.multiplyExact(total, n);
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException(
              "the grid has more than 2^63 points; use a random sampler");
        }
      }
      this.size = total;
    }

    static Plan of(Space space, String prefix) {
      return new Plan(prefix, space.nodes());
    }

    private static List<Object> values(String path, Domain domain) {
      return domain
          .gridValues()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      isContinuous(domain)
                          ? "grid sampler: '"
                              + path
                              + "' is the continuous domain "
                              + domain.describe()
                              + " without grid points; give it points with .grid(...) or .quantized(step),"
                              + " or use a random sampler"
                          : "grid sampler: '"
                              + path
                              + "' has too many values for a grid: "
                              + domain.describe()
                              + "; narrow its range or coarsen its step, or use a random sampler"));
    }

    /** Whether the domain has no grid because its values are continuous (not merely too many). */
    private static boolean isContinuous(Domain domain) {
      if (domain instanceof FloatDomain f) {
        return f.step() == 0;
      }
      return domain instanceof ListDomain l && isContinuous(l.item());
    }

    Map<String, Object> decode(long index) {
      Map<String, Object> out = new LinkedHashMap<>();
      decodeInto(index, out);
      return out;
    }

    @SuppressWarnings("unchecked")
    private void decodeInto(long index, Map<String, Object> out) {
      long[] digits = new long[nodes.size()];
      for (int i = nodes.size() - 1; i >= 0; i--) {
        digits[i] = index % sizes[i];
        index /= sizes[i];
      }
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        Object axis = axes.get(i);
        if (node instanceof Param p) {
          out.put(Paths.join(prefix, p.path()), ((List<Object>) axis).get((int) digits[i]));
        } else if (node instanceof OneOf o) {
          long d = digits[i];
          List<Plan> branches = (List<Plan>) axis;
          for (int b = 0; b < branches.size(); b++) {
            if (d < branches.get(b).size) {
              out.put(Paths.join(prefix, o.keyPath()), o.names().get(b));
              branches.get(b).decodeInto(d, out);
              break;
            }
            d -= branches.get(b).size;
          }
        } else {
          // Coupled keys are paths within this plan's space: a branch's go under its prefix.
          ((List<Map<String, Object>>) axis)
              .get((int) digits[i])
              .forEach((k, v) -> out.put(Paths.join(prefix, k), v));
        }
      }
    }
  }

  @Override
  public String toString() {
    return "grid";
  }
}
