package dev.sweep.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.benchmarks.MultiObjectiveProblems.Outcome;
import dev.sweep.benchmarks.MultiObjectiveProblems.Problem;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
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
import java.util.function.LongFunction;

/**
 * Sweep's side of bench/multiobjective-vs-optuna.sh: every trial's objective values and
 * feasibility, per problem of {@link MultiObjectiveProblems}, sampler and seed, asked and told
 * through the sampler API as Optuna's ask-and-tell loop is; or, with {@code latency}, the median
 * time of an ask, its evaluation and the tell over the last 50 of 1,000 trials on ZDT1.
 *
 * <pre>
 * java -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.MultiObjectiveQuality quality OUT.json [SEEDS] [TRIALS] [FIRST_SEED] [SAMPLERS] [PROBLEMS]
 * java -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.MultiObjectiveQuality latency OUT.json [TRIALS]
 * </pre>
 *
 * <p>PROBLEMS defaults to the report problems ({@link MultiObjectiveProblems#all()}); it may also
 * name the tuning problems ({@link MultiObjectiveProblems#tuning()}).
 */
public final class MultiObjectiveQuality {
  private static final int LATENCY_WINDOW = 50;

  private MultiObjectiveQuality() {}

  static Map<String, LongFunction<Sampler>> samplers() {
    Map<String, LongFunction<Sampler>> s = new LinkedHashMap<>();
    s.put("nsga2", SearchSamplers::nsga2);
    s.put("motpe", SearchSamplers::tpe); // TPE is MOTPE with several objectives
    s.put("random", Samplers::random);
    // what `sampler: auto` runs: MOTPE, multivariate where the space has a choice or an integer
    s.put("auto", SearchSamplers::auto);
    return s;
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[1]);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("tool", "sweep");
    if (args[0].equals("latency")) {
      int trials = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
      Map<String, Object> rows = new LinkedHashMap<>();
      Problem zdt1 = MultiObjectiveProblems.all().get("zdt1");
      for (String name : List.of("nsga2", "motpe")) {
        long[] nanos = new long[trials];
        run(zdt1, samplers().get(name).apply(0), trials, nanos);
        long[] last = Arrays.copyOfRange(nanos, trials - LATENCY_WINDOW, trials);
        Arrays.sort(last);
        double ms = (last[LATENCY_WINDOW / 2 - 1] + last[LATENCY_WINDOW / 2]) / 2e6;
        rows.put(name, Map.of("trials", trials, "median_ms", ms));
        System.err.printf("%s: %.3f ms per ask + tell at %d trials%n", name, ms, trials);
      }
      doc.put("latency", rows);
    } else {
      int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
      int trials = args.length > 3 ? Integer.parseInt(args[3]) : 500;
      int first = args.length > 4 ? Integer.parseInt(args[4]) : 0;
      List<String> names = List.of((args.length > 5 ? args[5] : "nsga2,motpe,auto").split(","));
      List<String> problems =
          args.length > 6
              ? List.of(args[6].split(","))
              : List.copyOf(MultiObjectiveProblems.all().keySet());
      List<Map<String, Object>> runs = new ArrayList<>();
      for (String problem : problems) {
        for (String name : names) {
          long t0 = System.nanoTime();
          for (int seed = first; seed < first + seeds; seed++) {
            Problem p = MultiObjectiveProblems.named(problem);
            Map<String, Object> run = run(p, samplers().get(name).apply(seed), trials, null);
            run.put("problem", problem);
            run.put("sampler", name);
            run.put("seed", seed);
            runs.add(run);
          }
          System.err.printf("%s %s: %.1f s%n", problem, name, (System.nanoTime() - t0) / 1e9);
        }
      }
      doc.put("trials", trials);
      doc.put("runs", runs);
    }
    Files.write(out, new ObjectMapper().writeValueAsBytes(doc));
  }

  /** The objectives a problem's sampler is started with: f0, f1 … minimised, c0 … at most 0. */
  static Objectives objectives(Problem p, int constraints) {
    List<Objective> list = new ArrayList<>();
    for (int j = 0; j < p.objectives(); j++) {
      list.add(Objective.minimize("f" + j));
    }
    Objectives o = Objectives.of(list);
    for (int k = 0; k < constraints; k++) {
      o = o.subjectTo(MetricBound.atMost("c" + k, 0));
    }
    return o;
  }

  /**
   * Runs {@code trials} sequential trials; {@code nanos}, when given, gets each one's ask and its
   * tell (the metrics' map and the record told included, the problem's evaluation not: Optuna's
   * side times ask, suggest and tell).
   */
  static Map<String, Object> run(Problem p, Sampler sampler, int trials, long[] nanos) {
    Outcome probe = p.f().apply(p.space().toConfig(firstSample(p)));
    Sampler.Sampling sampling = sampler.start(p.space(), objectives(p, probe.constraints().length));
    List<double[]> values = new ArrayList<>();
    List<Boolean> feasible = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      long t0 = System.nanoTime();
      Sample s = sampling.ask(i);
      long asked = System.nanoTime();
      Outcome o = p.f().apply(s.config());
      long evaluated = System.nanoTime();
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (int j = 0; j < o.values().length; j++) {
        metrics.put("f" + j, o.values()[j]);
      }
      boolean ok = true;
      for (int k = 0; k < o.constraints().length; k++) {
        metrics.put("c" + k, o.constraints()[k]);
        ok &= o.constraints()[k] <= 0;
      }
      sampling.tell(
          new TrialRecord(
              i,
              s.name(),
              s.params(),
              s.config(),
              TrialStatus.COMPLETED,
              metrics,
              List.of(),
              Optional.empty(),
              Instant.EPOCH,
              Duration.ZERO));
      if (nanos != null) {
        nanos[i] = (asked - t0) + (System.nanoTime() - evaluated);
      }
      values.add(o.values());
      feasible.add(ok);
    }
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("values", values);
    run.put("feasible", feasible);
    return run;
  }

  /** Any sample of the space: only to learn how many constraint values the problem gives. */
  private static Map<String, Object> firstSample(Problem p) {
    return Samplers.random(0).start(p.space()).ask(0).params();
  }
}
