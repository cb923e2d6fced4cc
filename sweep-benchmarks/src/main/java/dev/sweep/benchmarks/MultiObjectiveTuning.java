package dev.sweep.benchmarks;

import dev.sweep.benchmarks.MultiObjectiveProblems.Problem;
import dev.sweep.internal.Dominance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The tuning side of MOTPE's defaults: the median hypervolume, per tuning problem ({@link
 * MultiObjectiveProblems#tuning()}) and sampler, over seeds 100-119 at 200 trials, against each
 * problem's fixed reference point ({@link MultiObjectiveProblems#TUNING_REFERENCE}). The report
 * problems and seeds of bench/multiobjective-vs-optuna.sh are never used here.
 *
 * <pre>
 * java -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.MultiObjectiveTuning [SAMPLERS] [SEEDS] [TRIALS] [FIRST_SEED]
 * </pre>
 */
public final class MultiObjectiveTuning {
  private MultiObjectiveTuning() {}

  public static void main(String[] args) {
    List<String> names = List.of((args.length > 0 ? args[0] : "motpe").split(","));
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int trials = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int first = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    Map<String, Problem> problems = MultiObjectiveProblems.tuning();
    StringBuilder head = new StringBuilder(String.format("%-10s", "sampler"));
    for (String problem : problems.keySet()) {
      head.append(String.format(" %12s", problem));
    }
    System.out.println(head);
    for (String name : names) {
      StringBuilder row = new StringBuilder(String.format("%-10s", name));
      for (Problem p : problems.values()) {
        double[] reference = MultiObjectiveProblems.TUNING_REFERENCE.get(p.name());
        double[] hv =
            IntStream.range(first, first + seeds)
                .parallel()
                .mapToDouble(
                    seed -> {
                      Map<String, Object> run =
                          MultiObjectiveQuality.run(
                              p,
                              MultiObjectiveQuality.samplers().get(name).apply(seed),
                              trials,
                              null);
                      return hypervolume(run, reference);
                    })
                .toArray();
        Arrays.sort(hv);
        row.append(String.format(" %12.5g", (hv[(seeds - 1) / 2] + hv[seeds / 2]) / 2));
      }
      System.out.println(row);
    }
  }

  /** The hypervolume of a run's feasible trials strictly better than the reference everywhere. */
  @SuppressWarnings("unchecked")
  static double hypervolume(Map<String, Object> run, double[] reference) {
    List<double[]> values = (List<double[]>) run.get("values");
    List<Boolean> feasible = (List<Boolean>) run.get("feasible");
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      double[] v = values.get(i);
      boolean inside = feasible.get(i);
      for (int j = 0; j < v.length && inside; j++) {
        inside = v[j] < reference[j];
      }
      if (inside) {
        points.add(v);
      }
    }
    if (points.isEmpty()) {
      return 0;
    }
    double[][] all = points.toArray(new double[0][]);
    int[] ranks = Dominance.ranks(all);
    List<double[]> front = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      if (ranks[i] == 0) {
        front.add(all[i]);
      }
    }
    return Dominance.hypervolume(front.toArray(new double[0][]), reference);
  }
}
