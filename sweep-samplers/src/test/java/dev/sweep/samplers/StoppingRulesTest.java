package dev.sweep.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.population.Objective;
import dev.sweep.population.TrialStatus;
import dev.sweep.stopping.StoppingRule.Stopper;
import org.junit.jupiter.api.Test;

/** The median rule, ASHA and Hyperband decide as their papers (and Optuna's pruners) do. */
class StoppingRulesTest {
  private static final Objective LOSS = Objective.minimize("loss");

  /** Reports loss = level + 1 / step for steps 1..steps; returns the step it was stopped at, or 0. */
  private static long run(Stopper stopper, long trial, double level, long steps) {
    for (long step = 1; step <= steps; step++) {
      if (stopper.report(trial, step, level + 1.0 / step)) {
        stopper.finished(trial, TrialStatus.PRUNED);
        return step;
      }
    }
    stopper.finished(trial, TrialStatus.COMPLETED);
    return 0;
  }

  @Test
  void median_stopsWhatIsWorseThanTheMedianOfCompletedTrials_afterTheStartupTrials() {
    Stopper median = StoppingRules.median().start(LOSS);
    for (int t = 0; t < 5; t++) {
      assertThat(run(median, t, t, 10)).as("start-up trial %d", t).isZero(); // levels 0..4: median 2
    }
    assertThat(run(median, 5, 1.5, 10)).isZero();
    assertThat(run(median, 6, 2.6, 10)).isEqualTo(1); // worse than the median at once
    Stopper patient = StoppingRules.median().warmupSteps(3).start(LOSS);
    for (int t = 0; t < 5; t++) {
      run(patient, t, t, 10);
    }
    assertThat(run(patient, 5, 2.6, 10)).isEqualTo(4);
    assertThat(median.report(7, 1, Double.NaN)).as("a diverged trial").isTrue();
  }

  @Test
  void wandbHyperband_bandsAsWandbComputesThem() {
    assertThat(StoppingRules.wandbHyperband(3, 3, true).bands()).startsWith(3L, 9L, 27L, 81L);
    assertThat(StoppingRules.wandbHyperband(27, 2, 3, true).bands()).containsExactly(3L, 9L);
    assertThat(StoppingRules.wandbHyperband(81, 9, 3, false).bands()).containsExactly(1L, 3L, 9L, 27L); // 81 / 3^5 < 1
    assertThatThrownBy(() -> StoppingRules.wandbHyperband(2, 1, 3, true)).hasMessageContaining("no band");
    assertThatThrownBy(() -> StoppingRules.wandbHyperband(3, 1, true)).hasMessage("eta must be a number > 1, got 1.0");
  }

  @Test
  void wandbHyperband_stopsARunWorseThanTheBandsThresholdOfAllRunsSoFar() {
    Stopper rule = StoppingRules.wandbHyperband(2, 2, false).start(LOSS); // bands 2, 4, 8; threshold: the median
    for (int t = 0; t < 4; t++) { // losses 1, 2, 3, 4 at every iteration
      for (int i = 1; i <= 2; i++) {
        rule.report(t, i, t + 1);
      }
    }
    // at band 2 the values are {1, 2, 3, 4}, and (with the new run's own) the threshold is sorted[int(n / 2)]
    assertThat(rule.report(10, 1, 3.5)).isFalse(); // before the first band nothing stops
    assertThat(rule.report(10, 2, 3.5)).isTrue(); // its best, 3.5, is above 3
    assertThat(rule.report(11, 1, 2.5)).isFalse();
    assertThat(rule.report(11, 2, 9)).isFalse(); // not strict: its best so far (2.5) counts
    Stopper strict = StoppingRules.wandbHyperband(2, 2, true).start(LOSS);
    for (int t = 0; t < 4; t++) {
      strict.report(t, 1, t + 1);
      strict.report(t, 2, t + 1);
    }
    strict.report(11, 1, 2.5);
    assertThat(strict.report(11, 2, 9)).isTrue(); // strict: its value at the band
    Stopper maximise = StoppingRules.wandbHyperband(1, 2, false).start(Objective.maximize("acc"));
    maximise.report(0, 1, 0.9);
    maximise.report(1, 1, 0.8);
    assertThat(maximise.report(2, 1, 0.1)).isTrue();
    assertThat(maximise.report(3, 1, 0.95)).isFalse();
  }

