package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A W&amp;B distribution as the native domain that draws the same values, as W&amp;B's sweeps
 * library draws them: {@code q_} rounds to multiples of {@code q}, {@code _values} takes the
 * range's ends as they are rather than their logarithms, a normal is truncated far out where
 * W&amp;B's is not.
 */
final class WandbDistributions {
  /**
   * W&amp;B's normal is unbounded; native normals are truncated, here where less than 1e-22 lies
   * beyond.
   */
  private static final double SIGMAS = 10;

  private final Fields fields;

  WandbDistributions(Fields fields) {
    this.fields = fields;
  }

  /**
   * The native domain of {@code p}, a parameter of distribution {@code d}; {@code grid}: for
   * W&amp;B's grid search.
   */
  Node domain(Mapping p, String d, String path, boolean grid) {
    Location at = p.at();
    MappingBuilder out = new MappingBuilder(at);
    switch (d) {
      case "constant" ->
          out.put("constant", fields.required(p, "value", path, "constant needs value"));
      case "categorical" -> out.put("choice", values(p, path));
      case "categorical_w_probabilities" -> weightedChoice(out, p, path);
      case "int_uniform" -> {
        long[] r = intRange(p, path);
        out.put("int", sequence(at, r[0], r[1]));
      }
      case "uniform" -> {
        double[] r = range(p, path);
        out.put("uniform", sequence(at, r[0], r[1]));
      }
      case "q_uniform" -> qUniform(out, p, path, grid);
      case "log_uniform", "q_log_uniform" -> {
        double[] r = range(p, path);
        logUniform(
            out,
            at,
            Math.exp(r[0]),
            Math.exp(r[1]),
            d.startsWith("q_") ? q(p, path) : null,
            path,
            p);
      }
      case "log_uniform_values", "q_log_uniform_values", "inv_log_uniform_values" -> {
        double[] r = positiveRange(p, path);
        logUniform(out, at, r[0], r[1], d.startsWith("q_") ? q(p, path) : null, path, p);
      }
      case "inv_log_uniform" -> { // exp(-U(min, max))
        double[] r = range(p, path);
        logUniform(out, at, Math.exp(-r[1]), Math.exp(-r[0]), null, path, p);
      }
      case "normal", "q_normal", "log_normal", "q_log_normal" -> normal(out, p, d, path);
      default -> beta(out, p, d, path); // beta, q_beta
    }
    return out.build();
  }

