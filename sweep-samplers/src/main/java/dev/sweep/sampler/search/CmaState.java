package dev.sweep.sampler.search;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.special.Erf;

/**
 * The search distribution of one run of (mu/mu_w, lambda)-CMA-ES on the unit cube, as Hansen's
 * tutorial ("The CMA Evolution Strategy: A Tutorial", 2016) sets it, negative weights for the worse
 * half in the covariance's update included (as the cmaes library Optuna uses): the mean, the step
 * size, the covariance and its two evolution paths. {@link #sample} draws a point, {@link #update}
 * takes a generation's points best first; the eigendecomposition of the covariance is refreshed
 * lazily, at most once per generation.
 */
final class CmaState {
  /** Draws of a point outside the cube before it is clipped, as the cmaes library Optuna uses. */
  static final int RESAMPLES = 100;

  static final double TOL_X = 1e-12;
  static final double TOL_FUN = 1e-12;
  static final double TOL_CONDITION = 1e14;

  final int n;
  final int lambda;
  final int mu;
  final double sigma0;
  private final double[] weights;
  private final double mueff;
  private final double weightSum;
  private final double cs;
  private final double ds;
  private final double cc;
  private final double c1;
  private final double cmu;
  private final double chiN;

  final double[] mean;
  double sigma;
  private final double[][] thresholds; // per integer coordinate with a margin; else null
  private final double[] a; // the margin's scaling of each integer coordinate's draws
  private final double margin;
  private final double[][] c;
  private final double[][] b; // eigenvectors of c, as columns
  private final double[] d; // square roots of c's eigenvalues
  private final double[][] invSqrtC;
  private final double[] pc;
  private final double[] ps;
  int generations;
  private int eigenAge;

