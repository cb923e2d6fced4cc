package dev.sweep.samplers;

import dev.sweep.config.Config;
import dev.sweep.config.Paths;
import dev.sweep.sampler.Rejections;
import dev.sweep.sampler.Sample;
import dev.sweep.space.ListDomain;
import dev.sweep.space.ScalarDomain;
import dev.sweep.space.Space;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A space laid out on the unit cube, for quasi-random samplers: one coordinate per parameter, per
 * branch choice and per set of coupled values, each read through its domain's distribution
 * ({@link ScalarDomain#atQuantile}). Every branch keeps coordinates of its own, so a parameter's
 * coordinate does not depend on which branch was chosen before it; lists, whose length varies,
 * take no coordinate and draw from the trial's random stream.
 */
final class UnitCube {
  private final Space space;
  private final int dimensions;

  UnitCube(Space space) {
    this.space = space;
    this.dimensions = dimensions(space);
  }

  /** The number of coordinates a point needs (at least 1, which a space of lists alone ignores). */
  int dimensions() {
    return Math.max(1, dimensions);
  }

  private static int dimensions(Space space) {
    int n = 0;
    for (Space.Node node : space.nodes()) {
      if (node instanceof Space.Param p) {
        n += p.domain() instanceof ScalarDomain ? 1 : 0;
      } else if (node instanceof Space.OneOf o) {
        n += 1;
        for (Space branch : o.spaces()) {
          n += dimensions(branch);
        }
      } else {
        n += 1;
      }
    }
    return n;
  }

  /**
   * The sample of trial {@code index} at {@code point} or, while constraints reject it, at random
   * points of {@code rng}: at most {@code maxAttempts} points in all.
   *
   * @throws dev.sweep.sampler.ConstraintsUnsatisfiedException naming the constraints that rejected them
   */
  Sample sample(long index, double[] point, RandomGenerator rng, Rejections rejections, int maxAttempts) {
    rejections.reset();
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt > 0) {
        for (int i = 0; i < point.length; i++) {
          point[i] = rng.nextDouble();
        }
      }
      Map<String, Object> params = params(point, rng);
      Config config = space.toConfig(params);
      if (rejections.allows(config)) {
        return new Sample(index, params, config, space);
      }
    }
    throw rejections.failure("trial " + index + ": no point satisfied the constraints in " + maxAttempts + " attempts");
  }

  /** The sampled values at {@code point}, in declaration order. */
  Map<String, Object> params(double[] point, RandomGenerator rng) {
    Map<String, Object> out = new LinkedHashMap<>();
    fill(space, "", point, 0, rng, out);
    return out;
  }

  private static int fill(Space space, String prefix, double[] point, int at, RandomGenerator rng, Map<String, Object> out) {
    for (Space.Node node : space.nodes()) {
      if (node instanceof Space.Param p) {
        String path = Paths.join(prefix, p.path());
        if (p.domain() instanceof ScalarDomain d) {
          out.put(path, d.atQuantile(point[at++]));
        } else {
          out.put(path, ((ListDomain) p.domain()).sample(rng));
        }
      } else if (node instanceof Space.OneOf o) {
        int chosen = pick(point[at++], o.names().size(), o.weights());
        out.put(Paths.join(prefix, o.keyPath()), o.names().get(chosen));
        int branchAt = at;
        for (int i = 0; i < o.spaces().size(); i++) {
          if (i == chosen) {
            fill(o.spaces().get(i), Paths.join(prefix, o.path()), point, branchAt, rng, out);
          }
          branchAt += dimensions(o.spaces().get(i));
        }
        at = branchAt;
      } else {
        Space.CoupledValues c = (Space.CoupledValues) node;
        Map<String, Object> option = c.options().get(pick(point[at++], c.options().size(), null));
        option.forEach((key, value) -> out.put(Paths.join(prefix, key), value));
      }
    }
    return at;
  }

  /** The option whose cell, as wide as its weight (equal cells without weights), holds {@code u}. */
  static int pick(double u, int n, double[] weights) {
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
