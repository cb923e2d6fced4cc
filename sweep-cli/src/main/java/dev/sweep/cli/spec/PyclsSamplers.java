package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * pycls's {@code SETUP.SAMPLERS} as native domains, checked with pycls's validation rules and
 * messages, counting the distinct configs they can give (pycls keeps distinct configs only). One
 * instance reads one file.
 */
final class PyclsSamplers {
  static final List<String> TYPES =
      List.of("value_sampler", "float_sampler", "int_sampler", "list_sampler", "regnet_sampler");
  static final List<String> RAND_TYPES =
      List.of(
          "uniform",
          "log_uniform",
          "power2_uniform",
          "power2_or_log_uniform",
          "normal",
          "log_normal");

  private final Fields fields;
  private double distinct =
      1; // how many distinct configs the samplers can give (infinite when continuous)

  PyclsSamplers(Fields fields) {
    this.fields = fields;
  }

  /** The native {@code parameters} of {@code SETUP.SAMPLERS}, one per config key. */
  Mapping parameters(Mapping setup) {
    Mapping samplers =
        fields.mapping(
            fields.required(setup, "SAMPLERS", "SETUP", "the parameters to sample"),
            "SETUP.SAMPLERS",
            "a mapping of config key to sampler: {OPTIM.BASE_LR: {TYPE: float_sampler, …}}");
    MappingBuilder parameters = new MappingBuilder(samplers.at());
    for (Entry e : samplers.entries().values()) {
      Mapping sampler =
          fields.mapping(
              e.value(),
              "SETUP.SAMPLERS." + e.key(),
              "{TYPE: float_sampler, RAND_TYPE: …, RANGE: […], QUANTIZE: …}");
      parameters.put(e.key(), e.keyAt(), sampler(sampler, e.key()));
    }
    return parameters.build();
  }

  /**
   * How many distinct configs the samplers read so far can give: infinite when one is continuous.
   */
  double distinct() {
    return distinct;
  }

  private Node sampler(Mapping s, String key) {
    String field = "SETUP.SAMPLERS." + key;
    Node typeNode =
        fields
            .optional(s, "TYPE")
            .orElseThrow(
                () ->
                    fields.error(
                        s,
                        field,
                        "Sampler for '"
                            + key
                            + "' has an unknown or missing TYPE ("
                            + String.join(", ", TYPES)
                            + ")"));
    String type = fields.string(typeNode, field + ".TYPE");
    Location at = s.at();
    switch (type) {
      case "value_sampler" -> {
        fields.onlyKeys(s, field, List.of("TYPE", "VALUES"));
        Sequence values =
            fields.list(
                fields.required(s, "VALUES", field, "the values"),
                field + ".VALUES",
                "a list of values");
        if (values.items().isEmpty()) {
          throw fields.error(values, field + ".VALUES", "needs at least one value");
        }
        distinct *= values.items().size();
        return new MappingBuilder(at).put("choice", values).build();
      }
      case "list_sampler" -> {
        fields.onlyKeys(s, field, List.of("TYPE", "LENGTH", "ITEM_SAMPLER"));
        Node length = fields.required(s, "LENGTH", field, "how many items");
        Mapping item =
            fields.mapping(
                fields.required(s, "ITEM_SAMPLER", field, "the sampler of each item"),
                field + ".ITEM_SAMPLER",
                "a sampler");
        double before = distinct;
        distinct = 1;
        Node items = sampler(item, key + ".ITEM_SAMPLER");
        distinct =
            before
                * Math.pow(distinct, (double) fields.integerAtLeast(length, field + ".LENGTH", 0));
        return new MappingBuilder(at).put("list", items).put("length", length).build();
      }
      case "int_sampler", "float_sampler" -> {
        fields.onlyKeys(s, field, List.of("TYPE", "RAND_TYPE", "RANGE", "QUANTIZE"));
        return randomSampler(s, key, field, type.equals("int_sampler"));
      }
      case "regnet_sampler" -> {
        return regnetSampler(s, key, field, typeNode);
      }
      default ->
          throw fields.error(
              typeNode,
              field + ".TYPE",
              "Sampler for '"
                  + key
                  + "' has an unknown or missing TYPE '"
                  + type
                  + "'"
                  + Hints.didYouMean(type, TYPES)
                  + " ("
                  + String.join(", ", TYPES)
                  + ")");
    }
  }

