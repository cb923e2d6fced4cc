package dev.sweep.sampler.search;

import dev.sweep.config.Config;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Rejections;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * One sweep of a quasi-random sampler (Sobol, Latin hypercube): trial {@code i} takes its point of
 * the unit cube, read through the space's {@link SpaceEncoding}; while constraints reject it,
 * random points of trial {@code i}'s own stream take its place.
 */
final class CubeSampling implements Sampler.Sampling {

  /** Where trials lie in the unit cube. */
  interface Points {
    /**
     * Trial {@code index}'s point, of {@link #dimensions} coordinates; {@code rng} is the trial's
     * stream, which the sampling goes on drawing from.
     */
    double[] point(long index, SplittableRandom rng);
  }

  private final Space space;
  private final SpaceEncoding encoding;
  private final long seed;
  private final int maxAttempts;
  private final Points points;
  private final OptionalLong size;
  private final Rejections rejections;

  CubeSampling(
      Space space,
      SpaceEncoding encoding,
      long seed,
      int maxAttempts,
      Points points,
      OptionalLong size) {
    this.space = space;
    this.encoding = encoding;
    this.seed = seed;
    this.maxAttempts = maxAttempts;
    this.points = points;
    this.size = size;
    this.rejections = new Rejections(space);
  }

  /**
   * The coordinates of a point of {@code encoding}'s unit cube: at least 1, which a space of lists
   * alone ignores.
   */
  static int dimensions(SpaceEncoding encoding) {
    return Math.max(1, encoding.dimensions());
  }

  /**
   * @throws dev.sweep.sampler.ConstraintsUnsatisfiedException naming the constraints that rejected
   *     every point
   */
  @Override
  public Sample ask(long index) {
    SplittableRandom rng = RandomSampler.stream(seed, index);
    double[] point = points.point(index, rng);
    rejections.reset();
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt > 0) {
        for (int i = 0; i < point.length; i++) {
          point[i] = rng.nextDouble();
        }
      }
      Map<String, Object> params = encoding.decode(encoding.fromUnitCube(point), rng);
      Config config = space.toConfig(params);
      if (rejections.allows(config)) {
        return new Sample(index, params, config, space);
      }
    }
    throw rejections.failure(
        "trial " + index + ": no point satisfied the constraints in " + maxAttempts + " attempts");
  }

  @Override
  public OptionalLong size() {
    return size;
  }
}
