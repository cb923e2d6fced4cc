package dev.sweep.stopping.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.stopping.StoppingRule.Stopper;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import org.junit.jupiter.api.Test;

/** The median rule, ASHA and Hyperband decide as their papers (and Optuna's pruners) do. */
class StoppingRulesTest {
  private static final Objective LOSS = Objective.minimize("loss");

  /**
   * Reports loss = level + 1 / step for steps 1..steps; returns the step it was stopped at, or 0.
   */
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
      assertThat(run(median, t, t, 10))
          .as("start-up trial %d", t)
          .isZero(); // levels 0..4: median 2
    }
    assertThat(run(median, 5, 1.5, 10)).isZero();
    assertThat(run(median, 6, 2.6, 10)).isEqualTo(1); // worse than the median at once
    Stopper patient = MedianStopping.builder().warmupSteps(3).build().start(LOSS);
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
    assertThat(StoppingRules.wandbHyperband(81, 9, 3, false).bands())
        .containsExactly(1L, 3L, 9L, 27L); // 81 / 3^5 < 1
    assertThatThrownBy(() -> StoppingRules.wandbHyperband(2, 1, 3, true))
        .hasMessageContaining("no band");
    assertThatThrownBy(() -> StoppingRules.wandbHyperband(3, 1, true))
        .hasMessage("eta must be a number > 1, got 1.0");
  }

  @Test
  void wandbHyperband_stopsARunWorseThanTheBandsThresholdOfAllRunsSoFar() {
    Stopper rule =
        StoppingRules.wandbHyperband(2, 2, false)
            .start(LOSS); // bands 2, 4, 8; threshold: the median
    for (int t = 0; t < 4; t++) { // losses 1, 2, 3, 4 at every iteration
      for (int i = 1; i <= 2; i++) {
        rule.report(t, i, t + 1);
      }
    }
    // at band 2 the values are {1, 2, 3, 4}, and (with the new run's own) the threshold is
    // sorted[int(n / 2)]
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
    Stopper median =
        MedianStopping.builder().startupTrials(1).build().start(Objective.maximize("accuracy"));
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
        assertThat(stoppedAt)
            .as("trial %d in bracket %d", id, b)
            .isGreaterThanOrEqualTo((long) Math.pow(3, b));
      }
      firstIn[b] = firstIn[b] < 0 ? id : firstIn[b];
    }
    assertThat(firstIn).doesNotContain(-1L); // every bracket got trials
  }

  @Test
  void asha_withMaxSteps_hasNoRungAtOrBeyondIt_soATrialThatRunsItsBudgetIsNeverStopped() {
    // rungs at 1, 3, 9 and (without a maximum) 27: a trial that is good early and worse at its last
    // step
    Stopper open = StoppingRules.asha(1, 3).start(LOSS);
    Stopper bounded = StoppingRules.asha(1, 3, 27).start(LOSS);
    for (Stopper asha : new Stopper[] {open, bounded}) {
      assertThat(run(asha, 0, 0.5, 27)).isZero();
      for (long step = 1; step < 27; step++) {
        assertThat(asha.report(1, step, 0.4))
            .as("step %d", step)
            .isFalse(); // the best at rungs 1, 3, 9
      }
    }
    assertThat(open.report(1, 27, 0.9)).as("without maxSteps: stopped at its last step").isTrue();
    assertThat(bounded.report(1, 27, 0.9)).as("with maxSteps 27: done, not stopped").isFalse();
    // a trial that jumps past the maximum records its value at the rungs it passed, and is not
    // stopped
    assertThat(bounded.report(2, 30, 99)).isFalse();
    assertThat(bounded.report(3, 1, 50)).isTrue();
    assertThat(bounded.why(3))
        .as("the jumper's value counts at rung 0")
        .isEqualTo("not the best of the 4 values at rung 0 (step 1)");
  }

  @Test
  void asha_maxSteps_belowMinSteps_isRefused() {
    assertThatThrownBy(() -> StoppingRules.asha(3, 3, 2))
        .hasMessage("maxSteps must be >= minSteps (3), got 2");
    assertThat(StoppingRules.asha(1, 3, 27))
        .hasToString("asha(minSteps=1, reduction=3, maxSteps=27)");
  }

  @Test
  void hyperband_stopsNoTrialAtOrBeyondMaxSteps_andItsMostPatientBracketStopsNone() {
    Hyperband hyperband = StoppingRules.hyperband(1, 81, 3);
    Stopper stopper = hyperband.start(LOSS);
    for (long id = 0; id < 300; id++) {
      long stoppedAt =
          run(stopper, id, 1.0 - id / 1000.0 + (id % 2) * 0.5, 81); // every other trial worse
      assertThat(stoppedAt).as("trial %d", id).isLessThan(81);
      if (hyperband.bracketOf(id) == 4) { // its first rung would be 81
        assertThat(stoppedAt).as("trial %d", id).isZero();
      }
    }
  }

  @Test
  void median_withMaxSteps_neverStopsATrialAtItsLastStep() {
    Stopper open = MedianStopping.builder().startupTrials(1).warmupSteps(9).build().start(LOSS);
    Stopper bounded =
        MedianStopping.builder().startupTrials(1).warmupSteps(9).maxSteps(10).build().start(LOSS);
    for (Stopper median : new Stopper[] {open, bounded}) {
      run(median, 0, 0, 10); // completes, with 1 / step
      for (long step = 1; step < 10; step++) {
        assertThat(median.report(1, step, 5)).as("warm-up, step %d", step).isFalse();
      }
    }
    assertThat(open.report(1, 10, 5)).as("without maxSteps: stopped at its last step").isTrue();
    assertThat(bounded.report(1, 10, 5)).as("with maxSteps 10: done, not stopped").isFalse();
    assertThat(bounded.report(2, 10, Double.NaN))
        .as("even a diverged trial, at its last step")
        .isFalse();
    assertThat(MedianStopping.builder().maxSteps(10).build())
        .hasToString("median(startupTrials=5, warmupSteps=0, maxSteps=10)");
    assertThatThrownBy(() -> MedianStopping.builder().maxSteps(0))
        .hasMessage("maxSteps must be >= 1, got 0");
  }

  @Test
  void wandbHyperband_fromMaxIter_neverStopsARunAtItsMaxIterThValue() {
    Stopper rule =
        StoppingRules.wandbHyperband(4, 1, 2, false).start(LOSS); // one band, at iteration 2
    for (int t = 0; t < 4; t++) {
      rule.report(t, 1, t + 1);
      rule.report(t, 2, t + 1);
    }
    for (int i = 1;
        i <= 3;
        i++) { // its best, 2.5, is the threshold of {1, 2, 2.5, 3, 4}: not worse
      assertThat(rule.report(12, i, 2.5)).isFalse();
    }
    for (int t = 20; t < 30; t++) { // ten better runs lower the threshold at band 2 to 0.1
      rule.report(t, 1, 0.1);
      rule.report(t, 2, 0.1);
    }
    assertThat(rule.report(12, 4, 2.5))
        .as("its 4th value is its max_iter-th: never stopped")
        .isFalse();
    assertThat(rule.report(13, 1, 2.5)).isFalse();
    assertThat(rule.report(13, 2, 2.5)).as("the same value before max_iter is stopped").isTrue();
  }

  @Test
  void stopMessages_nameTheRungBracketOrBandThatDecided() {
    Stopper asha = StoppingRules.asha(1, 3).start(LOSS);
    double[] levels = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    for (int t = 0; t < levels.length; t++) {
      asha.report(t, 1, levels[t]);
    }
    assertThat(asha.report(6, 1, 0.31)).isTrue();
    assertThat(asha.why(6))
        .isEqualTo("not among the best 1/3 (2) of the 7 values at rung 0 (step 1)");
    assertThat(asha.report(7, 3, 0.9)).isTrue();
    assertThat(asha.why(7))
        .isEqualTo("not among the best 1/3 (2) of the 8 values at rung 0 (step 1)");
    asha.report(0, 3, 0.1);
    assertThat(asha.report(1, 3, 0.2)).isTrue();
    assertThat(asha.why(1)).isEqualTo("not the best of the 2 values at rung 1 (step 3)");
    assertThat(asha.report(8, 1, Double.NaN)).isTrue();
    assertThat(asha.why(8))
        .isEqualTo("NaN (or infinitely bad) at rung 0 (step 1), which never goes on");
    assertThat(asha.why(0)).as("a trial that goes on").isEmpty();
    asha.finished(6, TrialStatus.PRUNED);
    assertThat(asha.why(6)).as("forgotten once finished").isEmpty();

    Hyperband hyperband = StoppingRules.hyperband(1, 81, 3);
    Stopper brackets = hyperband.start(LOSS);
    long[] inBracket1 =
        java.util.stream.LongStream.range(0, 1000)
            .filter(id -> hyperband.bracketOf(id) == 1)
            .limit(2)
            .toArray();
    assertThat(brackets.report(inBracket1[0], 3, 0.1)).isFalse();
    assertThat(brackets.report(inBracket1[1], 3, 0.2)).isTrue();
    assertThat(brackets.why(inBracket1[1]))
        .isEqualTo("bracket 1 of 0..4: not the best of the 2 values at rung 0 (step 3)");

    Stopper wandb = StoppingRules.wandbHyperband(2, 2, false).start(LOSS);
    for (int t = 0; t < 4; t++) {
      wandb.report(t, 1, t + 1);
      wandb.report(t, 2, t + 1);
    }
    wandb.report(10, 1, 3.5);
    assertThat(wandb.report(10, 2, 3.5)).isTrue();
    assertThat(wandb.why(10))
        .isEqualTo(
            "its best so far, 3.5, is worse than 3.0, the threshold of the 5 values at "
                + "band 0 (iteration 2)");
    Stopper strict = StoppingRules.wandbHyperband(2, 2, true).start(Objective.maximize("acc"));
    strict.report(0, 1, 0.9);
    strict.report(0, 2, 0.9);
    strict.report(1, 1, 0.8);
    strict.report(1, 2, 0.8);
    strict.report(2, 1, 0.95);
    assertThat(strict.report(2, 2, 0.5)).isTrue();
    assertThat(strict.why(2))
        .isEqualTo(
            "its value 0.5 at band 0 (iteration 2) is worse than 0.8, the threshold of the 3 "
                + "values there");

    Stopper median = MedianStopping.builder().startupTrials(2).build().start(LOSS);
    run(median, 0, 1, 4);
    run(median, 1, 2, 4);
    assertThat(median.report(2, 1, 2.6)).isTrue();
    assertThat(median.why(2))
        .isEqualTo(
            "its best 2.6 is worse than 2.5, the median of the 2 completed trials at step 1");
    assertThat(median.report(3, 1, Double.NaN)).isTrue();
    assertThat(median.why(3)).isEqualTo("every value so far is NaN (or infinitely bad)");
  }

  @Test
  void wandbHyperband_describesItselfBriefly_notByItsHundredBands() {
    assertThat(StoppingRules.wandbHyperband(3, 3, true))
        .hasToString("wandbHyperband(min_iter 3, eta 3.0, strict)");
    assertThat(StoppingRules.wandbHyperband(27, 2, 3, false))
        .hasToString("wandbHyperband(max_iter 27, s 2, eta 3.0)");
  }

  @Test
  void badArguments_areRefused() {
    assertThatThrownBy(() -> StoppingRules.asha(0, 3)).hasMessage("minSteps must be >= 1, got 0");
    assertThatThrownBy(() -> StoppingRules.asha(1, 1)).hasMessage("reduction must be >= 2, got 1");
    assertThatThrownBy(() -> StoppingRules.hyperband(10, 5, 3))
        .hasMessage("hyperband needs 1 <= minSteps <= maxSteps, got minSteps 10, maxSteps 5");
    assertThatThrownBy(() -> MedianStopping.builder().startupTrials(-1))
        .hasMessage("startupTrials must be >= 0, got -1");
    assertThatThrownBy(() -> MedianStopping.builder().warmupSteps(-2))
        .hasMessage("warmupSteps must be >= 0, got -2");
    assertThatThrownBy(() -> SuccessiveHalving.builder(1, 1))
        .hasMessage("reduction must be >= 2, got 1");
    assertThatThrownBy(() -> SuccessiveHalving.builder(1, 3).maxSteps(0))
        .hasMessage("maxSteps must be >= 1, got 0");
    assertThatThrownBy(() -> SuccessiveHalving.builder(3, 3).maxSteps(2).build())
        .hasMessage("maxSteps must be >= minSteps (3), got 2");
  }
}
