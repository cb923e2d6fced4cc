package dev.sweep.sampler.search;

import java.util.Arrays;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * A Gaussian process on the unit cube with a Matérn 5/2 kernel, one length scale per dimension:
 * conditioned on observations (standardised to mean 0 and variance 1), it gives the posterior mean
 * and variance of the function anywhere. Its hyperparameters (the length scales, the signal's and
 * the noise's variance) are the maximum a posteriori ones, found by BOBYQA from the last ones.
 */
final class GaussianProcess {
  private static final double SQRT5 = Math.sqrt(5);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  // bounds of the log hyperparameters: length scales on [0, 1], the variances of standardised
  // values
  private static final double MIN_LOG_LENGTH = Math.log(0.01);
  private static final double MAX_LOG_LENGTH = Math.log(20);
  private static final double MIN_LOG_SIGNAL = Math.log(0.05);
  private static final double MAX_LOG_SIGNAL = Math.log(20);
  private static final double MIN_LOG_NOISE = Math.log(1e-6);
  private static final double MAX_LOG_NOISE = Math.log(0.5);
  // a weak log-normal prior on each length scale, around a fifth of the cube, which keeps a few
  // observations from fitting scales that explain them by noise alone or by one bump each
  private static final double PRIOR_LOG_LENGTH = Math.log(0.2);
  private static final double PRIOR_SD = 1.5;

  /**
   * The log hyperparameters: {@code d} length scales, then the signal's and the noise's variance.
   */
  static double[] defaults(int d) {
    double[] h = new double[d + 2];
    Arrays.fill(h, 0, d, PRIOR_LOG_LENGTH);
    h[d] = 0;
    h[d + 1] = Math.log(1e-3);
    return h;
  }

  private final int d;
  private final int n;
  private final double[] x; // row by row
  private final double[] inverseLengths;
  private final double signal;
  private final double[] cholesky; // lower triangle, row by row
  private final double[] alpha; // K^-1 y
  private final double[] scratch;
  final double[] hyper;

  /** The log posterior of the hyperparameters, up to a constant: NaN unless they were fitted. */
  double logPosterior = Double.NaN;

  private GaussianProcess(double[] x, double[] y, int n, int d, double[] hyper, double[] cholesky) {
    this.d = d;
    this.n = n;
    this.x = x;
    this.hyper = hyper;
    this.inverseLengths = new double[d];
    for (int k = 0; k < d; k++) {
      inverseLengths[k] = Math.exp(-hyper[k]);
    }
    this.signal = Math.exp(hyper[d]);
    this.cholesky = cholesky;
    this.alpha = solve(cholesky, n, y.clone());
    this.scratch = new double[n];
  }

  /**
   * Fits the hyperparameters to {@code n} observations (rows of {@code x}, values {@code y}) from
   * {@code start}, with at most {@code evaluations} evaluations of the likelihood, and conditions
   * on them.
   */
  static GaussianProcess fit(
      double[] x, double[] y, int n, int d, double[] start, int evaluations) {
    double[] lower = new double[d + 2];
    double[] upper = new double[d + 2];
    Arrays.fill(lower, 0, d, MIN_LOG_LENGTH);
    Arrays.fill(upper, 0, d, MAX_LOG_LENGTH);
    lower[d] = MIN_LOG_SIGNAL;
    upper[d] = MAX_LOG_SIGNAL;
    lower[d + 1] = MIN_LOG_NOISE;
    upper[d + 1] = MAX_LOG_NOISE;
    double[] from = start.clone();
    for (int k = 0; k < from.length; k++) {
      from[k] = Math.min(upper[k] - 1e-9, Math.max(lower[k] + 1e-9, from[k]));
    }
    double[] best = from.clone();
    double[] bestValue = {logPosterior(x, y, n, d, from)};
    ObjectiveFunction objective =
        new ObjectiveFunction(
            h -> {
              double v = logPosterior(x, y, n, d, h);
              if (v
                  > bestValue[0]) { // kept by hand: the optimiser may stop at its evaluation bound
                bestValue[0] = v;
                System.arraycopy(h, 0, best, 0, h.length);
              }
              return v;
            });
    try {
      // steps from 0.2 down to 0.01 in log: hyperparameters within 1 % of the best are as good
      new BOBYQAOptimizer(2 * (d + 2) + 1, 0.2, 0.01)
          .optimize(
              new MaxEval(evaluations),
              objective,
              GoalType.MAXIMIZE,
              new InitialGuess(from),
              new SimpleBounds(lower, upper));
    } catch (MathIllegalStateException stopped) { // too many evaluations, or a degenerate step
      // the best hyperparameters seen so far stand
    }
    GaussianProcess gp = condition(x, y, n, d, best);
    gp.logPosterior = bestValue[0];
    return gp;
  }

  /**
   * Conditions on {@code n} observations with the hyperparameters {@code hyper}, refitting nothing.
   */
  static GaussianProcess condition(double[] x, double[] y, int n, int d, double[] hyper) {
    double[] l = covariance(x, n, d, hyper);
    for (double jitter = 1e-8;
        !decompose(l, n);
        jitter *= 10) { // rounding can leave K not quite positive
      l = covariance(x, n, d, hyper);
      for (int i = 0; i < n; i++) {
        l[i * n + i] += jitter;
      }
    }
    return new GaussianProcess(x, y, n, d, hyper.clone(), l);
  }

  /**
   * The log marginal likelihood plus the length scales' log prior; -infinity where K is singular.
   */
  static double logPosterior(double[] x, double[] y, int n, int d, double[] hyper) {
    double[] l = covariance(x, n, d, hyper);
    if (!decompose(l, n)) {
      return Double.NEGATIVE_INFINITY;
    }
    double[] a = solve(l, n, y.clone());
    double fit = 0;
    double logDet = 0;
    for (int i = 0; i < n; i++) {
      fit += y[i] * a[i];
      logDet += Math.log(l[i * n + i]);
    }
    double prior = 0;
    for (int k = 0; k < d; k++) {
      double z = (hyper[k] - PRIOR_LOG_LENGTH) / PRIOR_SD;
      prior -= 0.5 * z * z;
    }
    return -0.5 * fit - logDet - 0.5 * n * LOG_2PI + prior;
  }

  private static double[] covariance(double[] x, int n, int d, double[] hyper) {
    double[] inverse = new double[d];
    for (int k = 0; k < d; k++) {
      inverse[k] = Math.exp(-hyper[k]);
    }
    double signal = Math.exp(hyper[d]);
    double noise = Math.exp(hyper[d + 1]) + 1e-8;
    double[] c = new double[n * n];
    for (int i = 0; i < n; i++) {
      c[i * n + i] = signal + noise;
      for (int j = 0; j < i; j++) {
        double r2 = 0;
        for (int k = 0; k < d; k++) {
          double z = (x[i * d + k] - x[j * d + k]) * inverse[k];
          r2 += z * z;
        }
        double v = signal * matern(Math.sqrt(r2));
        c[i * n + j] = v;
        c[j * n + i] = v;
      }
    }
    return c;
  }

  /** Matérn 5/2 at scaled distance {@code r}, with unit variance. */
  private static double matern(double r) {
    double s = SQRT5 * r;
    return (1 + s + s * s / 3) * Math.exp(-s);
  }

  /**
   * The lower Cholesky factor of {@code a} in place; false if {@code a} is not positive definite.
   */
  private static boolean decompose(double[] a, int n) {
    for (int j = 0; j < n; j++) {
      double diagonal = a[j * n + j];
      for (int k = 0; k < j; k++) {
        diagonal -= a[j * n + k] * a[j * n + k];
      }
      if (!(diagonal > 0)) {
        return false;
      }
      double root = Math.sqrt(diagonal);
      a[j * n + j] = root;
      for (int i = j + 1; i < n; i++) {
        double s = a[i * n + j];
        for (int k = 0; k < j; k++) {
          s -= a[i * n + k] * a[j * n + k];
        }
        a[i * n + j] = s / root;
      }
    }
    return true;
  }

  /** L^-1 b in place (forward substitution). */
  private static double[] forward(double[] l, int n, double[] b) {
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i * n + k] * b[k];
      }
      b[i] = s / l[i * n + i];
    }
    return b;
  }

  /** (L L^T)^-1 b in place. */
  private static double[] solve(double[] l, int n, double[] b) {
    forward(l, n, b);
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k * n + i] * b[k];
      }
      b[i] = s / l[i * n + i];
    }
    return b;
  }

  /**
   * The posterior mean and variance of the function (without the noise) at {@code point}, into
   * {@code out}.
   */
  void predict(double[] point, double[] out) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      double r2 = 0;
      for (int k = 0; k < d; k++) {
        double z = (point[k] - x[i * d + k]) * inverseLengths[k];
        r2 += z * z;
      }
      scratch[i] = signal * matern(Math.sqrt(r2));
      mean += scratch[i] * alpha[i];
    }
    forward(cholesky, n, scratch);
    double explained = 0;
    for (int i = 0; i < n; i++) {
      explained += scratch[i] * scratch[i];
    }
    out[0] = mean;
    out[1] = Math.max(1e-12, signal - explained);
  }

  /**
   * The log of the expected improvement below {@code best} of a normal with this mean and variance,
   * accurate far into the tail, where the improvement itself underflows.
   */
  static double logExpectedImprovement(double mean, double variance, double best) {
    double sd = Math.sqrt(variance);
    double z = (best - mean) / sd;
    if (z > -6) {
      double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      return Math.log(sd) + Math.log(Math.max(1e-300, z * Parzen.phi(z) + density));
    }
    // z Phi(z) + phi(z) = phi(z) (1/z^2 - 3/z^4 + ...) for z -> -infinity (Mills' ratio)
    double z2 = z * z;
    return Math.log(sd) - 0.5 * z2 - 0.5 * LOG_2PI + Math.log((1 - 3 / z2) / z2);
  }
}