  /** pycls's regnet_sampler: each RegNet parameter, its range, how it is drawn and its QUANTIZE. */
  private record RegnetParameter(String randType, Object low, Object high, Object quantize) {
    boolean ints() {
      return quantize instanceof Long;
    }
  }

  static final Map<String, RegnetParameter> REGNET_SAMPLER = regnetSampler();

  private static Map<String, RegnetParameter> regnetSampler() {
    Map<String, RegnetParameter> m = new LinkedHashMap<>();
    m.put("DEPTH", new RegnetParameter("uniform", 12L, 28L, 1L));
    m.put("W0", new RegnetParameter("log_uniform", 8L, 256L, 8L));
    m.put("WA", new RegnetParameter("log_uniform", 8.0, 256.0, 0.1));
    m.put("WM", new RegnetParameter("log_uniform", 2.0, 3.0, 0.001));
    m.put("GROUP_W", new RegnetParameter("power2_or_log_uniform", 8L, 128L, 8L));
    m.put("BOT_MUL", new RegnetParameter("power2_uniform", 1.0, 1.0, 1.0 / 128));
    return Collections.unmodifiableMap(m);
  }

  /**
   * A regnet_sampler (only at REGNET, as in pycls): DEPTH, W0, WA, WM, GROUP_W and BOT_MUL, each
   * drawn as pycls draws it, over its range from the sampler or pycls's default; checked as an int
   * or float sampler of that kind.
   */
  private Node regnetSampler(Mapping s, String key, String field, Node typeNode) {
    if (!key.equals("REGNET")) {
      throw fields.error(
          typeNode,
          field + ".TYPE",
          "a regnet_sampler samples the RegNet as a whole: its key is REGNET, not " + key);
    }
    List<String> keys = new ArrayList<>(List.of("TYPE"));
    keys.addAll(REGNET_SAMPLER.keySet());
    fields.onlyKeys(s, field, keys);
    MappingBuilder out = new MappingBuilder(s.at());
    for (Map.Entry<String, RegnetParameter> p : REGNET_SAMPLER.entrySet()) {
      RegnetParameter d = p.getValue();
      Location at = s.at();
      Node range;
      if (s.entries().containsKey(p.getKey())) {
        Node given = s.entries().get(p.getKey()).value();
        double[] r = fields.numbers(given, field + "." + p.getKey(), 2, "[low, high]");
        range =
            new Sequence(
                List.of(
                    typed(r[0], d.ints(), given, field + "." + p.getKey()),
                    typed(r[1], d.ints(), given, field + "." + p.getKey())),
                given.at());
        at = given.at();
      } else {
        range = new Sequence(List.of(new Scalar(d.low(), at), new Scalar(d.high(), at)), at);
      }
      Mapping one =
          new MappingBuilder(at)
              .put("RAND_TYPE", new Scalar(d.randType(), at))
              .put("RANGE", range)
              .put("QUANTIZE", new Scalar(d.quantize(), at))
              .build();
      out.put(
          p.getKey(),
          randomSampler(one, "REGNET." + p.getKey(), field + "." + p.getKey(), d.ints()));
    }
    return out.build();
  }

  private Scalar typed(double value, boolean ints, Node at, String field) {
    if (ints && value != Math.rint(value)) {
      throw fields.error(at, field, "wanted whole numbers, found " + value);
    }
    return new Scalar(ints ? (Object) (long) value : (Object) value, at.at());
  }

  /** An int or float sampler's RAND_TYPE, RANGE and QUANTIZE, as given. */
  private record Rand(
      String type, Sequence range, Node quantize, Object low, Object high, Object q) {
    double lo() {
      return ((Number) low).doubleValue();
    }

    double hi() {
      return ((Number) high).doubleValue();
    }

    double step() {
      return ((Number) q).doubleValue();
    }
  }

