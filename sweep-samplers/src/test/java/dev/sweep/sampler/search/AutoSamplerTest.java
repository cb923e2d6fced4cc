package dev.sweep.sampler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Coupled;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} chooses by the space, the objectives and the budget, as {@link AutoRule} says, and
 * the sweep is then the chosen sampler's, sample for sample.
 */
class AutoSamplerTest {
  private static final Objectives ONE = Objectives.of(Objective.minimize("value"));
  private static final Objectives TWO = Objective.minimize("value").andMinimize("cost");

  private static final Space CONTINUOUS_5D =
      Space.builder()
          .add("a", Floats.uniform(-5, 5))
          .add("b", Floats.uniform(-5, 5))
          .add("c", Floats.logUniform(1e-4, 1))
          .add("d", Floats.uniform(0, 1))
          .add("e", Ints.range(1, 10))
          .build();

  private static final Space FLOATS_3D =
      Space.builder()
          .add("a", Floats.uniform(-5, 5))
          .add("b", Floats.uniform(-5, 5))
          .add("c", Floats.logUniform(1e-4, 1))
          .build();

  private static final Space WITH_A_CHOICE =
      Space.builder()
          .add("x", Floats.uniform(-5, 5))
          .add("y", Floats.uniform(-5, 5))
          .add("act", Choices.of("relu", "tanh", "gelu"))
          .build();

  private static final Space WITH_BRANCHES =
      Space.builder()
          .add("lr", Floats.logUniform(1e-4, 1))
          .add(
              "model",
              Branches.of(
                  "small", Space.builder().add("width", Floats.uniform(0, 1)).build(),
                  "large",
                      Space.builder()
                          .add("width", Floats.uniform(0, 1))
                          .add("depth", Ints.range(1, 10))
                          .build()))
          .build();

  private static Sampler choose(long seed, Space space, Objectives objectives) {
    return SearchSamplers.auto(seed).choice(space, objectives).sampler();
  }

  @Test
  void floats_areCmaEs() {
    AutoSampler.Choice choice = SearchSamplers.auto(7).choice(FLOATS_3D, ONE);
    assertThat(choice.sampler()).isInstanceOf(CmaEsSampler.class).hasToString("cmaes(seed=7)");
    assertThat(choice.reason())
        .isEqualTo("CMA-ES (3 floats, no choices or branches, budget unknown)");
    assertThat(AutoSampler.builder().seed(7).budget(500).build().choice(FLOATS_3D, ONE).reason())
        .isEqualTo("CMA-ES (3 floats, no choices or branches, budget 500)");
  }

  @Test
  void manyFloats_areCmaEs_anInteger_multivariateTpe() {
    Space.Builder b = Space.builder();
    for (int i = 0; i < 10; i++) {
      b.add("x" + i, Floats.uniform(0, 1));
    }
    Space tenFloats = b.build();
    assertThat(choose(7, tenFloats, ONE)).isInstanceOf(CmaEsSampler.class);
    AutoSampler.Choice choice = SearchSamplers.auto(7).choice(CONTINUOUS_5D, ONE);
    assertThat(((TpeSampler) choice.sampler()).multivariate()).isTrue();
    assertThat(choice.reason())
        .isEqualTo(
            "multivariate TPE (4 floats, 1 integer, no choices or branches, budget unknown)");
    Space twoInts = Space.builder().add("a", Ints.range(1, 9)).add("b", Ints.range(1, 9)).build();
    assertThat(((TpeSampler) choose(7, twoInts, ONE)).multivariate()).isTrue();
  }

  @Test
  void aChoice_isMultivariateTpe() {
    AutoSampler.Choice choice = SearchSamplers.auto(7).choice(WITH_A_CHOICE, ONE);
    assertThat(choice.sampler()).isInstanceOf(TpeSampler.class);
    assertThat(((TpeSampler) choice.sampler()).multivariate()).isTrue();
    assertThat(((TpeSampler) choice.sampler()).seed()).isEqualTo(7);
    assertThat(choice.reason())
        .isEqualTo("multivariate TPE (2 floats, 1 choice, no branches, budget unknown)");
  }

  @Test
  void branches_areUnivariateTpe_coupledValuesMultivariate() {
    AutoSampler.Choice choice = SearchSamplers.auto(7).choice(WITH_BRANCHES, ONE);
    assertThat(choice.sampler()).isInstanceOf(TpeSampler.class).hasToString("tpe(seed=7)");
    assertThat(choice.reason())
        .isEqualTo("TPE (3 floats, 1 integer, 1 branch choice, budget unknown)");
    Space coupled =
        Space.builder()
            .add("x", Floats.uniform(0, 1))
            .add("y", Floats.uniform(0, 1))
            .add(
                Coupled.of(
                    Map.of("data", "small", "batch", 32), Map.of("data", "big", "batch", 256)))
            .build();
    AutoSampler.Choice c = SearchSamplers.auto(7).choice(coupled, ONE);
    assertThat(((TpeSampler) c.sampler()).multivariate()).isTrue();
    assertThat(c.reason())
        .isEqualTo("multivariate TPE (2 floats, 1 set of coupled values, budget unknown)");
  }

  @Test
  void oneFloat_isUnivariateTpe() {
    Space one = Space.builder().add("x", Floats.uniform(-5, 5)).build();
    AutoSampler.Choice choice = SearchSamplers.auto(3).choice(one, ONE);
    assertThat(choice.sampler()).isInstanceOf(TpeSampler.class).hasToString("tpe(seed=3)");
    assertThat(choice.reason()).isEqualTo("TPE (1 float, no choices or branches, budget unknown)");
  }

