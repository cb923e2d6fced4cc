package dev.sweep.sampler.search;

import static dev.sweep.sampler.search.Trials.BOWL;
import static dev.sweep.sampler.search.Trials.BOWL_F;
import static dev.sweep.sampler.search.Trials.completed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.sampler.ConstraintsUnsatisfiedException;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The Gaussian process finds good configs of numeric spaces in few trials, in parallel too. */
class GpSamplerTest {
  private static double medianBest(
      java.util.function.LongFunction<Sampler> sampler,
      Space space,
      ToDoubleFunction<Sample> f,
      int trials) {
    return Trials.medianBest(5, sampler, space, f, trials);
  }

  @Test
  void onAQuadraticBowl_itBeatsRandomSearchAndTpe_inThirtyTrials() {
    double random = medianBest(Samplers::random, BOWL, BOWL_F, 30);
    double tpe = medianBest(SearchSamplers::tpe, BOWL, BOWL_F, 30);
    double gp = medianBest(SearchSamplers::gp, BOWL, BOWL_F, 30);
    // measured: random 0.28, TPE 0.12, GP 1e-5 (seeds 0-4)
    assertThat(gp).isLessThan(random / 100).isLessThan(tpe / 10);
  }

  @Test
  void aLossSpanningOrdersOfMagnitude_isModelledInLog() {
    // 1 at the minimum (1, -2), up to 1e50 in the corners: standardised as they are, all but the
    // worst few losses look alike
    ToDoubleFunction<Sample> steep = s -> Math.pow(10, BOWL_F.applyAsDouble(s) / 1.5);
    assertThat(medianBest(SearchSamplers::gp, BOWL, steep, 30)).isLessThan(1.2); // measured: 1.07
  }

  @Test
  void logAndIntegerParameters_areModelledInTheirOwnScale() {
    Space space =
        Space.builder()
            .add("lr", Floats.logUniform(1e-6, 1))
            .add("layers", Ints.range(1, 20))
            .build();
    ToDoubleFunction<Sample> f =
        s -> {
          double lr = Math.log10(s.config().getDouble("lr")) + 3; // best at 1e-3
          double layers = s.config().getInt("layers") - 7; // and 7 layers
          return lr * lr + 0.1 * layers * layers;
        };
    assertThat(medianBest(SearchSamplers::gp, space, f, 30)).isLessThan(0.01); // measured: 2e-6
  }

