package dev.sweep.space;

import dev.sweep.space.FloatDomain.Kind;

/**
 * Factories of real-valued domains.
 *
 * <pre>{@code
 * Space.builder()
 *     .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
 *     .add("optim.momentum", Floats.uniform(0.8, 0.99).quantized(0.01))
 *     .add("init.scale", Floats.normal(1.0, 0.2, 0.5, 1.5))
 *     .build();
 * }</pre>
 */
public final class Floats {
  private Floats() {}

  /** Uniform on {@code [lo, hi]}. */
  public static FloatDomain uniform(double lo, double hi) {
    return new FloatDomain(Kind.UNIFORM, lo, hi, Double.NaN, Double.NaN, 0, null);
  }

  /** Log-uniform on {@code [lo, hi]}, {@code 0 < lo < hi}: each decade is equally likely. */
  public static FloatDomain logUniform(double lo, double hi) {
    return new FloatDomain(Kind.LOG_UNIFORM, lo, hi, Double.NaN, Double.NaN, 0, null);
  }

  /** Normal with this mean and standard deviation, truncated to {@code [lo, hi]}. */
  public static FloatDomain normal(double mean, double sd, double lo, double hi) {
    return new FloatDomain(Kind.NORMAL, lo, hi, mean, sd, 0, null);
  }

  /**
   * Log-normal: {@code exp(N(mu, sigma))}, truncated to {@code [lo, hi]}, {@code 0 < lo < hi}
   * ({@code mu} and {@code sigma} are those of the logarithm, as in numpy).
   */
  public static FloatDomain logNormal(double mu, double sigma, double lo, double hi) {
    return new FloatDomain(Kind.LOG_NORMAL, lo, hi, mu, sigma, 0, null);
  }

  /** Beta with shapes {@code a} and {@code b}, on [0, 1] (W&amp;B's {@code beta}). */
  public static FloatDomain beta(double a, double b) {
    return new FloatDomain(Kind.BETA, 0, 1, a, b, 0, null);
  }
}