  @Test
  void twoObjectives_areMotpe_whateverTheBudget() {
    AutoSampler.Choice motpe = SearchSamplers.auto(3).choice(FLOATS_3D, TWO);
    assertThat(motpe.sampler()).isInstanceOf(TpeSampler.class).hasToString("tpe(seed=3)");
    assertThat(motpe.reason())
        .isEqualTo(
            "TPE (2 objectives, so MOTPE, 3 floats, no choices or branches, budget unknown)");
    assertThat(
            AutoSampler.builder().seed(3).budget(20_000).build().choice(FLOATS_3D, TWO).sampler())
        .hasToString("tpe(seed=3)");
    assertThat(choose(3, WITH_BRANCHES, TWO)).hasToString("tpe(seed=3)");
  }

  @Test
  void twoObjectives_withAChoiceOrAnInteger_areMultivariateMotpe() {
    AutoSampler.Choice motpe = SearchSamplers.auto(3).choice(CONTINUOUS_5D, TWO);
    assertThat(((TpeSampler) motpe.sampler()).multivariate()).isTrue();
    assertThat(motpe.reason())
        .isEqualTo(
            "multivariate TPE (2 objectives, so multivariate MOTPE, 4 floats, 1 integer, no choices"
                + " or branches, budget unknown)");
    assertThat(((TpeSampler) choose(3, WITH_A_CHOICE, TWO)).multivariate()).isTrue();
    assertThat(
            ((TpeSampler)
                    AutoSampler.builder()
                        .seed(3)
                        .budget(999)
                        .build()
                        .choice(CONTINUOUS_5D, TWO)
                        .sampler())
                .multivariate())
        .isTrue();
  }

  @Test
  void outcomeConstraints_areMotpe() {
    Objectives constrained =
        Objectives.of(Objective.minimize("value")).subjectTo(MetricBound.atMost("cost", 1));
    AutoSampler.Choice choice = SearchSamplers.auto(3).choice(FLOATS_3D, constrained);
    assertThat(choice.sampler()).hasToString("tpe(seed=3)");
    assertThat(choice.reason()).startsWith("TPE (1 objective with outcome constraints, so MOTPE, ");
  }

  @Test
  void theRule_seesListsAndEmptySpaces() {
    SpaceProfile lists = new SpaceProfile(0, 0, 0, 1, 0, 0);
    assertThat(AutoRule.choose(lists, OptionalLong.empty(), 1, false).algorithm())
        .isEqualTo(AutoRule.Algorithm.TPE_MULTIVARIATE);
    SpaceProfile none = SpaceProfile.of(Space.builder().build());
    assertThat(AutoRule.choose(none, OptionalLong.of(5), 1, false))
        .isEqualTo(new AutoRule.Decision(AutoRule.Algorithm.TPE, "no parameters, budget 5"));
    assertThat(SpaceProfile.of(WITH_BRANCHES)).isEqualTo(new SpaceProfile(3, 1, 0, 0, 1, 0));
    assertThat(SpaceProfile.of(WITH_BRANCHES).dimensions()).isEqualTo(5);
  }

  /** {@code n} sequential asks and tells of {@code f}. */
  private static List<Sample> run(Sampler sampler, Space space, ToDoubleFunction<Sample> f, int n) {
    Sampler.Sampling sampling = sampler.start(space, Objective.minimize("value"));
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Sample s = sampling.ask(i);
      samples.add(s);
      sampling.tell(Trials.completed(s, f.applyAsDouble(s)));
    }
    return samples;
  }

  @Test
  void aContinuousSweep_isCmaEsWithTheSameSeed_sampleForSample() {
    ToDoubleFunction<Sample> f =
        s -> {
          double a = s.config().getDouble("a") - 1;
          double b = s.config().getDouble("b") + 2;
          return a * a + b * b + Math.abs(Math.log10(s.config().getDouble("c")) + 2);
        };
    assertThat(run(SearchSamplers.auto(5), FLOATS_3D, f, 60))
        .isEqualTo(run(SearchSamplers.cmaEs(5), FLOATS_3D, f, 60));
  }

  @Test
  void aSweepWithAChoice_isMultivariateTpeWithTheSameSeed_sampleForSample() {
    ToDoubleFunction<Sample> f =
        s -> {
          double x = s.config().getDouble("x") - 1;
          return x * x + (s.config().getString("act").equals("tanh") ? 0 : 1);
        };
    assertThat(run(SearchSamplers.auto(5), WITH_A_CHOICE, f, 30))
        .isEqualTo(
            run(TpeSampler.builder().seed(5).multivariate(true).build(), WITH_A_CHOICE, f, 30));
  }

  @Test
  void start_logsTheChoiceAndTheReasonAtInfo_once() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AutoSampler.builder().seed(1).budget(500).build().start(FLOATS_3D);
    } finally {
      System.setErr(err);
    }
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains("INFO")
        .contains("auto: CMA-ES (3 floats, no choices or branches, budget 500)");
    assertThat(logged.split("auto: ", -1)).hasSize(2);
  }

  @Test
  void builder_checksTheBudget_andToStringShowsTheSettings() {
    assertThatThrownBy(() -> AutoSampler.builder().budget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget must be >= 1 trial, got 0");
    assertThatThrownBy(() -> AutoSampler.builder().budget(-3))
        .hasMessage("budget must be >= 1 trial, got -3");
    assertThat(SearchSamplers.auto(4)).hasToString("auto(seed=4)");
    AutoSampler sized = AutoSampler.builder().seed(4).budget(300).build();
    assertThat(sized).hasToString("auto(seed=4, budget=300)");
    assertThat(sized.budget()).hasValue(300);
    assertThat(sized.seed()).isEqualTo(4);
    assertThat(SearchSamplers.auto(4).budget()).isEmpty();
  }
}