  @Test
  void maximising_seeksTheLargestValue() {
    Sampler.Sampling sampling = SearchSamplers.gp(3).start(BOWL, Objective.maximize("value"));
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < 30; i++) {
      Sample s = sampling.ask(i);
      double v = -BOWL_F.applyAsDouble(s);
      best = Math.max(best, v);
      sampling.tell(completed(s, v));
    }
    assertThat(best).isGreaterThan(-0.05);
  }

  @Test
  void constants_needNoModelling() {
    Space space = BOWL.toBuilder().add("epochs", Choices.constant(5)).build();
    Sampler.Sampling sampling = SearchSamplers.gp(1).start(space);
    for (int i = 0; i < 15; i++) {
      Sample s = sampling.ask(i);
      assertThat(s.config().getInt("epochs")).isEqualTo(5);
      sampling.tell(completed(s, BOWL_F.applyAsDouble(s)));
    }
  }

  @Test
  void choicesAndBranches_areRefused_namingTheParameter() {
    Space choice = BOWL.toBuilder().add("opt", Choices.of("sgd", "adam")).build();
    assertThatThrownBy(() -> SearchSamplers.gp(0).start(choice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the Gaussian-process sampler models float and integer parameters only; 'opt' is a choice"
                + " (use tpe for choices and branches)");
    Space branch =
        Space.builder()
            .add(
                "model",
                Branches.of(
                    "mlp", Space.builder().add("width", Ints.range(8, 64)).build(),
                    "cnn", Space.builder().add("kernel", Ints.range(1, 7)).build()))
            .build();
    assertThatThrownBy(() -> SearchSamplers.gp(0).start(branch))
        .hasMessageContaining("is a branch");
  }

  @Test
  void withTheConstantLiar_parallelAsksSpreadOut() {
    double[] spread = new double[2];
    for (boolean liar : new boolean[] {true, false}) {
      Sampler.Sampling sampling =
          GpSampler.builder().seed(9).constantLiar(liar).build().start(BOWL);
      for (int i = 0; i < 20; i++) {
        Sample s = sampling.ask(i);
        sampling.tell(completed(s, BOWL_F.applyAsDouble(s)));
      }
      List<Sample> parallel = new ArrayList<>();
      for (int i = 20; i < 28; i++) {
        parallel.add(sampling.ask(i)); // 8 workers ask before any of them finishes
      }
      double near = Double.POSITIVE_INFINITY;
      for (int a = 0; a < parallel.size(); a++) {
        for (int b = 0; b < a; b++) {
          double dx =
              parallel.get(a).config().getDouble("x") - parallel.get(b).config().getDouble("x");
          double dy =
              parallel.get(a).config().getDouble("y") - parallel.get(b).config().getDouble("y");
          near = Math.min(near, Math.hypot(dx, dy));
        }
      }
      spread[liar ? 0 : 1] = near;
    }
    // the closest two of the 8 proposals: without the liar they all crowd the expected minimum
    // (measured: 1.31 apart with it, 0.0013 without)
    assertThat(spread[0])
        .as("closest pair with the liar")
        .isGreaterThan(0.2)
        .isGreaterThan(100 * spread[1]);
  }

  @Test
  void constraints_holdForEveryProposal_theModelScreensItsCandidates() {
    // the unconstrained minimum (1, -2) is cut off: the best feasible point is on the line x + y =
    // -2
    Space space =
        BOWL.toBuilder()
            .constraint("x + y <= -2", c -> c.getDouble("x") + c.getDouble("y") <= -2)
            .build();
    Sampler.Sampling sampling = SearchSamplers.gp(2).start(space);
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 40; i++) {
      Sample s = sampling.ask(i);
      assertThat(s.config().getDouble("x") + s.config().getDouble("y")).isLessThanOrEqualTo(-2);
      double y = BOWL_F.applyAsDouble(s);
      best = Math.min(best, y);
      sampling.tell(completed(s, y));
    }
    assertThat(best).isLessThan(0.6); // 0.5 at (0.5, -2.5)
    Space none = BOWL.toBuilder().constraint("never", c -> false).build();
    assertThatThrownBy(() -> GpSampler.builder().maxAttempts(5).build().start(none).ask(0))
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .hasMessageContaining("'never' 5");
  }

  @Test
  void failedTrialsAreLeftOut_prunedOnesCountAsTheWorst() {
    Sampler.Sampling failing = SearchSamplers.gp(4).start(BOWL);
    Sampler.Sampling without = SearchSamplers.gp(4).start(BOWL);
    for (int i = 0; i < 15; i++) {
      Sample s = failing.ask(i);
      assertThat(without.ask(i)).isEqualTo(s);
      failing.tell(completed(s, BOWL_F.applyAsDouble(s)));
      without.tell(completed(s, BOWL_F.applyAsDouble(s)));
    }
    failing.tell(Trials.record(failing.ask(15), TrialStatus.FAILED, Map.of()));
    assertThat(failing.ask(16)).isEqualTo(without.ask(16)); // as if it had never run

    Sampler.Sampling pruning = SearchSamplers.gp(4).start(BOWL);
    int late = 0;
    for (int i = 0; i < 40; i++) {
      Sample s = pruning.ask(i);
      boolean pruned =
          s.config().getDouble("x") > 0; // the minimum's half: the search must leave it
      late += i >= 20 && pruned ? 1 : 0;
      pruning.tell(
          pruned
              ? Trials.record(s, TrialStatus.PRUNED, Map.of())
              : completed(s, BOWL_F.applyAsDouble(s)));
    }
    assertThat(late)
        .as("of the last 20 proposals, in the pruned half")
        .isLessThan(10); // measured: 5
  }

  @Test
  void sameSeed_sameSequence_otherSeed_otherSequence() {
    List<Map<String, Object>> first = run(SearchSamplers.gp(5));
    assertThat(run(SearchSamplers.gp(5))).isEqualTo(first);
    assertThat(run(SearchSamplers.gp(6))).isNotEqualTo(first);
  }

  private static List<Map<String, Object>> run(Sampler sampler) {
    Sampler.Sampling sampling = sampler.start(BOWL);
    List<Map<String, Object>> configs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Sample s = sampling.ask(i);
      configs.add(s.params());
      sampling.tell(completed(s, BOWL_F.applyAsDouble(s)));
    }
    return configs;
  }

  @Test
  void badSettings_areRefusedAsTheyAreSet() {
    assertThatThrownBy(() -> GpSampler.builder().startupTrials(1))
        .hasMessage("startupTrials must be >= 2, got 1");
    assertThatThrownBy(() -> GpSampler.builder().startupTrials(1).build())
        .hasMessage("startupTrials must be >= 2, got 1");
    assertThatThrownBy(() -> GpSampler.builder().candidates(0).build())
        .hasMessage("candidates must be >= 1, got 0");
    assertThatThrownBy(() -> GpSampler.builder().maxAttempts(0).build())
        .hasMessage("maxAttempts must be >= 1, got 0");
    assertThat(GpSampler.builder().seed(3).constantLiar(false).build())
        .hasToString("gp(seed=3, no constant liar)");
  }

  @Test
  void theProcess_interpolatesItsObservations_andIsUnsureFarFromThem() {
    double[] x = {0.1, 0.2, 0.5, 0.5, 0.9, 0.8};
    double[] y = {1, -1, 0.5};
    GaussianProcess gp =
        GaussianProcess.condition(
            x, y, 3, 2, new double[] {Math.log(0.3), Math.log(0.3), 0, Math.log(1e-6)});
    double[] out = new double[2];
    for (int i = 0; i < 3; i++) {
      gp.predict(new double[] {x[2 * i], x[2 * i + 1]}, out);
      assertThat(out[0]).isCloseTo(y[i], within(1e-3));
      assertThat(out[1]).isLessThan(1e-3);
    }
    gp.predict(new double[] {0.0, 1.0}, out);
    assertThat(out[1]).isGreaterThan(0.5); // the prior's variance is 1
  }

  @Test
  void logExpectedImprovement_isTheImprovement_andStaysOrderedFarIntoTheTail() {
    org.apache.commons.math3.distribution.NormalDistribution n =
        new org.apache.commons.math3.distribution.NormalDistribution();
    for (double z : new double[] {-5.5, -3, -1, 0, 0.7, 2.5}) {
      double sd = 0.3;
      double exact = sd * (z * n.cumulativeProbability(z) + n.density(z));
      assertThat(GaussianProcess.logExpectedImprovement(0, sd * sd, z * sd))
          .isCloseTo(Math.log(exact), within(1e-5));
    }
    double previous = Double.POSITIVE_INFINITY;
    for (double best = -5.9; best > -40; best -= 1) { // where exp() of it would be 0
      double v = GaussianProcess.logExpectedImprovement(0, 1, best);
      assertThat(v).isFinite().isLessThan(previous);
      previous = v;
    }
  }
}
