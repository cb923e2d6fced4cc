package dev.sweep.benchmarks.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.config.Config;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.sampler.search.AutoSampler;
import dev.sweep.sampler.search.CmaEsSampler;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.sampler.search.TpeSampler;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Sweep's side of the suite comparison with Optuna (bench/suite_optuna.py is Optuna's): each named
 * sampler on each problem of a half of {@link Suite}, for each of the half's seeds (tuning problems
 * run on {@link Suite#TUNING_SEEDS}, report problems on {@link Suite#REPORT_SEEDS}), trials asked
 * and told one at a time on this thread. For each (problem, sampler, seed) the JSON has the regret
 * curve (after trial t: the noise-free regret of the trial observed best so far, so on noisy
 * problems what a user would pick), the regret after 100 and 200 trials, and on branch problems
 * whether the best branch's optimum region was sampled by trial 100 ({@code captured100}).
 *
 * <pre>
 * java -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.suite.SuiteQuality OUT.json \
 *     [--half tuning|report|all|NAME,NAME...] [--seeds 20] [--trials 200] [--samplers random,tpe,...]
 * </pre>
 */
public final class SuiteQuality {
  private static final int[] BUDGETS = {100, 200};
  private static final int CAPTURE_BY = 100;

  /** The samplers by name, each from its seed; a new one (say cmaes) is one more line. */
  static final Map<String, LongFunction<Sampler>> SAMPLERS = new LinkedHashMap<>();

  static {
    SAMPLERS.put("random", Samplers::random);
    SAMPLERS.put("tpe", SearchSamplers::tpe);
    SAMPLERS.put(
        "tpe-multivariate", seed -> TpeSampler.builder().seed(seed).multivariate(true).build());
    SAMPLERS.put("gp", SearchSamplers::gp);
    SAMPLERS.put("sobol", SearchSamplers::sobol);
    SAMPLERS.put("cmaes", SearchSamplers::cmaEs);
    SAMPLERS.put(
        "cmaes-none",
        seed -> CmaEsSampler.builder().seed(seed).restarts(CmaEsSampler.Restarts.NONE).build());
    SAMPLERS.put("cmaes-sigma0.1", seed -> CmaEsSampler.builder().seed(seed).sigma(0.1).build());
    SAMPLERS.put("cmaes-sigma0.05", seed -> CmaEsSampler.builder().seed(seed).sigma(0.05).build());
    SAMPLERS.put(
        "cmaes-sigma0.075", seed -> CmaEsSampler.builder().seed(seed).sigma(0.075).build());
    SAMPLERS.put("auto", seed -> AutoSampler.builder().seed(seed).budget(BUDGETS[1]).build());
    // issue 28's tuning candidates for the default (run on the tuning half only)
    SAMPLERS.put("tpe-bw1", seed -> TpeSampler.builder().seed(seed).bestWeight(1).build());
    SAMPLERS.put("tpe-bw3", seed -> TpeSampler.builder().seed(seed).bestWeight(3).build());
    SAMPLERS.put(
        "tpe-multivariate-bw1",
        seed -> TpeSampler.builder().seed(seed).multivariate(true).bestWeight(1).build());
    SAMPLERS.put(
        "tpe-multivariate-bw3",
        seed -> TpeSampler.builder().seed(seed).multivariate(true).bestWeight(3).build());
  }

  private SuiteQuality() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Map<String, String> opts = options(Arrays.copyOfRange(args, 1, args.length));
    String half = opts.getOrDefault("half", "report");
    int seeds = Integer.parseInt(opts.getOrDefault("seeds", "20"));
    int trials = Integer.parseInt(opts.getOrDefault("trials", "200"));
    List<String> samplers =
        List.of(opts.getOrDefault("samplers", "random,tpe,tpe-multivariate").split(","));
    for (String s : samplers) {
      if (!SAMPLERS.containsKey(s)) {
        throw new IllegalArgumentException(s + ": not one of " + SAMPLERS.keySet());
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (SuiteProblem problem : problems(half)) {
      List<Long> problemSeeds =
          (problem.tuning() ? Suite.TUNING_SEEDS : Suite.REPORT_SEEDS).subList(0, seeds);
      for (String name : samplers) {
        long t0 = System.nanoTime();
        for (long seed : problemSeeds) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("problem", problem.name());
          row.put("family", problem.family());
          row.put("sampler", name);
          row.put("seed", seed);
          try {
            row.putAll(run(problem, SAMPLERS.get(name).apply(seed), seed, trials));
          } catch (RuntimeException e) { // a sampler that cannot take the space (gp on categories)
            row.put("error", e.toString());
          }
          rows.add(row);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        seconds.put(problem.name() + "/" + name, s);
        System.err.printf("%s %s: %.1f s%n", problem.name(), name, s);
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("tool", "sweep");
    doc.put("half", half);
    doc.put("seeds", seeds);
    doc.put("trials", trials);
    doc.put("seconds", seconds);
    doc.put("results", rows);
    Files.write(out, new ObjectMapper().writeValueAsBytes(doc));
  }

  static List<SuiteProblem> problems(String half) {
    return switch (half) {
      case "tuning" -> Suite.tuning();
      case "report" -> Suite.report();
      case "all" -> Suite.all();
      default -> {
        Set<String> names = Set.of(half.split(","));
        List<SuiteProblem> chosen =
            Suite.all().stream().filter(p -> names.contains(p.name())).toList();
        if (chosen.size() != names.size()) {
          throw new IllegalArgumentException("unknown problem among " + names);
        }
        yield chosen;
      }
    };
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }

  /** One run: the regret curve, the regret at each budget and, on branch problems, the capture. */
  static Map<String, Object> run(SuiteProblem problem, Sampler sampler, long seed, int trials) {
    Sampler.Sampling sampling = sampler.start(problem.space());
    double[] curve = new double[trials];
    double observedBest = Double.POSITIVE_INFINITY;
    double regretOfBest = Double.NaN;
    boolean captured = false;
    for (int i = 0; i < trials; i++) {
      Sample s = sampling.ask(i);
      Config c = s.config();
      double value = problem.value().applyAsDouble(c);
      double regret = value - problem.optimum();
      double y = problem.noise().isPresent() ? problem.observe(c, seed, i) : value;
      if (y < observedBest) {
        observedBest = y;
        regretOfBest = regret;
      }
      curve[i] = regretOfBest;
      if (i < CAPTURE_BY && problem.inOptimumRegion(c)) {
        captured = true;
      }
      sampling.tell(
          new TrialRecord(
              i,
              s.name(),
              s.params(),
              c,
              TrialStatus.COMPLETED,
              Map.of("value", y),
              List.of(),
              Optional.empty(),
              Instant.EPOCH,
              Duration.ZERO));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Double> at = new LinkedHashMap<>();
    for (int b : BUDGETS) {
      if (b <= trials) {
        at.put(String.valueOf(b), curve[b - 1]);
      }
    }
    at.put(String.valueOf(trials), curve[trials - 1]); // the last trial's, on short runs too
    out.put("regret", at);
    if (problem.optimumRegion().isPresent()) {
      out.put("captured100", captured);
    }
    out.put("curve", curve);
    return out;
  }
}
