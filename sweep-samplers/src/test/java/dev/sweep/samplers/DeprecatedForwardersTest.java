package dev.sweep.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Version 0.1's factories and classes still make the samplers and rules they made, through the new
 * ones.
 */
@SuppressWarnings("removal")
class DeprecatedForwardersTest {
  private static final Space SPACE =
      Space.builder().add("x", Floats.uniform(0, 1)).add("y", Floats.logUniform(1e-3, 1)).build();

  private static List<Sample> draw(Sampler sampler, int n) {
    Sampler.Sampling sampling = sampler.start(SPACE);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sampling.ask(i));
    }
    return out;
  }

  @Test
  void moreSamplers_makeTheSamplesOfSearchSamplers() {
    assertThat(draw(MoreSamplers.sobol(4), 16)).isEqualTo(draw(SearchSamplers.sobol(4), 16));
    assertThat(draw(MoreSamplers.latinHypercube(8, 4), 8))
        .isEqualTo(draw(SearchSamplers.latinHypercube(8, 4), 8));
    assertThat(draw(MoreSamplers.tpe(4), 12)).isEqualTo(draw(SearchSamplers.tpe(4), 12));
    assertThat(draw(MoreSamplers.gp(4), 12)).isEqualTo(draw(SearchSamplers.gp(4), 12));
    assertThat(draw(MoreSamplers.auto(4), 12)).isEqualTo(draw(SearchSamplers.auto(4), 12));
    assertThat(MoreSamplers.auto(4)).hasToString("auto(seed=4)");
    assertThat(MoreSamplers.sobol(4).maxAttempts(9)).hasToString("sobol(seed=4)");
    assertThat(MoreSamplers.latinHypercube(8, 4)).hasToString("latinHypercube(trials=8, seed=4)");
    assertThatThrownBy(() -> MoreSamplers.sobol(1).maxAttempts(0))
        .hasMessage("maxAttempts must be >= 1, got 0");
  }

  @Test
  void theOldBuilders_setWhatTheNewOnesSet() {
    TpeSampler tpe =
        TpeSampler.builder()
            .seed(3)
            .multivariate(true)
            .startupTrials(5)
            .candidates(30)
            .constantLiar(false)
            .priorWeight(2)
            .bestWeight(1)
            .maxAttempts(7)
            .build();
    assertThat(
            List.of(
                tpe.seed(),
                tpe.startupTrials(),
                tpe.candidates(),
                tpe.multivariate(),
                tpe.constantLiar(),
                tpe.priorWeight(),
                tpe.bestWeight(),
                tpe.maxAttempts()))
        .containsExactly(3L, 5, 30, true, false, 2.0, 1.0, 7);
    assertThat(tpe)
        .hasToString(
            "tpe(seed=3, multivariate, no constant liar, startup=5, candidates=30, bestWeight=1.0)");
    GpSampler gp =
        GpSampler.builder()
            .seed(3)
            .startupTrials(4)
            .candidates(50)
            .constantLiar(false)
            .maxAttempts(7)
            .build();
    assertThat(
            List.of(
                gp.seed(),
                gp.startupTrials(),
                gp.candidates(),
                gp.constantLiar(),
                gp.maxAttempts()))
        .containsExactly(3L, 4, 50, false, 7);
    assertThat(gp).hasToString("gp(seed=3, no constant liar, startup=4, candidates=50)");
  }

  @Test
  void stoppingRules_makeTheRulesOfTheNewStoppingRules() {
    assertThat(StoppingRules.median().startupTrials(3).warmupSteps(2).maxSteps(10))
        .hasToString("median(startupTrials=3, warmupSteps=2, maxSteps=10)");
    assertThat(StoppingRules.asha(1, 3).maxSteps(27))
        .hasToString("asha(minSteps=1, reduction=3, maxSteps=27)");
    assertThat(StoppingRules.hyperband(1, 81, 3).brackets()).isEqualTo(5);
    assertThat(StoppingRules.wandbHyperband(27, 2, 3, true).bands()).containsExactly(3L, 9L);
    assertThat(StoppingRules.wandbHyperband(3, 3, true))
        .hasToString("wandbHyperband(min_iter 3, eta 3.0, strict)");
    StoppingRule.Stopper asha = StoppingRules.asha(1, 3).start(Objective.minimize("loss"));
    asha.report(0, 1, 0.1);
    assertThat(asha.report(1, 1, 0.2)).isTrue();
    assertThat(asha.why(1)).isEqualTo("not the best of the 2 values at rung 0 (step 1)");
    asha.finished(1, TrialStatus.PRUNED);
    assertThatThrownBy(() -> StoppingRules.median().maxSteps(0))
        .hasMessage("maxSteps must be >= 1, got 0");
  }
}
