package dev.sweep.space;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * A real-valued parameter: uniform, log-uniform, a normal or log-normal truncated to a range, or a
 * beta on [0, 1]; optionally quantized to a step and given explicit grid points. Create one with
 * {@link Floats}.
 *
 * <pre>{@code
 * Floats.logUniform(1e-4, 1e-1)                  // learning rate
 * Floats.uniform(0, 1).quantized(0.05)           // dropout in steps of 0.05: a grid knows its 21 values
 * Floats.logUniform(1e-5, 1e-2).grid(1e-5, 1e-4, 1e-3)
 * }</pre>
 */
public final class FloatDomain implements ScalarDomain {

  /** How values are drawn. */
  public enum Kind {
    UNIFORM,
    LOG_UNIFORM,
    NORMAL,
    LOG_NORMAL,
    /** Beta(a, b) on [0, 1]: {@code mu} holds a, {@code sigma} b. */
    BETA
  }

  private static final int MAX_QUANTIZED_GRID = 100_000;

  private final Kind kind;
  private final double lo;
  private final double hi;
  private final double mu;
  private final double sigma;
  private final boolean quantized; // set by quantized(step), also for a bad step such as 0
  private final double step;
  private final List<Double> grid;
  private final boolean whole; // set by wholeNumbers(): values come out as Long

  FloatDomain(
      Kind kind, double lo, double hi, double mu, double sigma, double step, List<Double> grid) {
    this(kind, lo, hi, mu, sigma, step != 0, step, grid, false);
  }

  private FloatDomain(
      Kind kind,
      double lo,
      double hi,
      double mu,
      double sigma,
      boolean quantized,
      double step,
      List<Double> grid,
      boolean whole) {
    this.kind = kind;
    this.quantized = quantized;
    this.lo = lo;
    this.hi = hi;
    this.mu = mu;
    this.sigma = sigma;
    this.step = step;
    this.grid = grid;
    this.whole = whole;
  }

  /** A copy whose values are rounded to the nearest multiple of {@code step} within the range. */
  public FloatDomain quantized(double step) {
    return new FloatDomain(kind, lo, hi, mu, sigma, true, step, grid, whole);
  }

  /**
   * A copy whose values come out as whole numbers ({@code Long}, {@code 16} rather than {@code
   * 16.0}), for a step that is a whole number: as W&amp;B's sweeps give integers for an integer
   * {@code q} of {@code q_normal}, {@code q_log_uniform_values}, {@code q_beta} and the others.
   * {@link #check} wants a quantized domain whose step is a whole number, within ±2^53.
   */
  public FloatDomain wholeNumbers() {
    return new FloatDomain(kind, lo, hi, mu, sigma, quantized, step, grid, true);
  }

  /** Whether values come out as whole numbers ({@link #wholeNumbers()}). */
  public boolean isWhole() {
    return whole;
  }

  /** A copy that a grid sweep visits at exactly these points (random sampling is unchanged). */
  public FloatDomain grid(double... points) {
    List<Double> list = new ArrayList<>(points.length);
    for (double p : points) {
      list.add(p);
    }
    return new FloatDomain(kind, lo, hi, mu, sigma, quantized, step, List.copyOf(list), whole);
  }

  public Kind kind() {
    return kind;
  }

  /** The lower bound of the range. */
  public double lo() {
    return lo;
  }

  /** The upper bound of the range. */
  public double hi() {
    return hi;
  }

  /** Whether values are spread on a log scale (log-uniform and log-normal). */
  public boolean isLog() {
    return kind == Kind.LOG_UNIFORM || kind == Kind.LOG_NORMAL;
  }

  /** The quantization step, or 0 when values are continuous. */
  public double step() {
    return step;
  }