  /** An int or float sampler as the native domain that draws what pycls draws. */
  private Node randomSampler(Mapping s, String key, String field, boolean ints) {
    Rand r = rand(s, key, field, ints);
    double lo = r.lo();
    double hi = r.hi();
    double step = r.step();
    distinct *=
        switch (r.type()) {
          case "uniform", "normal", "log_normal", "log_uniform" ->
              Math.floor((hi - lo) / step + 1e-9) + 1;
          case "power2_or_log_uniform" -> 1; // counted where its values are listed
          default -> Math.floor(Math.log(hi / lo) / Math.log(2) + 1e-9) + 1;
        };
    Location at = s.at();
    MappingBuilder out = new MappingBuilder(at);
    switch (r.type()) {
      case "uniform" -> uniform(out, r, ints, at);
      case "log_uniform" -> {
        if (ints && step == 1) {
          out.put("int_log", r.range());
        } else {
          out.put("log_uniform", r.range()).put("step", r.quantize());
          wholeNumbers(out, ints, at);
        }
      }
      case "power2_uniform" -> {
        if (ints && step == 1) {
          out.put("power_of_two", r.range());
        } else { // 2^k at or above q, as pycls floors them to multiples of q
          List<Node> points = new ArrayList<>();
          for (double p = lo; p <= hi; p *= 2) {
            points.add(new Scalar(ints ? (Object) (long) p : (Object) p, at));
          }
          out.put("choice", new Sequence(points, at));
        }
      }
      case "normal", "log_normal" -> {
        normal(out, r, at);
        wholeNumbers(out, ints, at);
      }
      default -> powerOfTwoOrLog(out, at, lo, hi, step, ints, s, field);
    }
    return out.build();
  }

  /**
   * The sampler's RAND_TYPE, RANGE and QUANTIZE, checked as pycls's validate_rand checks them, with
   * its messages.
   */
  private Rand rand(Mapping s, String key, String field, boolean ints) {
    String rand =
        fields
            .optional(s, "RAND_TYPE")
            .map(n -> fields.string(n, field + ".RAND_TYPE"))
            .orElse("uniform");
    Node rangeNode = fields.required(s, "RANGE", field, "[low, high]");
    Sequence range = fields.list(rangeNode, field + ".RANGE", "[low, high]");
    Node qNode =
        s.entries().containsKey("QUANTIZE")
            ? s.entries().get("QUANTIZE").value()
            : new Scalar(ints ? (Object) 1L : (Object) 0.00001, s.at());
    if (range.items().size() != 2) {
      throw fields.error(
          range,
          field + ".RANGE",
          "wanted [low, high], found " + range.items().size() + " numbers");
    }
    Rand r =
        new Rand(
            rand,
            range,
            qNode,
            range.items().get(0).plain(),
            range.items().get(1).plain(),
            qNode.plain());
    String invalid =
        key
            + ": "
            + rand
            + "(low="
            + r.low()
            + ", high="
            + r.high()
            + ", q="
            + r.q()
            + ") is invalid.";
    boolean sameType =
        ints
            ? r.low() instanceof Long && r.high() instanceof Long && r.q() instanceof Long
            : r.low() instanceof Double && r.high() instanceof Double && r.q() instanceof Double;
    if (!sameType) {
      throw fields.error(
          rangeNode,
          field,
          invalid
              + " RANGE and QUANTIZE are all "
              + (ints ? "integers in an int_sampler" : "floats (1.0, not 1) in a float_sampler"));
    }
    if (!RAND_TYPES.contains(rand)) {
      throw fields.error(
          s.entries().get("RAND_TYPE").value(),
          field + ".RAND_TYPE",
          invalid
              + " RAND_TYPE is one of "
              + String.join(", ", RAND_TYPES)
              + Hints.didYouMean(rand, RAND_TYPES));
    }
    if (!(r.step() > 0) || !(r.lo() <= r.hi())) {
      throw fields.error(rangeNode, field, invalid + " It needs QUANTIZE > 0 and low <= high");
    }
    if (!rand.equals("uniform") && !rand.equals("normal") && !(r.lo() > 0)) {
      throw fields.error(rangeNode, field, invalid + " " + rand + " needs low > 0");
    }
    if (!rand.equals("power2_or_log_uniform")
        && !(multiple(r.low(), r.q()) && multiple(r.high(), r.q()))) {
      throw fields.error(rangeNode, field, invalid + " low and high are multiples of QUANTIZE");
    }
    if (rand.startsWith("power2")
        && !(powerOfTwo(r.lo()) && powerOfTwo(r.hi()) && powerOfTwo(r.step()))) {
      throw fields.error(
          rangeNode,
          field,
          invalid + " " + rand + " needs powers of two for low, high and QUANTIZE");
    }
    return r;
  }

  /**
   * An int sampler's values are ints, as pycls's {@code quantize} gives each value its quantum's
   * type: {@code 160}, not {@code 160.0}, where the native domain is a float with a step.
   */
  private static void wholeNumbers(MappingBuilder out, boolean ints, Location at) {
    if (ints) {
      out.put("ints", new Scalar(true, at));
    }
  }

