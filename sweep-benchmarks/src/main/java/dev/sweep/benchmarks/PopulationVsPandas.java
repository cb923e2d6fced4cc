package dev.sweep.benchmarks;

import dev.sweep.internal.Json;
import dev.sweep.population.Edf;
import dev.sweep.population.ParameterStatistics;
import dev.sweep.population.Population;
import dev.sweep.population.Summary;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Issue 5's side-by-side, Sweep's half: the steps of {@code bench/population_pandas.py run}, in its
 * order, each timed once in a fresh JVM as a person would run them, and one JSON object of the
 * seconds, the peak RSS (VmHWM) and the results, which {@code bench/population-vs-pandas.sh} checks
 * against pandas'.
 *
 * <pre>
 * java -XX:+UseSerialGC -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.PopulationVsPandas pop.csv small.csv
 * </pre>
 */
public final class PopulationVsPandas {
  private static final List<String> FLOATS =
      List.of("lr", "wd", "momentum", "dropout", "warmup", "smoothing");
  private static final List<String> INTS = List.of("depth", "width");
  private static final List<String> CATEGORICALS = List.of("opt", "act");
  private static final double[] QUANTILES = {0.1, 0.25, 0.5, 0.75, 0.9};

  private final Map<String, Double> seconds = new LinkedHashMap<>();

  private <T> T step(String name, Supplier<T> work) {
    if (Boolean.getBoolean(
        "steps")) { // -Dsteps=true -Xlog:gc: which collections fall in which step
      System.err.printf(
          "[%.3fs] step %s%n",
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, name);
    }
    long t0 = System.nanoTime();
    T value = work.get();
    seconds.put(name, (System.nanoTime() - t0) / 1e9);
    return value;
  }

  /**
   * {@code PopulationVsPandas FILE [WARM_UP_FILE]}: with a second, small file, the steps run on it
   * first, untimed, as pandas' side does: the classes a step needs are loaded and initialised then,
   * the JVM's counterpart of Python's imports, which are not timed either.
   */
  public static void main(String[] args) throws IOException {
    if (args.length > 1) {
      new PopulationVsPandas().run(Path.of(args[1]), false);
    }
    new PopulationVsPandas().run(Path.of(args[0]), true);
  }

  private void run(Path csv, boolean print) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    Population p = step("read", () -> Population.readCsv(csv, Objective.minimize("error")));
    out.put("quantiles", step("quantiles", () -> p.quantiles(QUANTILES)));
    double[][] edf =
        step(
            "edf",
            () -> {
              Edf e = p.edf();
              return e.points(1000);
            });
    out.put("edf_median_point", edf[500]);
    List<TrialRecord> top = step("top100", () -> p.top(100));
    out.put("top100_first_ids", top.subList(0, 5).stream().map(TrialRecord::id).toList());
    Map<List<Object>, Summary> groups = step("groupby", () -> p.groupBy(CATEGORICALS));
    out.put("groups", groups.size());
    Summary sgdRelu = groups.get(List.of("sgd", "relu"));
    out.put(
        "group_sgd_relu", sgdRelu == null ? List.of() : List.of(sgdRelu.count(), sgdRelu.mean()));
    Map<String, List<ParameterStatistics.Bin>> bins =
        step(
            "bins",
            () -> {
              Map<String, List<ParameterStatistics.Bin>> m = new LinkedHashMap<>();
              for (String c : FLOATS) {
                m.put(c, p.parameter(c).bins(20, ParameterStatistics.Binning.EQUAL_WIDTH));
              }
              return m;
            });
    out.put("bins_lr_first", bins.get("lr").get(0).mean());
    Map<String, Double> rho =
        step(
            "spearman",
            () -> {
              Map<String, Double> m = new LinkedHashMap<>();
              for (String c : concat(FLOATS, INTS)) {
                m.put(c, p.parameter(c).correlation().spearman());
              }
              return m;
            });
    out.put("spearman", rho);
    out.put("seconds", seconds);
    out.put("peak_rss_mb", peakRssMb());
    out.put("rows", p.size());
    if (print) {
      System.out.println(Json.write(out));
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** The process's peak resident set (VmHWM), as getrusage's ru_maxrss tells Python's. */
  private static double peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