  @Override
  public void check(String path) {
    String what = describe();
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%s: %s needs finite lo < hi, got [%s, %s]", path, what, lo, hi));
    }
    if (isLog() && !(lo > 0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s: %s needs 0 < lo < hi, got [%s, %s]", path, what, lo, hi));
    }
    if (kind == Kind.BETA
        && !(mu > 0 && sigma > 0 && Double.isFinite(mu) && Double.isFinite(sigma))) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: %s needs finite shapes a > 0 and b > 0, got a %s, b %s",
              path,
              what,
              mu,
              sigma));
    }
    if ((kind == Kind.NORMAL || kind == Kind.LOG_NORMAL)) {
      if (!Double.isFinite(mu) || !(sigma > 0) || !Double.isFinite(sigma)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: %s needs a finite mean and a finite sd > 0, got mean %s, sd %s",
                path,
                what,
                mu,
                sigma));
      }
      if (!(massBetween() > 1e-12)) {
        throw new IllegalArgumentException(
            kind == Kind.NORMAL
                ? String.format(
                    Locale.ROOT,
                    "%s: %s has no probability mass in its range; move the mean into [%s, %s] or widen the sd",
                    path,
                    what,
                    lo,
                    hi)
                : String.format(
                    Locale.ROOT,
                    "%s: %s has no probability mass in its range; move mu into [log(lo), log(hi)] = [%.4g, %.4g] or widen sigma",
                    path,
                    what,
                    Math.log(lo),
                    Math.log(hi)));
      }
    }
    if (quantized) {
      if (!(step > 0) || !Double.isFinite(step)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "%s: %s needs a finite step > 0, got %s", path, what, step));
      }
      if (firstK().compareTo(lastK()) > 0) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: %s has no multiple of the step %s in [%s, %s]",
                path,
                what,
                step,
                lo,
                hi));
      }
    }
    if (whole
        && !(quantized
            && step == Math.rint(step)
            && Math.abs(lo) < 0x1p53
            && Math.abs(hi) < 0x1p53)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: %s gives whole numbers only with a whole-number step and a range within ±2^53",
              path,
              what));
    }
    if (grid != null) {
      if (grid.isEmpty()) {
        throw new IllegalArgumentException(
            path + ": " + what + " has an empty list of grid points");
      }
      Set<Double> seen = new HashSet<>();
      for (double p : grid) {
        if (!(p >= lo && p <= hi)) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "%s: grid point %s of %s is outside [%s, %s]",
                  path,
                  p,
                  what,
                  lo,
                  hi));
        }
        if (!seen.add(p)) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "%s: grid point %s of %s is listed twice; points must be distinct",
                  path,
                  p,
                  what));
        }
      }
    }
  }

  private double[] transformedRange() {
    return isLog() ? new double[] {Math.log(lo), Math.log(hi)} : new double[] {lo, hi};
  }

  private double massBetween() {
    double[] r = transformedRange();
    return phi((r[1] - mu) / sigma) - phi((r[0] - mu) / sigma);
  }

  private static double phi(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }

  @Override
  public Object sample(RandomGenerator rng) {
    double value;
    switch (kind) {
      case UNIFORM -> {
        double u = rng.nextDouble();
        double span = hi - lo;
        // A span beyond Double.MAX_VALUE overflows; interpolate instead.
        value = Double.isFinite(span) ? lo + span * u : lo * (1 - u) + hi * u;
      }
      case LOG_UNIFORM ->
          value = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.nextDouble());
      case BETA -> value = beta().inverseCumulativeProbability(rng.nextDouble());
      default -> value = truncatedNormal(rng);
    }
    return out(quantized ? quantize(value) : clamp(value));
  }

  /** {@code value} as it comes out: a {@code Long} for whole numbers, else the double. */
  private Object out(double value) {
    return whole ? (Object) Math.round(value) : (Object) value;
  }

  @Override
  public Object atQuantile(double u) {
    double q = Math.min(1, Math.max(0, u));
    double value =
        switch (kind) {
          case UNIFORM -> Double.isFinite(hi - lo) ? lo + (hi - lo) * q : lo * (1 - q) + hi * q;
          case LOG_UNIFORM -> Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * q);
          case BETA -> beta().inverseCumulativeProbability(q);
          default -> {
            double[] r = transformedRange();
            double a = phi((r[0] - mu) / sigma);
            double b = phi((r[1] - mu) / sigma);
            double p = a + (b - a) * q;
            double z =
                p <= 0 ? r[0] : p >= 1 ? r[1] : mu + sigma * Math.sqrt(2) * Erf.erfInv(2 * p - 1);
            z = Math.min(r[1], Math.max(r[0], z));
            yield isLog() ? Math.exp(z) : z;
          }
        };
    return out(quantized ? quantize(value) : clamp(value));
  }

  @Override
  public double quantileOf(Object value) {
    if (!(value instanceof Number n) || !(n.doubleValue() >= lo && n.doubleValue() <= hi)) {
      throw new IllegalArgumentException(value + " is not a value of " + describe());
    }
    double x = n.doubleValue();
    double q =
        switch (kind) {
          case UNIFORM -> (x - lo) / (hi - lo);
          case LOG_UNIFORM -> (Math.log(x) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
          case BETA -> beta().cumulativeProbability(x);
          default -> {
            double[] r = transformedRange();
            double a = phi((r[0] - mu) / sigma);
            double b = phi((r[1] - mu) / sigma);
            double z = isLog() ? Math.log(x) : x;
            yield (phi((z - mu) / sigma) - a) / (b - a);
          }
        };
    return Math.min(1, Math.max(0, q));
  }

  private BetaDistribution beta() {
    return new BetaDistribution(
        null, mu, sigma, 1e-14); // the caller's generator; quantiles exact to 1e-14
  }

  /** Rejection from the untruncated normal while that is cheap, else inverse-CDF sampling. */
  private double truncatedNormal(RandomGenerator rng) {
    double[] r = transformedRange();
    double z;
    int attempts = 0;
    do {
      z = mu + sigma * rng.nextGaussian();
      if (++attempts > 32) {
        double a = phi((r[0] - mu) / sigma);
        double b = phi((r[1] - mu) / sigma);
        double u = a + (b - a) * rng.nextDouble();
        z = mu + sigma * Math.sqrt(2) * Erf.erfInv(2 * u - 1);
        z = Math.min(r[1], Math.max(r[0], z));
        break;
      }
    } while (z < r[0] || z > r[1]);
    return isLog() ? Math.exp(z) : z;
  }

  private double clamp(double value) {
    // exp(log(x)) may land an ulp outside the range.
    return Math.min(hi, Math.max(lo, value));
  }

  /**
   * Rounds to the nearest multiple of the step within the range. Quotients are taken in decimal, so
   * that 0.7 is a multiple of 0.1 (in binary, 0.7 / 0.1 is 6.999999999999999).
   */
  private double quantize(double value) {
    BigDecimal k =
        BigDecimal.valueOf(value).divide(BigDecimal.valueOf(step), 0, RoundingMode.HALF_EVEN);
    return multiple(k.max(firstK()).min(lastK()));
  }

  /** The smallest k with k × step >= lo. */
  private BigDecimal firstK() {
    return BigDecimal.valueOf(lo).divide(BigDecimal.valueOf(step), 0, RoundingMode.CEILING);
  }

  /** The largest k with k × step <= hi. */
  private BigDecimal lastK() {
    return BigDecimal.valueOf(hi).divide(BigDecimal.valueOf(step), 0, RoundingMode.FLOOR);
  }

  /** {@code k * step} without binary noise: 3 × 0.1 is 0.3, not 0.30000000000000004. */
  private double multiple(BigDecimal k) {
    return BigDecimal.valueOf(step).multiply(k).doubleValue();
  }

  @Override
  public Optional<List<Object>> gridValues() {
    if (grid != null) {
      return Optional.of(grid.stream().map(this::out).toList());
    }
    if (!quantized) {
      return Optional.empty();
    }
    BigDecimal first = firstK();
    BigDecimal count = lastK().subtract(first).add(BigDecimal.ONE);
    if (count.compareTo(BigDecimal.valueOf(MAX_QUANTIZED_GRID)) > 0) {
      return Optional.empty();
    }
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < count.intValueExact(); i++) {
      values.add(out(multiple(first.add(BigDecimal.valueOf(i)))));
    }
    return Optional.of(values);
  }

  /**
   * {@code value} as this domain gives it out, if it is one of its values: a number within the
   * range, on the grid or a multiple of the step where the domain has one, whole where it gives
   * whole numbers.
   */
  Optional<Object> member(Object value) {
    if (!(value instanceof Number n) || !(n.doubleValue() >= lo && n.doubleValue() <= hi)) {
      return Optional.empty();
    }
    double x = n.doubleValue();
    boolean onPoints =
        grid != null
            ? grid.contains(x)
            : !quantized || Math.abs(quantize(x) - x) <= 1e-9 * Math.max(1, Math.abs(x));
    boolean wholeEnough = !whole || x == Math.rint(x);
    return onPoints && wholeEnough ? Optional.of(out(x)) : Optional.empty();
  }

  @Override
  public String describe() {
    String range = String.format(Locale.ROOT, "[%s, %s]", lo, hi);
    String base =
        switch (kind) {
          case UNIFORM -> "uniform" + range;
          case LOG_UNIFORM -> "logUniform" + range;
          case NORMAL -> String.format(Locale.ROOT, "normal(%s, %s)%s", mu, sigma, range);
          case LOG_NORMAL -> String.format(Locale.ROOT, "logNormal(%s, %s)%s", mu, sigma, range);
          case BETA -> String.format(Locale.ROOT, "beta(%s, %s)", mu, sigma);
        };
    String quantum = quantized ? base + String.format(Locale.ROOT, " step %s", step) : base;
    return whole ? quantum + " as integers" : quantum;
  }

  @Override
  public String toString() {
    return describe();
  }
}