  private void weightedChoice(MappingBuilder out, Mapping p, String path) {
    Sequence values = values(p, path);
    Sequence probabilities =
        fields.list(
            fields.required(p, "probabilities", path, "one per value"),
            path + ".probabilities",
            "a list of probabilities, one per value");
    if (probabilities.items().size() != values.items().size()) {
      throw fields.error(
          probabilities,
          path + ".probabilities",
          "has "
              + probabilities.items().size()
              + " probabilities for "
              + values.items().size()
              + " values; they are not the same length");
    }
    double sum = 0;
    for (Node n : probabilities.items()) {
      double v = fields.number(n, path + ".probabilities");
      if (!(v >= 0)) {
        throw fields.error(n, path + ".probabilities", "a probability is at least 0, found " + v);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-8 + 1e-5) { // numpy.isclose(sum, 1), as W&B checks
      throw fields.error(
          probabilities, path + ".probabilities", "the probabilities sum to " + sum + ", not 1");
    }
    out.put("choice", values);
    out.put("weights", probabilities);
  }

  private void qUniform(MappingBuilder out, Mapping p, String path, boolean grid) {
    Location at = p.at();
    double[] r = range(p, path);
    Node q = q(p, path);
    if (grid) { // numpy.arange(min, max, q): min + i q below max
      List<Object> points = new ArrayList<>();
      BigDecimal step = BigDecimal.valueOf(((Number) q.plain()).doubleValue());
      // numpy.arange gives ints when min, max and q are all ints, floats when any is a float
      boolean ints =
          q.plain() instanceof Long
              && plain(p, "min") instanceof Long
              && plain(p, "max") instanceof Long;
      for (BigDecimal v = BigDecimal.valueOf(r[0]); v.doubleValue() < r[1]; v = v.add(step)) {
        points.add(ints ? (Object) v.longValue() : (Object) v.doubleValue());
      }
      out.put(
          "choice",
          new Sequence(points.stream().map(v -> (Node) new Scalar(v, q.at())).toList(), at));
    } else if (q.plain() instanceof Long step) { // W&B gives ints for an integer q
      long first = (long) (Math.rint(r[0] / step) * step);
      long last = (long) (Math.rint(r[1] / step) * step);
      if (first == last) { // round(X / q) q is that one multiple whatever X is
        out.put("constant", new Scalar(first, at));
      } else {
        out.put("multiple_of", multipleOf(at, step, first, last));
      }
    } else {
      out.put("uniform", sequence(at, r[0], r[1]));
      out.put("step", q);
    }
  }

  private void normal(MappingBuilder out, Mapping p, String d, String path) {
    Location at = p.at();
    double mu = number(p, "mu", 0, path);
    double sigma = number(p, "sigma", 1, path);
    if (sigma < 0) {
      throw fields.error(
          p.entries().get("sigma").value(), path + ".sigma", "wanted sigma >= 0, found " + sigma);
    }
    boolean log = d.contains("log");
    if (sigma == 0) { // a point mass, quantized as W&B's round(X / q) q (ints for an integer q)
      double x = log ? Math.exp(mu) : mu;
      Object value = x;
      if (d.startsWith("q_")) {
        Node q = q(p, path);
        double step = ((Number) q.plain()).doubleValue();
        x =
            BigDecimal.valueOf(Math.rint(x / step))
                .multiply(BigDecimal.valueOf(step))
                .doubleValue();
        value = q.plain() instanceof Long ? (Object) Math.round(x) : (Object) x;
      }
      out.put("constant", new Scalar(value, at));
      return;
    }
    MappingBuilder args = new MappingBuilder(at);
    args.put(log ? "mu" : "mean", new Scalar(mu, at));
    args.put(log ? "sigma" : "sd", new Scalar(sigma, at));
    double lo = mu - SIGMAS * sigma;
    double hi = mu + SIGMAS * sigma;
    args.put("min", new Scalar(log ? Math.exp(lo) : lo, at));
    args.put("max", new Scalar(log ? Math.exp(hi) : hi, at));
    if (log && !(Math.exp(hi) < Double.POSITIVE_INFINITY && Math.exp(lo) > 0)) {
      throw fields.error(
          p, path, "exp(mu ± 10 sigma) leaves the range of doubles; mu " + mu + ", sigma " + sigma);
    }
    out.put(log ? "log_normal" : "normal", args.build());
    if (d.startsWith("q_")) {
      step(out, q(p, path));
    }
  }

  private void beta(MappingBuilder out, Mapping p, String d, String path) {
    Location at = p.at();
    double a = number(p, "a", 1, path);
    double b = number(p, "b", 1, path);
    MappingBuilder args = new MappingBuilder(at);
    args.put("a", new Scalar(a, at));
    args.put("b", new Scalar(b, at));
    out.put("beta", args.build());
    if (d.equals("q_beta")) {
      step(out, q(p, path));
    }
  }

  private void logUniform(
      MappingBuilder out, Location at, double lo, double hi, Node q, String path, Mapping p) {
    if (q != null
        && q.plain() instanceof Long step
        && step == 1) { // whole numbers on a log scale, as ints
      long a = (long) Math.max(1, Math.ceil(lo - 0.5));
      long b = (long) Math.floor(hi + 0.5);
      if (a >= b) {
        throw fields.error(p, path, "holds no two whole numbers between " + lo + " and " + hi);
      }
      out.put("int_log", sequence(at, a, b));
      return;
    }
    out.put("log_uniform", sequence(at, lo, hi));
    if (q != null) {
      step(out, q);
    }
  }

  /**
   * {@code step: q}; an integer {@code q} gives integers ({@code ints: true}), as W&amp;B's {@code
   * HyperParameter.ppf} returns {@code round(X / q) q} as ints when {@code isinstance(q, int)}.
   */
  private static void step(MappingBuilder out, Node q) {
    out.put("step", q);
    if (q.plain() instanceof Long) {
      out.put("ints", new Scalar(true, q.at()));
    }
  }

  /**
   * The multiples of {@code step} from {@code first} to {@code last}: round(X / q) q of the ends.
   */
  private static Node multipleOf(Location at, long step, long first, long last) {
    MappingBuilder args = new MappingBuilder(at);
    args.put("of", new Scalar(step, at));
    args.put("min", new Scalar(first, at));
    args.put("max", new Scalar(last, at));
    return args.build();
  }

  private Sequence values(Mapping p, String path) {
    Sequence values =
        fields.list(
            fields.required(p, "values", path, "a list of values"),
            path + ".values",
            "a list of values");
    if (values.items().isEmpty()) {
      throw fields.error(values, path + ".values", "needs at least one value");
    }
    return values;
  }

  private Node q(Mapping p, String path) {
    Node q =
        p.entries().containsKey("q")
            ? p.entries().get("q").value()
            : new Scalar(1.0, p.at()); // W&B's default q is 1.0
    double v = fields.number(q, path + ".q");
    if (!(v > 0)) {
      throw fields.error(q, path + ".q", "wanted q > 0, found " + v);
    }
    return q;
  }

  private double number(Mapping p, String key, double otherwise, String path) {
    return fields.optional(p, key).map(n -> fields.number(n, path + "." + key)).orElse(otherwise);
  }

  private double[] range(Mapping p, String path) {
    double min = fields.number(fields.required(p, "min", path, "give min and max"), path + ".min");
    double max = fields.number(fields.required(p, "max", path, "give min and max"), path + ".max");
    if (!(min < max)) {
      throw fields.error(
          p, path, "min " + plain(p, "min") + " is not less than max " + plain(p, "max"));
    }
    return new double[] {min, max};
  }

  private double[] positiveRange(Mapping p, String path) {
    double[] r = range(p, path);
    if (!(r[0] > 0)) {
      throw fields.error(
          p.entries().get("min").value(),
          path + ".min",
          "a log scale needs min > 0, found " + plain(p, "min"));
    }
    return r;
  }

  private long[] intRange(Mapping p, String path) {
    long min = fields.integer(fields.required(p, "min", path, "give min and max"), path + ".min");
    long max = fields.integer(fields.required(p, "max", path, "give min and max"), path + ".max");
    if (!(min < max)) {
      throw fields.error(p, path, "min " + min + " is not less than max " + max);
    }
    return new long[] {min, max};
  }

  private static Object plain(Mapping p, String key) {
    return p.entries().get(key).value().plain();
  }

  private static Sequence sequence(Location at, Object a, Object b) {
    return new Sequence(List.of(new Scalar(a, at), new Scalar(b, at)), at);
  }
}
