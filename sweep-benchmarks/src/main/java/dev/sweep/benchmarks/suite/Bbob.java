package dev.sweep.benchmarks.suite;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * COCO's 24 noiseless BBOB functions (the bbob suite, as its C code composes them: xopt, fopt, the
 * rotations R and Q, T_osz, T_asy, Λ^α, the boundary penalties), instance {@code instance} made by
 * {@link CocoRandom} as COCO makes it. {@link #value} is f(x) including fopt; {@link #xopt} is
 * where f attains fopt. bench/suite_problems.py's {@code Bbob} is the same code line for line;
 * StrictMath keeps the values the same on every JVM.
 */
final class Bbob {
  final int function;
  final int dim;
  final double fopt;
  final double[] xopt;
  private double[][] r1;
  private double[][] r2;
  private double[][] m;
  private double factor;
  private double[] ak;
  private double[] bk;
  private double f0;
  private double[] signs;
  private double[][] rot;
  private double[] peakValues;
  private double[][] scales;
  private double[][] local;

  Bbob(int function, int dim, int instance) {
    this.function = function;
    this.dim = dim;
    int d = dim;
    long seed = function + 10000L * instance;
    if (function == 4) {
      seed = 3 + 10000L * instance;
    }
    if (function == 18) {
      seed = 17 + 10000L * instance;
    }
    fopt = CocoRandom.fopt(function, instance);
    double[] x = CocoRandom.xopt(function == 12 ? seed + 1000000 : seed, d);
    if (Arrays.asList(6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 23, 24).contains(function)) {
      r1 = CocoRandom.rotation(seed + 1000000, d);
      r2 = CocoRandom.rotation(seed, d);
    }
    switch (function) {
      case 4 -> {
        for (int i = 0; i < d; i += 2) {
          x[i] = Math.abs(x[i]);
        }
      }
      case 6, 13, 15 -> m = rotLambdaRot(r1, r2, StrictMath.sqrt(10.0));
      case 8 -> {
        for (int i = 0; i < d; i++) {
          x[i] *= 0.75;
        }
        factor = Math.max(1.0, StrictMath.sqrt(d) / 8.0);
      }
      case 9, 19 -> {
        double[][] r = CocoRandom.rotation(seed, d);
        factor = Math.max(1.0, StrictMath.sqrt(d) / 8.0);
        m = new double[d][d];
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            m[i][j] = factor * r[i][j];
          }
        }
        for (int j = 0; j < d; j++) {
          double t = 0;
          for (int i = 0; i < d; i++) {
            t += function == 19 ? m[i][j] : r[i][j];
          }
          x[j] = t / (2.0 * factor);
        }
      }
      case 16 -> {
        m = rotLambdaRot(r1, r2, 1.0 / StrictMath.sqrt(100.0));
        ak = new double[12];
        bk = new double[12];
        for (int j = 0; j < 12; j++) {
          ak[j] = StrictMath.pow(0.5, j);
          bk[j] = StrictMath.pow(3.0, j);
        }
        for (int j = 0; j < 12; j++) {
          f0 += ak[j] * StrictMath.cos(2 * Math.PI * bk[j] * 0.5);
        }
      }
      case 17, 18 -> {
        double cond = function == 17 ? 10.0 : 1000.0;
        m = new double[d][d];
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            m[i][j] = r2[i][j] * StrictMath.pow(StrictMath.sqrt(cond), 1.0 * i / (d - 1.0));
          }
        }
      }
      case 20 -> {
        double[] u = CocoRandom.unif(d, seed);
        signs = new double[d];
        for (int i = 0; i < d; i++) {
          signs[i] = u[i] - 0.5 < 0.0 ? -1.0 : 1.0;
          x[i] = 0.5 * 4.2096874637 * signs[i];
        }
      }
      case 21, 22 -> x = gallagher(seed, function == 21 ? 101 : 21);
      case 23 -> m = rotLambdaRot(r1, r2, StrictMath.sqrt(100));
      case 24 -> {
        double[] g = CocoRandom.gauss(d, seed);
        for (int i = 0; i < d; i++) {
          x[i] = g[i] < 0.0 ? -1.25 : 1.25;
        }
      }
      default -> {}
    }
    xopt = x;
  }

  /** Where f attains fopt (COCO's best_parameter). */
  double[] optimumPoint() {
    double[] x = xopt.clone();
    for (int i = 0; i < dim; i++) {
      if (function == 5) {
        x[i] = xopt[i] > 0.0 ? 5.0 : -5.0;
      } else if (function == 20) {
        x[i] = 0.5 * 4.2096874633 * signs[i];
      }
    }
    return x;
  }

  private double[] gallagher(long seed, int peaks) {
    int d = dim;
    rot = CocoRandom.rotation(seed, d);
    double b = peaks == 101 ? 10.0 : 9.8;
    double c = peaks == 101 ? 5.0 : 4.9;
    double cond0 = peaks == 101 ? StrictMath.sqrt(1000.0) : 1000.0;
    double[] u = CocoRandom.unif(peaks - 1, seed);
    int[] order = argsort(u);
    double[] conds = new double[peaks];
    peakValues = new double[peaks];
    conds[0] = cond0;
    peakValues[0] = 10.0;
    for (int i = 1; i < peaks; i++) {
      conds[i] = StrictMath.pow(1000.0, order[i - 1] / (peaks - 2.0));
      peakValues[i] = (i - 1.0) / (peaks - 2.0) * (9.1 - 1.1) + 1.1;
    }
    scales = new double[peaks][d];
    for (int i = 0; i < peaks; i++) {
      int[] o = argsort(CocoRandom.unif(d, seed + 1000L * i));
      for (int j = 0; j < d; j++) {
        scales[i][j] = StrictMath.pow(conds[i], o[j] / (d - 1.0) - 0.5);
      }
    }
    double[] r = CocoRandom.unif(d * peaks, seed);
    double[] x = new double[d];
    local = new double[d][peaks];
    for (int i = 0; i < d; i++) {
      x[i] = 0.8 * (b * r[i] - c);
      for (int j = 0; j < peaks; j++) {
        double v = 0;
        for (int k = 0; k < d; k++) {
          v += rot[i][k] * (b * r[j * d + k] - c);
        }
        if (j == 0) {
          v *= 0.8;
        }
        local[i][j] = v;
      }
    }
    return x;
  }

  private static int[] argsort(double[] u) {
    return IntStream.range(0, u.length)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> u[i]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** f(x), fopt included. */
  double value(double[] x) {
    int d = dim;
    switch (function) {
      case 1 -> {
        double r = 0;
        for (double v : shift(x, xopt)) {
          r += v * v;
        }
        return r + fopt;
      }
      case 2 -> {
        return ellipsoid(osz(shift(x, xopt))) + fopt;
      }
      case 3 -> {
        return rastrigin(conditioning(asy(osz(shift(x, xopt)), 0.2), 10.0)) + fopt;
      }
      case 4 -> {
        double[] z = osz(shift(x, xopt));
        for (int i = 0; i < d; i++) {
          double s = StrictMath.pow(StrictMath.sqrt(10.0), 1.0 * i / (d - 1.0));
          if (z[i] > 0.0 && i % 2 == 0) {
            s *= 10.0;
          }
          z[i] = s * z[i];
        }
        double t1 = 0;
        double t2 = 0;
        for (double v : z) {
          t1 += StrictMath.cos(2 * Math.PI * v);
          t2 += v * v;
        }
        return 10.0 * (d - t1) + t2 + 0 + fopt + 100.0 * penalty(x);
      }
      case 5 -> {
        double r = 0;
        for (int i = 0; i < d; i++) {
          double si = StrictMath.pow(StrictMath.sqrt(100.0), i / (d - 1.0));
          if (xopt[i] < 0.0) {
            si = -si;
          }
          r += 5.0 * Math.abs(si) - si * x[i];
        }
        return r + fopt;
      }
      case 6 -> {
        double[] z = linear(m, shift(x, xopt));
        double r = 0;
        for (int i = 0; i < d; i++) {
          r += xopt[i] * z[i] > 0.0 ? 100.0 * 100.0 * z[i] * z[i] : z[i] * z[i];
        }
        return StrictMath.pow(osz(r), 0.9) + fopt;
      }
      case 7 -> {
        return stepEllipsoid(x);
      }
      case 8 -> {
        double[] z = shift(x, xopt);
        for (int i = 0; i < d; i++) {
          z[i] = factor * z[i] - -1.0;
        }
        return rosenbrock(z) + fopt;
      }
      case 9 -> {
        double[] b = new double[d];
        Arrays.fill(b, 0.5);
        return rosenbrock(affine(m, b, x)) + fopt;
      }
      case 10 -> {
        return ellipsoid(osz(linear(r1, shift(x, xopt)))) + fopt;
      }
      case 11 -> {
        double[] z = osz(linear(r1, shift(x, xopt)));
        double r = 1.0e6 * z[0] * z[0];
        for (int i = 1; i < d; i++) {
          r += z[i] * z[i];
        }
        return r + fopt;
      }
      case 12 -> {
        double[] z = linear(r1, asy(linear(r1, shift(x, xopt)), 0.5));
        double r = z[0] * z[0];
        for (int i = 1; i < d; i++) {
          r += 1.0e6 * z[i] * z[i];
        }
        return r + fopt;
      }
      case 13 -> {
        double[] z = linear(m, shift(x, xopt));
        double r = 0;
        for (int i = 1; i < d; i++) {
          r += z[i] * z[i];
        }
        return 100.0 * StrictMath.sqrt(r) + z[0] * z[0] + fopt;
      }
      case 14 -> {
        double[] z = linear(r1, shift(x, xopt));
        double s = 0;
        for (int i = 0; i < d; i++) {
          s += StrictMath.pow(Math.abs(z[i]), 2.0 + (4.0 * i) / (d - 1.0));
        }
        return StrictMath.sqrt(s) + fopt;
      }
      case 15 -> {
        return rastrigin(linear(m, asy(osz(linear(r1, shift(x, xopt))), 0.2))) + fopt;
      }
      case 16 -> {
        double[] z = linear(m, osz(linear(r1, shift(x, xopt))));
        double r = 0;
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < 12; j++) {
            r += StrictMath.cos(2 * Math.PI * (z[i] + 0.5) * bk[j]) * ak[j];
          }
        }
        return 10.0 * StrictMath.pow(r / d - f0, 3.0) + fopt + 10.0 / d * penalty(x);
      }
      case 17, 18 -> {
        return schaffers(linear(m, asy(linear(r1, shift(x, xopt)), 0.5)))
            + fopt
            + 10.0 * penalty(x);
      }
      case 19 -> {
        double[] z = linear(m, x);
        for (int i = 0; i < d; i++) {
          z[i] = z[i] - -0.5;
        }
        double r = 0;
        for (int i = 0; i < d - 1; i++) {
          double c1 = z[i] * z[i] - z[i + 1];
          double c2 = 1.0 - z[i];
          double t = 100.0 * c1 * c1 + c2 * c2;
          r += t / 4000.0 - StrictMath.cos(t);
        }
        return 10.0 + 10.0 * r / (d - 1) + fopt;
      }
      case 20 -> {
        return schwefel(x);
      }
      case 21, 22 -> {
        return gallagherValue(x);
      }
      case 23 -> {
        double[] z = linear(m, shift(x, xopt));
        double r = 1.0;
        for (int i = 0; i < d; i++) {
          double t = 0;
          for (int j = 1; j < 33; j++) {
            double p = StrictMath.pow(2.0, j);
            t += Math.abs(p * z[i] - round(p * z[i])) / p;
          }
          t = 1.0 + (i + 1) * t;
          r *= StrictMath.pow(t, 10.0 / StrictMath.pow(d, 1.2));
        }
        return 10.0 / (d * d) * (-1.0 + r) + fopt + 1.0 * penalty(x);
      }
      case 24 -> {
        return lunacek(x);
      }
      default -> throw new IllegalStateException("f" + function);
    }
  }

  private double stepEllipsoid(double[] x) {
    int d = dim;
    double pen = boundary(x);
    double[] xs = new double[d];
    for (int i = 0; i < d; i++) {
      double c1 = StrictMath.sqrt(StrictMath.pow(100.0 / 10.0, i / (d - 1.0)));
      double v = 0;
      for (int j = 0; j < d; j++) {
        v += c1 * r2[i][j] * (x[j] - xopt[j]);
      }
      xs[i] = v;
    }
    double x1 = xs[0];
    for (int i = 0; i < d; i++) {
      xs[i] = Math.abs(xs[i]) > 0.5 ? round(xs[i]) : round(10.0 * xs[i]) / 10.0;
    }
    double r = 0;
    for (int i = 0; i < d; i++) {
      double xx = 0;
      for (int j = 0; j < d; j++) {
        xx += r1[i][j] * xs[j];
      }
      r += StrictMath.pow(100.0, i / (d - 1.0)) * xx * xx;
    }
    return 0.1 * Math.max(Math.abs(x1) * 1.0e-4, r) + pen + fopt;
  }

  private double schwefel(double[] x) {
    int d = dim;
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      z[i] = 2.0 * (signs[i] < 0 ? -x[i] : x[i]);
    }
    double[] zh = new double[d];
    zh[0] = z[0];
    for (int i = 1; i < d; i++) {
      zh[i] = z[i] + 0.25 * (z[i - 1] - 2.0 * Math.abs(xopt[i - 1]));
    }
    for (int i = 0; i < d; i++) {
      zh[i] = zh[i] - 2 * Math.abs(xopt[i]);
    }
    zh = conditioning(zh, 10.0);
    for (int i = 0; i < d; i++) {
      zh[i] = 100.0 * (zh[i] - -2 * Math.abs(xopt[i]));
    }
    double pen = 0;
    for (double v : zh) {
      double t = Math.abs(v) - 500.0;
      if (t > 0.0) {
        pen += t * t;
      }
    }
    double s = 0;
    for (double v : zh) {
      s += v * StrictMath.sin(StrictMath.sqrt(Math.abs(v)));
    }
    return 0.01 * (pen + 418.9828872724339 - s / d) + fopt;
  }

  private double gallagherValue(double[] x) {
    int d = dim;
    double pen = boundary(x);
    double[] tmx = linear(rot, x);
    double fac = -0.5 / d;
    double f = 0;
    for (int i = 0; i < peakValues.length; i++) {
      double t2 = 0;
      for (int j = 0; j < d; j++) {
        double t = tmx[j] - local[j][i];
        t2 += scales[i][j] * t * t;
      }
      f = Math.max(f, peakValues[i] * StrictMath.exp(fac * t2));
    }
    f = 10.0 - f;
    double ft = osz(f);
    return ft * ft + pen + fopt;
  }

  private double lunacek(double[] x) {
    int d = dim;
    double mu0 = 2.5;
    double s = 1.0 - 0.5 / (StrictMath.sqrt(d + 20.0) - 4.1);
    double mu1 = -StrictMath.sqrt((mu0 * mu0 - 1.0) / s);
    double pen = boundary(x);
    double[] xh = new double[d];
    for (int i = 0; i < d; i++) {
      xh[i] = xopt[i] < 0.0 ? -2.0 * x[i] : 2.0 * x[i];
    }
    double[] tv = new double[d];
    for (int i = 0; i < d; i++) {
      double c1 = StrictMath.pow(StrictMath.sqrt(100.0), i / (d - 1.0));
      double v = 0;
      for (int j = 0; j < d; j++) {
        v += c1 * r2[i][j] * (xh[j] - mu0);
      }
      tv[i] = v;
    }
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int i = 0; i < d; i++) {
      double zi = 0;
      for (int j = 0; j < d; j++) {
        zi += r1[i][j] * tv[j];
      }
      s1 += (xh[i] - mu0) * (xh[i] - mu0);
      s2 += (xh[i] - mu1) * (xh[i] - mu1);
      s3 += StrictMath.cos(2 * Math.PI * zi);
    }
    return Math.min(s1, 1.0 * d + s * s2) + 10.0 * (d - s3) + 1e4 * pen + fopt;
  }

  // ------------------------------------------------------------------ transformations

  private static double[] shift(double[] x, double[] s) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] - s[i];
    }
    return out;
  }

  private static double[] affine(double[][] m, double[] b, double[] x) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      double v = b[i];
      for (int j = 0; j < x.length; j++) {
        v += x[j] * m[i][j];
      }
      out[i] = v;
    }
    return out;
  }

  private static double[] linear(double[][] m, double[] x) {
    return affine(m, new double[m.length], x);
  }

  /** T_osz, COCO's oscillation, of one value. */
  static double osz(double v) {
    if (v > 0.0) {
      double t = StrictMath.log(v) / 0.1;
      return StrictMath.pow(
          StrictMath.exp(t + 0.49 * (StrictMath.sin(t) + StrictMath.sin(0.79 * t))), 0.1);
    } else if (v < 0.0) {
      double t = StrictMath.log(-v) / 0.1;
      return -StrictMath.pow(
          StrictMath.exp(t + 0.49 * (StrictMath.sin(0.55 * t) + StrictMath.sin(0.31 * t))), 0.1);
    }
    return 0.0;
  }

  private static double[] osz(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = osz(x[i]);
    }
    return out;
  }

  private static double[] asy(double[] x, double beta) {
    int d = x.length;
    double[] out = new double[d];
    for (int i = 0; i < d; i++) {
      double v = x[i];
      out[i] = v > 0.0 ? StrictMath.pow(v, 1.0 + (beta * i) / (d - 1.0) * StrictMath.sqrt(v)) : v;
    }
    return out;
  }

  private static double[] conditioning(double[] x, double alpha) {
    int d = x.length;
    double[] out = new double[d];
    for (int i = 0; i < d; i++) {
      out[i] = StrictMath.pow(alpha, 0.5 * i / (d - 1.0)) * x[i];
    }
    return out;
  }

  /** COCO's transform_obj_penalize sum, bounds [-5, 5]. */
  private static double penalty(double[] x) {
    double p = 0;
    for (double v : x) {
      double c1 = v - 5.0;
      double c2 = -5.0 - v;
      if (c1 > 0.0) {
        p += c1 * c1;
      } else if (c2 > 0.0) {
        p += c2 * c2;
      }
    }
    return p;
  }

  /** The penalty the monolithic functions (f7, f21, f22, f24) compute themselves. */
  private static double boundary(double[] x) {
    double p = 0;
    for (double v : x) {
      double t = Math.abs(v) - 5.0;
      if (t > 0.0) {
        p += t * t;
      }
    }
    return p;
  }

  private static double[][] rotLambdaRot(double[][] a, double[][] b, double base) {
    int d = a.length;
    double[][] out = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double v = 0;
        for (int k = 0; k < d; k++) {
          v += a[i][k] * StrictMath.pow(base, 1.0 * k / (d - 1.0)) * b[k][j];
        }
        out[i][j] = v;
      }
    }
    return out;
  }

  private static double round(double v) {
    return StrictMath.floor(v + 0.5);
  }

  private static double rastrigin(double[] z) {
    double s1 = 0;
    double s2 = 0;
    for (double v : z) {
      s1 += StrictMath.cos(2 * Math.PI * v);
      s2 += v * v;
    }
    return 10.0 * (z.length - s1) + s2;
  }

  private static double ellipsoid(double[] z) {
    int d = z.length;
    double r = z[0] * z[0];
    for (int i = 1; i < d; i++) {
      r += StrictMath.pow(1.0e6, 1.0 * i / (d - 1.0)) * z[i] * z[i];
    }
    return r;
  }

  private static double rosenbrock(double[] z) {
    double s1 = 0;
    double s2 = 0;
    for (int i = 0; i < z.length - 1; i++) {
      double t = z[i] * z[i] - z[i + 1];
      s1 += t * t;
      t = z[i] - 1.0;
      s2 += t * t;
    }
    return 100.0 * s1 + s2;
  }

  private static double schaffers(double[] z) {
    double r = 0;
    for (int i = 0; i < z.length - 1; i++) {
      double t = z[i] * z[i] + z[i + 1] * z[i + 1];
      r +=
          StrictMath.pow(t, 0.25)
              * (1.0 + StrictMath.pow(StrictMath.sin(50.0 * StrictMath.pow(t, 0.1)), 2.0));
    }
    return StrictMath.pow(r / (z.length - 1.0), 2.0);
  }
}
