package dev.sweep.stopping.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that tell the truth: in a real sweep with a folder, a trial that ran its whole budget
 * under ASHA with {@code maxSteps} ends COMPLETED and counts among the best, and a stopped trial's
 * record names the rung or band that decided. Without the maximum, ASHA held a rung at the last
 * step and recorded such a trial PRUNED, out of the best lists; and a record named every band of
 * W&B's rule, up to 10^18.
 */
class StoppingRecordsFaultTest {
  private static final int STEPS = 27;

  /**
   * Curves by name: the loss each reports at a step. Rungs at steps 1, 3, 9 (and 27 without the
   * maximum).
   */
  private static final Map<String, double[]> CURVES =
      Map.of(
          "steady", curve(0.5, 0.5), // first: alone at every rung
          "fades",
              curve(0.4, 0.6), // the best at rungs 1, 3 and 9, worse than "steady" at its last step
          "poor", curve(0.9, 0.9)); // the worst of three at the first rung

  @TempDir Path dir;

  /** {@code early} at steps 1..20, {@code late} at 21..27. */
  private static double[] curve(double early, double late) {
    double[] loss = new double[STEPS + 1];
    for (int step = 1; step <= STEPS; step++) {
      loss[step] = step <= 20 ? early : late;
    }
    return loss;
  }

  /** Trains step by step along its curve, and returns what it has when asked to stop. */
  private static Runner runner(AtomicInteger runs) {
    return trial -> {
      runs.incrementAndGet();
      double[] curve = CURVES.get(trial.config().getString("curve"));
      double loss = Double.NaN;
      for (int step = 1; step <= STEPS && !trial.shouldStop(); step++) {
        loss = curve[step];
        trial.report(step, "loss", loss);
      }
      return Result.of("loss", loss);
    };
  }

  @Test
  void aTrialThatRunsItsBudget_isCompleted_andAmongTheBest_andAStoppedOneNamesItsRung() {
    AtomicInteger runs = new AtomicInteger();
    Runner runner = runner(runs);
    StoppingRule asha = StoppingRules.asha(1, 3, STEPS);
    Population population = sweep(runner, asha, "steady", "fades", "poor").run();

    List<TrialRecord> trials = population.trials();
    assertThat(trials)
        .extracting(t -> t.params().get("curve"))
        .containsExactly("steady", "fades", "poor");
    TrialRecord fades = trials.get(1);
    assertThat(fades.status()).as(fades.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
    assertThat(fades.curve()).hasSize(STEPS);
    assertThat(fades.metrics()).containsEntry("loss", 0.6);
    assertThat(population.top(3)).extracting(TrialRecord::id).containsExactly(0L, 1L);

    TrialRecord poor = trials.get(2);
    assertThat(poor.status()).isEqualTo(TrialStatus.PRUNED);
    assertThat(poor.curve()).hasSize(1);
    assertThat(poor.failure())
        .hasValue(
            "stopped at step 1 (loss 0.9; not the best of the 3 values at rung 0 (step 1)) "
                + "by asha(minSteps=1, reduction=3, maxSteps=27)");

    // the folder's records say the same: a resume keeps them and runs nothing again
    Population resumed = sweep(runner, asha, "steady", "fades", "poor").run();
    assertThat(resumed.trials())
        .extracting(TrialRecord::status)
        .containsExactly(TrialStatus.COMPLETED, TrialStatus.COMPLETED, TrialStatus.PRUNED);
    assertThat(resumed.top(3)).extracting(TrialRecord::id).containsExactly(0L, 1L);
    assertThat(runs).hasValue(3);
  }

  @Test
  void wandbsRule_namesTheBandThatDecided_notItsHundredBands() {
    StoppingRule wandb =
        StoppingRules.wandbHyperband(1, 3, false); // bands at 1, 3, 9, … up to 10^18
    Population population = sweep(runner(new AtomicInteger()), wandb, "steady", "poor").run();

    TrialRecord poor = population.trials().get(1);
    assertThat(poor.status()).isEqualTo(TrialStatus.PRUNED);
    assertThat(poor.failure())
        .hasValue(
            "stopped at step 1 (loss 0.9; its best so far, 0.9, is worse than 0.5, the "
                + "threshold of the 2 values at band 0 (iteration 1)) by wandbHyperband(min_iter 1, eta 3.0)");
  }

  private Sweep sweep(Runner runner, StoppingRule rule, String... curves) {
    Space space = Space.builder().add("curve", Choices.of((Object[]) curves)).build();
    return Sweep.builder(space, runner)
        .objective(Objective.minimize("loss"))
        .sampler(Samplers.grid())
        .stopping(rule)
        .threads(1)
        .directory(dir)
        .build();
  }
}