  /**
   * A run from {@code mean} with step size {@code sigma0}; {@code thresholds[j]}, where not null,
   * are the boundaries on [0, 1] between the cells of integer coordinate {@code j}, ascending, and
   * keep it from settling on one value (the margin).
   */
  CmaState(int n, int lambda, double sigma0, double[] mean, double[][] thresholds) {
    this.n = n;
    this.thresholds = thresholds;
    this.a = new double[n];
    Arrays.fill(a, 1);
    this.margin = 1.0 / (n * lambda);
    this.lambda = lambda;
    this.mu = (lambda + 1) / 2; // the weights of the first mu are positive
    this.sigma0 = sigma0;
    this.sigma = sigma0;
    this.mean = mean.clone();
    double[] raw = new double[lambda];
    double positive = 0;
    double negative = 0;
    double positiveSq = 0;
    double negativeSq = 0;
    for (int i = 0; i < lambda; i++) {
      raw[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
      if (raw[i] >= 0) {
        positive += raw[i];
        positiveSq += raw[i] * raw[i];
      } else {
        negative -= raw[i];
        negativeSq += raw[i] * raw[i];
      }
    }
    mueff = positive * positive / positiveSq;
    double mueffMinus = negativeSq > 0 ? negative * negative / negativeSq : 0;
    cs = (mueff + 2) / (n + mueff + 5);
    ds = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
    cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
    c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
    cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
    // the worse half weighs negatively in the covariance (active CMA), bounded so that it stays
    // positive definite
    double negativeScale =
        Math.min(
            1 + c1 / cmu, Math.min(1 + 2 * mueffMinus / (mueff + 2), (1 - c1 - cmu) / (n * cmu)));
    weights = new double[lambda];
    double sum = 0;
    for (int i = 0; i < lambda; i++) {
      weights[i] = raw[i] >= 0 ? raw[i] / positive : negativeScale * raw[i] / negative;
      sum += weights[i];
    }
    weightSum = sum;
    chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
    c = identity(n);
    b = identity(n);
    invSqrtC = identity(n);
    d = new double[n];
    Arrays.fill(d, 1);
    pc = new double[n];
    ps = new double[n];
  }

  /** The default population, {@code 4 + floor(3 ln n)}. */
  static int defaultLambda(int n) {
    return 4 + (int) Math.floor(3 * Math.log(n));
  }

  private static double[][] identity(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  /**
   * A point {@code mean + sigma B D z}, {@code z} standard normal from {@code rng}: drawn again
   * while it leaves the unit cube, up to {@value #RESAMPLES} times, then clipped to it. An integer
   * coordinate with a margin is not bounded: its value is read through {@link #toCube}.
   */
  double[] sample(SplittableRandom rng) {
    double[] x = new double[n];
    double[] dz = new double[n];
    for (int attempt = 0; ; attempt++) {
      for (int i = 0; i < n; i++) {
        dz[i] = d[i] * rng.nextGaussian();
      }
      boolean inside = true;
      for (int i = 0; i < n; i++) {
        double s = 0;
        double[] row = b[i];
        for (int j = 0; j < n; j++) {
          s += row[j] * dz[j];
        }
        x[i] = mean[i] + sigma * s;
        inside &= thresholds[i] != null || (x[i] >= 0 && x[i] <= 1);
      }
      if (inside) {
        return x;
      }
      if (attempt + 1 >= RESAMPLES) {
        for (int i = 0; i < n; i++) {
          x[i] = thresholds[i] != null ? x[i] : Math.min(1, Math.max(0, x[i]));
        }
        return x;
      }
    }
  }

  /**
   * Where a drawn point's coordinates fall on [0, 1]: as drawn, but for an integer coordinate with
   * a margin, {@code mean + A (x - mean)}, clipped.
   */
  double[] toCube(double[] x) {
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      double v = thresholds[i] == null ? x[i] : mean[i] + a[i] * (x[i] - mean[i]);
      u[i] = Math.min(1, Math.max(0, v));
    }
    return u;
  }

  /** Moves the distribution towards a generation's points, {@code sorted} best first. */
  void update(double[][] sorted) {
    generations++;
    double[] old = mean.clone();
    Arrays.fill(mean, 0);
    for (int k = 0; k < mu; k++) {
      for (int i = 0; i < n; i++) {
        mean[i] += weights[k] * sorted[k][i];
      }
    }
    double[] yw = new double[n];
    for (int i = 0; i < n; i++) {
      yw[i] = (mean[i] - old[i]) / sigma;
    }
    double a = Math.sqrt(cs * (2 - cs) * mueff);
    double psNorm = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += invSqrtC[i][j] * yw[j];
      }
      ps[i] = (1 - cs) * ps[i] + a * s;
      psNorm += ps[i] * ps[i];
    }
    psNorm = Math.sqrt(psNorm);
    double hsig =
        psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * generations)) < (1.4 + 2.0 / (n + 1)) * chiN
            ? 1
            : 0;
    double ac = hsig * Math.sqrt(cc * (2 - cc) * mueff);
    for (int i = 0; i < n; i++) {
      pc[i] = (1 - cc) * pc[i] + ac * yw[i];
    }
    double keep = 1 + (1 - hsig) * c1 * cc * (2 - cc) - c1 - cmu * weightSum;
    int all = Math.min(lambda, sorted.length);
    double[][] y = new double[all][n];
    double[] w = new double[all]; // the negative weights rescaled by the Mahalanobis length
    for (int k = 0; k < all; k++) {
      for (int i = 0; i < n; i++) {
        y[k][i] = (sorted[k][i] - old[i]) / sigma;
      }
      w[k] = weights[k];
      if (w[k] < 0) {
        double norm = 0;
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (int j = 0; j < n; j++) {
            s += invSqrtC[i][j] * y[k][j];
          }
          norm += s * s;
        }
        w[k] *= norm > 0 ? n / norm : 0;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double rankMu = 0;
        for (int k = 0; k < all; k++) {
          rankMu += w[k] * y[k][i] * y[k][j];
        }
        double v = keep * c[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
        c[i][j] = v;
        c[j][i] = v;
      }
    }
    sigma *= Math.exp(Math.min(1, (cs / ds) * (psNorm / chiN - 1)));
    eigenAge++;
    if (eigenAge * lambda >= lambda / (c1 + cmu) / n / 10) {
      decompose();
    }
    for (int j = 0; j < n; j++) {
      if (thresholds[j] != null) {
        keepMargin(j);
      }
    }
  }

  /**
   * CMA-ES with margin (Hamano et al., 2022, as the cmaes library has it): keeps at least {@code
   * margin / 2} probability, {@code margin = 1 / (n lambda)}, of drawing integer coordinate {@code
   * j} beyond each boundary of the cell its mean is in, by moving the mean towards the boundary (in
   * an edge cell) or widening the coordinate's draws ({@code A}) and centring the mean between the
   * cell's two boundaries (in the others).
   */
  private void keepMargin(int j) {
    double[] t = thresholds[j];
    int cell = Arrays.binarySearch(t, mean[j]);
    cell = cell >= 0 ? cell : -cell - 1; // the number of boundaries below the mean
    double low = t[Math.max(0, cell - 1)];
    double up = t[Math.min(t.length - 1, cell)];
    double sd = Math.sqrt(c[j][j]);
    double scale = sigma * a[j] * sd;
    if (!(scale > 0)) {
      return;
    }
    double lowCdf = phi((low - mean[j]) / scale);
    double upCdf = 1 - phi((up - mean[j]) / scale);
    double midCdf = 1 - (lowCdf + upCdf);
    if (Math.max(lowCdf, upCdf) > 0.5) { // an edge cell: one boundary, low == up
      if (Math.min(lowCdf, upCdf) < margin) {
        double dist = sigma * a[j] * sd * phiInverse(1 - margin);
        mean[j] = up + Math.signum(mean[j] - up) * dist;
      }
      return;
    }
    lowCdf = Math.max(lowCdf, margin / 2);
    upCdf = Math.max(upCdf, margin / 2);
    double excess = 1 - lowCdf - upCdf - midCdf;
    double denominator = lowCdf + midCdf + upCdf - 1.5 * margin;
    double lowMod = lowCdf + excess * (lowCdf - margin / 2) / denominator;
    double upMod = upCdf + excess * (upCdf - margin / 2) / denominator;
    lowMod = Math.min(0.5 - 1e-10, Math.max(1e-10, lowMod));
    upMod = Math.min(0.5 - 1e-10, Math.max(1e-10, upMod));
    double chiLow = phiInverse(1 - lowMod);
    double chiUp = phiInverse(1 - upMod);
    a[j] = (up - low) / ((chiLow + chiUp) * sigma * sd);
    mean[j] = (low * chiUp + up * chiLow) / (chiLow + chiUp);
  }

  private static double phi(double x) {
    return 0.5 * Erf.erfc(-x / Math.sqrt(2));
  }

  private static double phiInverse(double p) {
    return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
  }

  private void decompose() {
    eigenAge = 0;
    RealMatrix m = new Array2DRowRealMatrix(c, true);
    EigenDecomposition e = new EigenDecomposition(m);
    double[] values = e.getRealEigenvalues();
    RealMatrix v = e.getV();
    for (int j = 0; j < n; j++) {
      d[j] = Math.sqrt(Math.max(values[j], 1e-300));
      for (int i = 0; i < n; i++) {
        b[i][j] = v.getEntry(i, j);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += b[i][k] * b[j][k] / d[k];
        }
        invSqrtC[i][j] = s;
      }
    }
  }

  /**
   * Whether this run has converged or degenerated, by the usual criteria (Hansen's tutorial, the
   * cmaes library): the step size no longer moves any coordinate ({@value #TOL_X} of the cube), an
   * axis or a coordinate no longer changes the mean, or the covariance's condition number passes
   * {@value #TOL_CONDITION}; the flat history of best values is the caller's.
   */
  boolean converged() {
    if (!(sigma > 0) || !Double.isFinite(sigma)) {
      return true;
    }
    boolean tolX = true;
    for (int i = 0; i < n; i++) {
      tolX &= sigma * Math.sqrt(c[i][i]) < TOL_X && sigma * Math.abs(pc[i]) < TOL_X;
    }
    if (tolX) {
      return true;
    }
    int axis = generations % n;
    boolean noEffectAxis = true;
    for (int i = 0; i < n; i++) {
      noEffectAxis &= mean[i] == mean[i] + 0.1 * sigma * d[axis] * b[i][axis];
    }
    if (noEffectAxis) {
      return true;
    }
    for (int i = 0; i < n; i++) {
      if (mean[i] == mean[i] + 0.2 * sigma * Math.sqrt(c[i][i])) {
        return true;
      }
    }
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    for (double v : d) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    return max * max > TOL_CONDITION * min * min;
  }
}
