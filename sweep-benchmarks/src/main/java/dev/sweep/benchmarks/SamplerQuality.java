package dev.sweep.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sweep.benchmarks.Problems.Problem;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Sweep's side of bench/samplers-vs-optuna.sh: the simple regret (best value found minus the known
 * minimum) of each sampler on each problem of {@link Problems}, for every seed, after 50, 100 and
 * 200 sequential trials, asked and told through the sampler API as Optuna's ask-and-tell loop is.
 * CMA-ES with IPOP restarts ({@code cmaes}, against Optuna's {@code cmaes-ipop}) and without
 * ({@code cmaes-none}, against Optuna's default {@code cmaes}). Besides the default samplers,
 * {@code tpe-best-1}: the univariate TPE with {@link TpeSampler.Builder#bestWeight bestWeight(1)},
 * every better trial weighing the same in l(x) as in Optuna, the setting for noisy objectives. With
 * {@code -Dnoise=SD} each observed value has Gaussian noise of that standard deviation added, and
 * the regret is the true value of the trial observed best: what a user would pick from a noisy
 * sweep.
 *
 * <pre>
 * java [-Dsamplers=tpe,sobol] [-Dgp=true] [-Dnoise=0.1] -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.SamplerQuality OUT.json [SEEDS] [TRIALS] [FIRST_SEED]
 * </pre>
 */
public final class SamplerQuality {
  private static final int[] BUDGETS = {50, 100, 200};

  private SamplerQuality() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int trials = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int first =
        args.length > 3 ? Integer.parseInt(args[3]) : 0; // another block of seeds shows the noise
    Map<String, LongFunction<Sampler>> samplers = new LinkedHashMap<>();
    samplers.put("random", Samplers::random);
    samplers.put("sobol", SearchSamplers::sobol);
    samplers.put("tpe", SearchSamplers::tpe);
    samplers.put(
        "tpe-multivariate", seed -> TpeSampler.builder().seed(seed).multivariate(true).build());
    samplers.put("tpe-best-1", seed -> TpeSampler.builder().seed(seed).bestWeight(1).build());
    samplers.put("cmaes", SearchSamplers::cmaEs); // IPOP restarts; Optuna's cmaes-ipop
    samplers.put( // no restarts: Optuna's CmaEsSampler with its defaults
        "cmaes-none",
        seed -> CmaEsSampler.builder().seed(seed).restarts(CmaEsSampler.Restarts.NONE).build());
    if (Boolean.getBoolean("gp")) { // O(n^3) per ask: minutes per problem, so on request (GP=1
      // bench/samplers-vs-optuna.sh)
      samplers.put("gp", SearchSamplers::gp);
    }
    String only =
        System.getProperty("samplers", ""); // SAMPLERS=tpe,... bench/samplers-vs-optuna.sh
    double noise =
        Double.parseDouble(
            System.getProperty("noise", "0")); // NOISE=0.1 bench/samplers-vs-optuna.sh
    if (!only.isBlank()) {
      samplers.keySet().retainAll(List.of(only.split(",")));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Problem problem : Problems.all().values()) {
      for (Map.Entry<String, LongFunction<Sampler>> s : samplers.entrySet()) {
        if (s.getKey().equals("gp") && problem.name().equals("mixed")) {
          continue; // a categorical parameter, which the Gaussian process does not model
        }
        long t0 = System.nanoTime();
        for (int seed = first; seed < first + seeds; seed++) {
          double[] best =
              run(problem, s.getValue().apply(seed), trials, noise, new SplittableRandom(seed));
          for (int budget : BUDGETS) {
            if (budget <= trials) {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("problem", problem.name());
              row.put("sampler", s.getKey());
              row.put("seed", seed);
              row.put("budget", budget);
              row.put("regret", best[budget - 1] - problem.optimum());
              rows.add(row);
            }
          }
        }
        seconds.put(problem.name() + "/" + s.getKey(), (System.nanoTime() - t0) / 1e9);
        System.err.printf(
            "%s %s: %.1f s%n",
            problem.name(), s.getKey(), seconds.get(problem.name() + "/" + s.getKey()));
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("tool", "sweep");
    doc.put("seeds", seeds);
    doc.put("trials", trials);
    doc.put("noise", noise);
    doc.put("seconds", seconds);
    doc.put("results", rows);
    Files.write(
        out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc));
  }

  /**
   * After each trial, the true value of the trial observed best so far: each observation is the
   * true value plus Gaussian noise of standard deviation {@code noise} drawn from {@code rng}.
   */
  static double[] run(
      Problem problem, Sampler sampler, int trials, double noise, SplittableRandom rng) {
    Sampler.Sampling sampling = sampler.start(problem.space());
    double[] best = new double[trials];
    double observedBest = Double.POSITIVE_INFINITY;
    double trueOfBest = Double.NaN;
    for (int i = 0; i < trials; i++) {
      Sample s = sampling.ask(i);
      double truth = problem.f().applyAsDouble(s.config());
      double y = noise == 0 ? truth : truth + noise * rng.nextGaussian();
      if (y < observedBest) {
        observedBest = y;
        trueOfBest = truth;
      }
      best[i] = trueOfBest;
      sampling.tell(
          new TrialRecord(
              i,
              s.name(),
              s.params(),
              s.config(),
              TrialStatus.COMPLETED,
              Map.of("value", y),
              List.of(),
              Optional.empty(),
              Instant.EPOCH,
              Duration.ZERO));
    }
    return best;
  }
}
