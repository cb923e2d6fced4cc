package dev.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.population.Population;
import dev.sweep.population.Population.ParameterImportance;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the live page's plots need beyond the trials, computed on the server: each numeric
 * parameter's domain (its full span and whether its axis is log), the parameters' importance, and a
 * contour of the objective over the two most important numeric parameters; with several objectives,
 * the Pareto front ({@link ParetoPlot}).
 *
 * <p>The contour is a Nadaraya–Watson smoother: on a {@link #GRID}×{@link #GRID} grid over the two
 * parameters' (log-)ranges, each scaled to [0, 1], a cell's value is the mean objective of the
 * completed trials weighted by a Gaussian kernel of their distance to its centre (bandwidth {@code
 * 0.3·n^(-1/6)}, Scott's rule for two dimensions). A cell farther than two bandwidths from every
 * trial is left empty (null): nothing there was measured. Above {@value #BINNED} trials they are
 * first pooled in 64×64 bins (each at its trials' mean place, weighted by their count), so that a
 * big sweep's contour costs no more than a small one's.
 */
final class LivePlots {
  /** Cells on each side of the contour's grid. */
  static final int GRID = 24;

  /** Above this many trials, the smoother pools them in {@link #BINS}² bins first. */
  static final int BINNED = 2000;

  /** The bins on each side that many trials are pooled in. */
  private static final int BINS = 64;

  /** The fewest completed trials a contour is drawn from. */
  static final int CONTOUR_TRIALS = 5;

  /** A numeric domain in the definition's space, {@code optim.lr: logUniform[0.0001, 0.1]}. */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "([^\\s,\\[\\]:()]+): (uniform|logUniform|normal|logNormal|intRange|intLog|powerOfTwo"
              + "|multipleOf)(?:\\([^)]*\\))?\\[([-+0-9.eE]+|[-+]?Infinity), ([-+0-9.eE]+|[-+]?Infinity)\\]");

  private LivePlots() {}

  /** A numeric parameter's span, from its domain or else from the values seen. */
  record Domain(double lo, double hi, boolean log) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lo", lo);
      m.put("hi", hi);
      m.put("log", log);
      return m;
    }

    /** A value's place in the span, 0 to 1; log where the domain is. */
    double scale(double v) {
      return log
          ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
          : (v - lo) / (hi - lo);
    }

    /** The value at a place in the span, the inverse of {@link #scale}. */
    double value(double u) {
      return log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
    }
  }

  /** The page's {@code plots}: {@code domains}, {@code importance} and {@code contour}. */
  static Map<String, Object> of(
      JsonNode definition, Objective objective, Map<Long, TrialState> trials) {
    Map<String, Domain> declared = domains(definition.path("space").asText(""));
    List<TrialRecord> completed = new ArrayList<>();
    for (long id : trials.keySet()) {
      trials
          .get(id)
          .last()
          .filter(r -> r.status() == TrialStatus.COMPLETED)
          .ifPresent(completed::add);
    }
    List<TrialRecord> done =
        completed.stream().filter(r -> finite(r.metric(objective.metric()))).toList();
    Map<String, Object> plots = of(declared, objective, done);
    ParetoPlot.put(plots, ParetoPlot.objectives(definition), completed);
    return plots;
  }

  /**
   * The plots of the trials that ended; {@code done} holds the completed ones with a finite
   * objective, {@code declared} the numeric domains of the space (maybe none).
   */
  static Map<String, Object> of(
      Map<String, Domain> declared, Objective objective, List<TrialRecord> done) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> domains = new LinkedHashMap<>();
    declared.forEach((k, d) -> domains.put(k, d.toMap()));
    m.put("domains", domains);
    List<ParameterImportance> importance =
        done.isEmpty() ? List.of() : Population.of(objective, done).parameterImportance();
    List<Map<String, Object>> ranks = new ArrayList<>();
    for (ParameterImportance i : importance) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("param", i.param());
      r.put("rank", ranks.size() + 1);
      r.put("share", i.share());
      r.put("p_value", i.pValue());
      r.put("n", i.n());
      r.put("method", i.method());
      ranks.add(r);
    }
    m.put("importance", ranks);
    m.put("contour", contour(done, objective, importance, declared));
    return m;
  }

  /** The numeric domains that a definition's space declares, by parameter. */
  static Map<String, Domain> domains(String space) {
    Map<String, Domain> d = new LinkedHashMap<>();
    Matcher m = DOMAIN.matcher(space);
    while (m.find()) {
      double lo = Double.parseDouble(m.group(3));
      double hi = Double.parseDouble(m.group(4));
      String kind = m.group(2).toLowerCase(Locale.ROOT);
      boolean log = kind.startsWith("log") || kind.equals("intlog") || kind.equals("poweroftwo");
      if (Double.isFinite(lo) && Double.isFinite(hi) && lo < hi && (!log || lo > 0)) {
        d.put(m.group(1), new Domain(lo, hi, log));
      }
    }
    return d;
  }

  /**
   * The contour over the two most important numeric parameters; a map with only {@code reason}
   * where there is none yet.
   */
  private static Map<String, Object> contour(
      List<TrialRecord> done,
      Objective objective,
      List<ParameterImportance> importance,
      Map<String, Domain> declared) {
    List<String> axes = new ArrayList<>();
    List<Domain> spans = new ArrayList<>();
    for (ParameterImportance i : importance) {
      Domain d = span(i.param(), done, declared.get(i.param()));
      if (d != null && axes.size() < 2) {
        axes.add(i.param());
        spans.add(d);
      }
    }
    Map<String, Object> c = new LinkedHashMap<>();
    if (axes.size() < 2) {
      c.put("reason", "needs two numeric parameters with " + CONTOUR_TRIALS + " completed trials");
      return c;
    }
    List<double[]> points = new ArrayList<>();
    for (TrialRecord r : done) {
      Object x = r.params().get(axes.get(0));
      Object y = r.params().get(axes.get(1));
      if (x instanceof Number nx && y instanceof Number ny) {
        double u = spans.get(0).scale(nx.doubleValue());
        double v = spans.get(1).scale(ny.doubleValue());
        double z = r.metric(objective.metric()).orElse(Double.NaN);
        if (Double.isFinite(u) && Double.isFinite(v) && Double.isFinite(z)) {
          points.add(new double[] {u, v, z, 1});
        }
      }
    }
    if (points.size() < CONTOUR_TRIALS) {
      c.put("reason", "needs " + CONTOUR_TRIALS + " completed trials with both parameters");
      return c;
    }
    int n = points.size();
    double h = 0.3 * Math.pow(n, -1.0 / 6);
    if (n > BINNED) {
      points = binned(points);
    }
    double far = Math.exp(-2); // the kernel's weight two bandwidths away
    List<List<Double>> z = new ArrayList<>();
    for (int j = 0; j < GRID; j++) {
      List<Double> row = new ArrayList<>();
      double v = (j + 0.5) / GRID;
      for (int i = 0; i < GRID; i++) {
        double u = (i + 0.5) / GRID;
        double sum = 0;
        double weights = 0;
        double nearest = 0;
        for (double[] p : points) {
          double du = (p[0] - u) / h;
          double dv = (p[1] - v) / h;
          double w = Math.exp(-0.5 * (du * du + dv * dv));
          sum += w * p[3] * p[2];
          weights += w * p[3];
          nearest = Math.max(nearest, w);
        }
        row.add(nearest < far || weights == 0 ? null : sum / weights);
      }
      z.add(row);
    }
    c.put("x", axes.get(0));
    c.put("y", axes.get(1));
    c.put("x_log", spans.get(0).log());
    c.put("y_log", spans.get(1).log());
    c.put("x_edges", edges(spans.get(0)));
    c.put("y_edges", edges(spans.get(1)));
    c.put("z", z);
    c.put("n", n);
    c.put(
        "method",
        String.format(
            Locale.ROOT,
            "Gaussian kernel smoother of %s over %d completed trials, bandwidth %.2f of each %s"
                + " range; %d×%d cells, blank beyond two bandwidths of any trial",
            objective.metric(),
            n,
            h,
            spans.get(0).log() || spans.get(1).log() ? "(log-)" : "",
            GRID,
            GRID));
    return c;
  }

  /**
   * Trials pooled in {@value #BINS}² bins, each {@code {u, v, mean objective, count}} at the mean
   * place of its trials: the smoother's cost then no longer grows with the trials.
   */
  private static List<double[]> binned(List<double[]> points) {
    double[][] bins = new double[BINS * BINS][];
    for (double[] p : points) {
      int i = Math.min(BINS - 1, Math.max(0, (int) (p[0] * BINS)));
      int j = Math.min(BINS - 1, Math.max(0, (int) (p[1] * BINS)));
      double[] b = bins[j * BINS + i];
      if (b == null) {
        b = new double[4];
        bins[j * BINS + i] = b;
      }
      b[0] += p[0];
      b[1] += p[1];
      b[2] += p[2];
      b[3] += 1;
    }
    List<double[]> pooled = new ArrayList<>();
    for (double[] b : bins) {
      if (b != null) {
        pooled.add(new double[] {b[0] / b[3], b[1] / b[3], b[2] / b[3], b[3]});
      }
    }
    return pooled;
  }

  /** The cells' edges on one axis, {@link #GRID} + 1 values. */
  private static List<Double> edges(Domain d) {
    List<Double> e = new ArrayList<>();
    for (int i = 0; i <= GRID; i++) {
      e.add(d.value((double) i / GRID));
    }
    return e;
  }

  /**
   * A parameter's span on the contour: its declared domain, else the range of its values; null if a
   * value is not a number or the values span nothing.
   */
  private static Domain span(String param, List<TrialRecord> done, Domain declared) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (TrialRecord r : done) {
      Object v = r.params().get(param);
      if (v == null) {
        continue;
      }
      if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        return null;
      }
      lo = Math.min(lo, n.doubleValue());
      hi = Math.max(hi, n.doubleValue());
    }
    if (declared != null) {
      return declared;
    }
    return lo < hi ? new Domain(lo, hi, false) : null;
  }

  private static boolean finite(OptionalDouble v) {
    return v.isPresent() && Double.isFinite(v.getAsDouble());
  }
}
