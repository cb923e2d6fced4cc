package dev.sweep.sampler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MOTPE's better trials: Pareto ranks, the last by hypervolume, the infeasible last. */
class MotpeSplitTest {
  private static final Space SPACE = Space.builder().add("x", Floats.uniform(0, 1)).build();
  private static final Objectives TWO =
      Objective.minimize("f1").andMinimize("f2").subjectTo(MetricBound.atMost("c", 0));

  /** Tells observation i the outcome {f1, f2, c} of row i; returns the observations. */
  private static Observations told(double[]... outcomes) {
    Observations observations = new Observations(new SpaceEncoding(SPACE), true, TWO);
    var random = Samplers.random(1).start(SPACE);
    for (int i = 0; i < outcomes.length; i++) {
      Sample s = random.ask(i);
      observations.observe(i, s.params(), Observed.PENDING);
      Map<String, Double> metrics = new HashMap<>();
      metrics.put("f1", outcomes[i][0]);
      metrics.put("f2", outcomes[i][1]);
      metrics.put("c", outcomes[i][2]);
      observations.tell(Trials.record(s, TrialStatus.COMPLETED, metrics));
    }
    return observations;
  }

  private static int[] sorted(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  @Test
  void wholeFrontsComeFirst_theLastThatFitsChosenByTheHypervolumeItAdds() {
    Observations o =
        told(
            new double[] {0, 1, 0}, // 0: on the front, at an end
            new double[] {1, 0, 0}, // 1: on the front, at the other end
            new double[] {0.5, 0.5, 0}, // 2: on the front, the knee: the most hypervolume
            new double[] {1, 1, 0}, // 3: second rank
            new double[] {2, 2, 0}); // 4: third rank
    ParetoSplit split = new ParetoSplit(6);
    assertThat(sorted(split.better(o, 4))).containsExactly(0, 1, 2, 3);
    assertThat(sorted(split.better(o, 3))).containsExactly(0, 1, 2);
    // of the front, the knee adds the most; then the ends tie, and the first by f1 is taken
    assertThat(sorted(split.better(o, 2))).containsExactly(0, 2);
    assertThat(split.better(o, 1)).containsExactly(2);
  }

  @Test
  void theHeaviest_isTheTrialWithTheLargestShareOfTheHypervolume_everyOneAtLeast1() {
    Observations o =
        told(new double[] {0, 1, 0}, new double[] {1, 0, 0}, new double[] {0.2, 0.2, 0});
    ParetoSplit split = new ParetoSplit(6);
    int[] better = split.better(o, 3);
    // the reference beyond the worst by twice the range, (3, 3): the ends' shares 0.4, the knee's
    // 0.64
    assertThat(better[0]).isEqualTo(2);
    assertThat(split.weight(2)).isEqualTo(6);
    assertThat(split.weight(0)).isBetween(1.0, 6.0);
    assertThat(split.weight(1)).isCloseTo(split.weight(0), within(1e-12)); // the ends, alike
  }

  /**
   * The split's own two-dimensional hypervolume and shares agree with Dominance's, ties and all.
   */
  @Test
  void itsTwoDimensionalHypervolume_isDominances() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int t = 0; t < 200; t++) {
      double[][] points = new double[1 + r.nextInt(12)][];
      for (int i = 0; i < points.length; i++) {
        points[i] = new double[] {r.nextInt(7), r.nextInt(7)};
      }
      double[] reference = {6, 6};
      assertThat(ParetoSplit.hypervolume(points, reference))
          .isEqualTo(dev.sweep.internal.Dominance.hypervolume(points, reference));
      assertThat(ParetoSplit.contributions(points, reference))
          .containsExactly(dev.sweep.internal.Dominance.contributions(points, reference));
    }
  }

  @Test
  void infeasibleTrials_areAmongTheWorseOnceEnoughAreFeasible_elseTheLeastOffFillIn() {
    Observations o =
        told(
            new double[] {0, 0, 3}, // 0: dominates all, but 3 off the constraint
            new double[] {0, 0, 1}, // 1: dominates all, 1 off
            new double[] {1, 2, 0}, // 2: feasible
            new double[] {2, 1, 0}, // 3: feasible
            new double[] {3, 3, 0}); // 4: feasible, dominated
    ParetoSplit split = new ParetoSplit(6);
    assertThat(sorted(split.better(o, 3))).containsExactly(2, 3, 4);
    assertThat(sorted(split.better(o, 4))).containsExactly(1, 2, 3, 4);
    assertThat(sorted(split.better(o, 5))).containsExactly(0, 1, 2, 3, 4);
  }
}