  private void uniform(MappingBuilder out, Rand r, boolean ints, Location at) {
    Sequence range = r.range();
    if (ints) {
      out.put(
          "multiple_of",
          new MappingBuilder(at)
              .put("of", r.quantize())
              .put("min", range.items().get(0))
              .put("max", range.items().get(1))
              .build());
    } else { // pycls floors U[low, high + q): every multiple equally likely, as rounding U[low -
      // q/2, high + q/2] gives
      BigDecimal half = new BigDecimal(r.q().toString()).divide(BigDecimal.valueOf(2));
      out.put(
              "uniform",
              new Sequence(
                  List.of(
                      new Scalar(
                          new BigDecimal(r.low().toString()).subtract(half).doubleValue(),
                          range.items().get(0).at()),
                      new Scalar(
                          new BigDecimal(r.high().toString()).add(half).doubleValue(),
                          range.items().get(1).at())),
                  range.at()))
          .put("step", r.quantize());
    }
  }

  /**
   * pycls's normal and log_normal: within [low, high], three standard deviations each side of the
   * middle.
   */
  private void normal(MappingBuilder out, Rand r, Location at) {
    boolean log = r.type().equals("log_normal");
    double a = log ? Math.log(r.lo()) : r.lo();
    double b = log ? Math.log(r.hi()) : r.hi();
    MappingBuilder args =
        new MappingBuilder(at)
            .put(log ? "mu" : "mean", new Scalar((a + b) / 2, at))
            .put(log ? "sigma" : "sd", new Scalar((b - a) / 6, at))
            .put("min", new Scalar(r.lo(), at))
            .put("max", new Scalar(r.hi(), at));
    out.put(r.type(), args.build()).put("step", new Scalar(r.step(), at));
  }

  /**
   * pycls's power2_or_log_uniform as the weighted choice it is: a power of two of [low, high],
   * uniformly, kept when below q; from q on, a log-uniform draw on (max(low, q) - q*, high], q* =
   * min(q, max(low, q) / 2), rounded up to a multiple of q.
   */
  private void powerOfTwoOrLog(
      MappingBuilder out,
      Location at,
      double lo,
      double hi,
      double q,
      boolean ints,
      Mapping s,
      String field) {
    List<Double> powers = new ArrayList<>();
    for (double p = lo; p <= hi * (1 + 1e-12); p *= 2) {
      powers.add(p);
    }
    Map<Double, Double> weights = new TreeMap<>();
    long above = powers.stream().filter(p -> p >= q).count();
    powers.stream()
        .filter(p -> p < q)
        .forEach(p -> weights.merge(p, 1.0 / powers.size(), Double::sum));
    if (above > 0) {
      double low = Math.max(lo, q);
      double from = Math.log(low - Math.min(q, low / 2));
      double to = Math.log(hi);
      long first = (long) Math.ceil(Math.exp(from) / q - 1e-9);
      long last = (long) Math.ceil(hi / q - 1e-9);
      if (last - first > 10_000) {
        throw fields.error(
            s,
            field,
            "power2_or_log_uniform over "
                + (last - first)
                + " multiples of QUANTIZE: too many to list");
      }
      for (long m = Math.max(1, first); m <= last; m++) {
        double a = Math.max(from, Math.log((m - 1) * q));
        double b = Math.min(to, Math.log(m * q));
        if (b > a) {
          weights.merge(m * q, (double) above / powers.size() * (b - a) / (to - from), Double::sum);
        }
      }
    }
    distinct *= weights.size();
    List<Node> values = new ArrayList<>();
    List<Node> ws = new ArrayList<>();
    weights.forEach(
        (v, w) -> {
          values.add(new Scalar(ints ? (Object) Math.round(v) : (Object) v, at));
          ws.add(new Scalar(w, at));
        });
    out.put("choice", new Sequence(values, at)).put("weights", new Sequence(ws, at));
  }

  private static boolean multiple(Object value, Object q) {
    return new BigDecimal(value.toString()).remainder(new BigDecimal(q.toString())).signum() == 0;
  }

  private static boolean powerOfTwo(double x) {
    double k = Math.log(x) / Math.log(2);
    return Math.abs(k - Math.rint(k)) < 1e-12;
  }
}