  @Test
  void median_maximising_stopsTheLowValues() {
    Stopper median = StoppingRules.median().startupTrials(1).start(Objective.maximize("accuracy"));
    median.report(0, 1, 0.9);
    median.finished(0, TrialStatus.COMPLETED);
    assertThat(median.report(1, 1, 0.95)).isFalse();
    assertThat(median.report(2, 1, 0.5)).isTrue();
  }

  @Test
  void asha_keepsTheBestThirdAtEachRung() {
    Stopper asha = StoppingRules.asha(1, 3).start(LOSS); // rungs at steps 1, 3, 9, 27
    assertThat(run(asha, 0, 0.5, 27)).isZero(); // alone at every rung: the best so far
    assertThat(run(asha, 1, 0.9, 27)).isEqualTo(1); // worse than the only other at rung 0
    assertThat(run(asha, 2, 0.1, 27)).isZero(); // better than all
    assertThat(run(asha, 3, 0.3, 27)).isEqualTo(1); // 4 at rung 0 promote 1: only the best goes on
    // a rung of 6 values promotes 2
    Stopper wide = StoppingRules.asha(1, 3).start(LOSS);
    double[] levels = {0.1, 0.2, 0.3, 0.4, 0.5};
    for (int t = 0; t < levels.length; t++) {
      wide.report(t, 1, levels[t]);
    }
    assertThat(wide.report(5, 1, 0.15)).as("second best of 6").isFalse();
    assertThat(wide.report(6, 1, 0.25)).as("third best of 7").isTrue();
  }

  @Test
  void hyperband_spreadsTrialsOverItsBracketsByBudget_andEachBracketStopsFromItsOwnFirstRung() {
    Hyperband hyperband = StoppingRules.hyperband(1, 81, 3);
    assertThat(hyperband.brackets()).isEqualTo(5); // rungs from 1, 3, 9, 27, 81
    int[] counts = new int[5];
    for (long id = 0; id < 20_000; id++) {
      counts[hyperband.bracketOf(id)]++;
    }
    // budgets ceil(5 * 3^s / (s + 1)) for s = 4..0: 81, 34, 15, 8, 5 of 143
    double[] expected = {81 / 143.0, 34 / 143.0, 15 / 143.0, 8 / 143.0, 5 / 143.0};
    for (int b = 0; b < 5; b++) {
      assertThat(counts[b] / 20_000.0).as("bracket %d", b).isCloseTo(expected[b], within(0.015));
    }
    Stopper stopper = hyperband.start(LOSS);
    long[] firstIn = new long[5];
    java.util.Arrays.fill(firstIn, -1);
    for (long id = 0; id < 200; id++) {
      int b = hyperband.bracketOf(id);
      long stoppedAt = run(stopper, id, 1.0 - id / 1000.0 + (id % 2) * 0.5, 100);
      if (stoppedAt > 0) {
        assertThat(stoppedAt).as("trial %d in bracket %d", id, b).isGreaterThanOrEqualTo((long) Math.pow(3, b));
      }
      firstIn[b] = firstIn[b] < 0 ? id : firstIn[b];
    }
    assertThat(firstIn).doesNotContain(-1L); // every bracket got trials
  }

  @Test
  void badArguments_areRefused() {
    assertThatThrownBy(() -> StoppingRules.asha(0, 3)).hasMessage("minSteps must be >= 1, got 0");
    assertThatThrownBy(() -> StoppingRules.asha(1, 1)).hasMessage("reduction must be >= 2, got 1");
    assertThatThrownBy(() -> StoppingRules.hyperband(10, 5, 3))
        .hasMessage("hyperband needs 1 <= minSteps <= maxSteps, got minSteps 10, maxSteps 5");
    assertThatThrownBy(() -> StoppingRules.median().startupTrials(-1)).hasMessage("startupTrials must be >= 0, got -1");
  }
}
