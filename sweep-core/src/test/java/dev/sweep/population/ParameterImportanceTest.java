package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import dev.sweep.population.Population.ParameterImportance;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Importance that does not mislead: a parameter that does nothing scores about 0 at any number of
 * trials, a real effect scores clearly above it, and each figure comes with its n, p-value and
 * method.
 *
 * <p>The bin rule and the permutation count were chosen on populations of seeds 1 to 20 (a scratch
 * check, not a test); the assertions here use seeds 1001 to 1025, which played no part in choosing
 * them.
 */
class ParameterImportanceTest {
  /** Seeds for the reporting assertions: none of them was used to choose a default. */
  private static final long[] SEEDS = LongStream.rangeClosed(1001, 1025).toArray();

  private static TrialRecord trial(long id, Map<String, Object> params, double error) {
    return new TrialRecord(
        id,
        "t" + id,
        params,
        Config.of(params),
        TrialStatus.COMPLETED,
        Map.of("error", error),
        List.of(),
        Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }

  /** One trial's parameters drawn from {@code random}, and its error from them. */
  private interface Model {
    Map<String, Object> params(SplittableRandom random);

    double error(Map<String, Object> params, SplittableRandom random);
  }

  private static Population population(int n, long seed, Model model) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> params = model.params(random);
      trials.add(trial(i, params, model.error(params, random)));
    }
    return Population.of(Objective.minimize("error"), trials);
  }

  private static ParameterImportance of(Population p, String param) {
    return p.parameterImportance().stream()
        .filter(i -> i.param().equals(param))
        .findFirst()
        .orElseThrow();
  }

  /** The median over {@link #SEEDS} of a figure of one parameter. */
  private static double median(
      int n, Model model, String param, Function<ParameterImportance, Double> figure) {
    double[] values =
        Arrays.stream(SEEDS)
            .mapToDouble(s -> figure.apply(of(population(n, s, model), param)))
            .sorted()
            .toArray();
    return values[values.length / 2];
  }

  private static double x(Map<String, Object> params, String name) {
    return ((Number) params.get(name)).doubleValue();
  }

  /** error = strong + 0.25 weak + N(0, 0.1²); noise does nothing. */
  private static final Model STRONG_WEAK_NOISE =
      new Model() {
        @Override
        public Map<String, Object> params(SplittableRandom random) {
          Map<String, Object> params = new LinkedHashMap<>();
          params.put("strong", random.nextDouble());
          params.put("weak", random.nextDouble());
          params.put("noise", random.nextDouble());
          return params;
        }

        @Override
        public double error(Map<String, Object> p, SplittableRandom random) {
          return x(p, "strong") + 0.25 * x(p, "weak") + 0.1 * random.nextGaussian();
        }
      };

  @ParameterizedTest
  @ValueSource(ints = {20, 50, 200})
  void aParameterThatDoesNothing_scoresAboutZero(int n) {
    // the plain η² in 10 bins gave it 0.47 on average at 20 trials, 0.18 at 50
    assertThat(median(n, STRONG_WEAK_NOISE, "noise", ParameterImportance::share))
        .isLessThanOrEqualTo(0.05);
    assertThat(median(n, STRONG_WEAK_NOISE, "noise", ParameterImportance::pValue))
        .isGreaterThan(0.2);
  }

  @ParameterizedTest
  @ValueSource(ints = {20, 50, 200})
  void aStrongEffect_scoresHigh_withASmallPValue(int n) {
    // its true share is 1/12 over 1/12 + 1/192 + 1/100, 0.84; 4 bins at n = 20 catch 15/16 of it
    assertThat(median(n, STRONG_WEAK_NOISE, "strong", ParameterImportance::share))
        .isGreaterThan(0.6);
    assertThat(median(n, STRONG_WEAK_NOISE, "strong", ParameterImportance::pValue))
        .isLessThanOrEqualTo(0.01);
  }

  @Test
  void aWeakEffect_isRankedAboveNoise_at200Trials() {
    int above = 0;
    for (long seed : SEEDS) {
      Population p = population(200, seed, STRONG_WEAK_NOISE);
      if (of(p, "weak").share() > of(p, "noise").share()) {
        above++;
      }
    }
    // its true share is 0.06: above noise in all but the odd population
    assertThat(above).isGreaterThanOrEqualTo(SEEDS.length - 2);
    assertThat(median(200, STRONG_WEAK_NOISE, "weak", ParameterImportance::pValue))
        .isLessThan(0.05);
  }

  /** error = 1 if optim is sgd + N(0, 0.5²); seed, 4 levels, does nothing. */
  private static final Model CATEGORICAL =
      new Model() {
        @Override
        public Map<String, Object> params(SplittableRandom random) {
          return Map.of(
              "optim",
              random.nextBoolean() ? "sgd" : "adam",
              "init",
              List.of("a", "b", "c", "d").get(random.nextInt(4)));
        }

        @Override
        public double error(Map<String, Object> p, SplittableRandom random) {
          return (p.get("optim").equals("sgd") ? 1 : 0) + 0.5 * random.nextGaussian();
        }
      };

  @ParameterizedTest
  @ValueSource(ints = {20, 50, 200})
  void categoricalParameters_areGroupedByLevel(int n) {
    // optim's true share is 1/4 over 1/4 + 1/4, 0.5
    assertThat(median(n, CATEGORICAL, "optim", ParameterImportance::share)).isGreaterThan(0.3);
    assertThat(median(n, CATEGORICAL, "init", ParameterImportance::share))
        .isLessThanOrEqualTo(0.05);
    ParameterImportance init = of(population(n, SEEDS[0], CATEGORICAL), "init");
    assertThat(init.groups()).isEqualTo(4);
    assertThat(init.method()).isEqualTo("ε² over 4 levels, p from 199 permutations");
  }

  /** error = 1 where exactly one of a and b is above 0.5: neither matters on its own. */
  private static final Model INTERACTION =
      new Model() {
        @Override
        public Map<String, Object> params(SplittableRandom random) {
          return Map.of("a", random.nextDouble(), "b", random.nextDouble());
        }

        @Override
        public double error(Map<String, Object> p, SplittableRandom random) {
          return ((x(p, "a") > 0.5) != (x(p, "b") > 0.5) ? 1 : 0) + 0.1 * random.nextGaussian();
        }
      };

  @Test
  void aPureInteraction_isAttributedToNeitherParameter() {
    // main effects only, as the Javadoc says: the two together explain almost all of it
    assertThat(median(200, INTERACTION, "a", ParameterImportance::share)).isLessThanOrEqualTo(0.05);
    assertThat(median(200, INTERACTION, "b", ParameterImportance::share)).isLessThanOrEqualTo(0.05);
  }

  /** error = (log10 lr + 3)² + noise, lr log-uniform in [1e-5, 1e-1], and log10 lr beside it. */
  private static final Model LOG_SCALE =
      new Model() {
        @Override
        public Map<String, Object> params(SplittableRandom random) {
          double log = -5 + 4 * random.nextDouble();
          return Map.of("lr", Math.pow(10, log), "log_lr", log);
        }

        @Override
        public double error(Map<String, Object> p, SplittableRandom random) {
          double d = x(p, "log_lr") + 3;
          return d * d + 0.3 * random.nextGaussian();
        }
      };

  @Test
  void aLogScaleParameter_scoresAsItsLogarithmDoes() {
    for (long seed : Arrays.copyOf(SEEDS, 5)) {
      Population p = population(200, seed, LOG_SCALE);
      ParameterImportance lr = of(p, "lr");
      ParameterImportance log = of(p, "log_lr");
      // quantile bins see only the order of the values
      assertThat(lr.share()).isEqualTo(log.share());
      assertThat(lr.share()).isGreaterThan(0.7);
      assertThat(lr.groups()).isEqualTo(10);
    }
  }

  @Test
  void aGridsFewNumbers_areGroupedByValue() {
    // a grid of 3 learning rates by 2 weight decays, as DigitsHyperparametersTest sweeps
    List<TrialRecord> trials = new ArrayList<>();
    double[] errors = {0.30, 0.31, 0.10, 0.11, 0.20, 0.22};
    int i = 0;
    for (double lr : new double[] {0.003, 0.03, 0.3}) {
      for (double wd : new double[] {1e-5, 1e-4}) {
        trials.add(trial(i, Map.of("lr", lr, "wd", wd), errors[i]));
        i++;
      }
    }
    Population p = Population.of(Objective.minimize("error"), trials);
    ParameterImportance lr = of(p, "lr");
    assertThat(lr.method()).isEqualTo("ε² over 3 values, p from 199 permutations");
    assertThat(lr.share()).isGreaterThan(0.9);
    assertThat(of(p, "wd").share()).isZero();
  }

  @Test
  void theFigures_areTheSameEachTime_andDoNotDependOnTheOtherParameters() {
    Population p = population(300, SEEDS[0], STRONG_WEAK_NOISE);
    assertThat(p.parameterImportance()).isEqualTo(p.parameterImportance());
    ParameterImportance noise = of(p, "noise");
    List<TrialRecord> alone = new ArrayList<>();
    for (TrialRecord t : p.trials()) {
      alone.add(trial(t.id(), Map.of("noise", t.params().get("noise")), t.metrics().get("error")));
    }
    assertThat(Population.of(Objective.minimize("error"), alone).parameterImportance())
        .containsExactly(noise);
  }

  @Test
  void importance_isTheCorrectedShare_withN() {
    Population p = population(50, SEEDS[0], STRONG_WEAK_NOISE);
    assertThat(p.importance())
        .containsExactlyElementsOf(
            p.parameterImportance().stream()
                .map(i -> new Population.Importance(i.param(), i.share(), i.n()))
                .toList());
    assertThat(p.importance().get(0).param()).isEqualTo("strong");
    ParameterImportance strong = p.parameterImportance().get(0);
    assertThat(strong.n()).isEqualTo(50);
    assertThat(strong.groups()).isEqualTo(7); // √50 rounded
    assertThat(strong.method()).isEqualTo("ε² over 7 quantile bins, p from 199 permutations");
  }

  @Test
  void aParameterThatCannotTellAnything_scoresZero_withPValueOne() {
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      trials.add(trial(i, Map.of("same", 3, "unique", "v" + i), i));
    }
    List<ParameterImportance> importance =
        Population.of(Objective.minimize("error"), trials).parameterImportance();
    assertThat(importance)
        .extracting(ParameterImportance::share, ParameterImportance::pValue)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(0.0, 1.0));
  }

  @Test
  void parameterImportance_checksItsFigures() {
    assertThatThrownBy(() -> new ParameterImportance("lr", 1.5, 0.5, 10, 3, "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lr: share must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new ParameterImportance("lr", 0.5, 0, 10, 3, "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lr: pValue must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> new ParameterImportance("lr", 0.5, 0.5, -1, 3, "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lr: n and groups must be >= 0, got -1 and 3");
    assertThatThrownBy(() -> new ParameterImportance(null, 0.5, 0.5, 1, 3, "m"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("param == null");
  }
}
