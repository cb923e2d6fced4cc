package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.config.Config;
import dev.sweep.population.ParameterStatistics.Bin;
import dev.sweep.population.ParameterStatistics.Binning;
import dev.sweep.population.ParameterStatistics.Range;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The objective against each parameter: bins, correlations, good ranges, importance, Pareto fronts.
 */
class ParameterStatisticsTest {
  private static TrialRecord trial(
      long id, Map<String, Object> params, Map<String, Double> metrics) {
    return new TrialRecord(
        id,
        "t" + id,
        params,
        Config.of(params),
        TrialStatus.COMPLETED,
        metrics,
        List.of(),
        Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }

  /** Trials with x = xs[i] and error = f(x). */
  private static Population population(double[] xs, java.util.function.DoubleUnaryOperator f) {
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      trials.add(trial(i, Map.of("x", xs[i]), Map.of("error", f.applyAsDouble(xs[i]))));
    }
    return Population.of(Objective.minimize("error"), trials);
  }

  private static double[] range(int n) {
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i;
    }
    return xs;
  }

  @Test
  void equalWidthBins_countMeanAndBestPerBin() {
    List<Bin> bins = population(range(100), x -> x).parameter("x").bins(10, Binning.EQUAL_WIDTH);
    assertThat(bins).hasSize(10);
    assertThat(bins.get(0)).isEqualTo(new Bin(0, 9.9, 10, 4.5, 0));
    assertThat(bins.get(9).hi()).isEqualTo(99); // the largest value falls in the last bin
    assertThat(bins.stream().mapToInt(Bin::count).sum()).isEqualTo(100);
  }

  @Test
  void logBins_areEqualInDecades_andRefuseValuesThatAreNotPositive() {
    double[] xs = new double[30];
    for (int i = 0; i < 30; i++) {
      xs[i] = Math.pow(10, i / 10.0); // 1 ... 10^2.9
    }
    List<Bin> bins = population(xs, x -> x).parameter("x").bins(3, Binning.LOG);
    assertThat(bins).extracting(Bin::count).containsExactly(10, 10, 10);
    assertThat(bins.get(1).lo()).isCloseTo(Math.pow(10, 2.9 / 3), within(1e-9));

    assertThatThrownBy(() -> population(range(5), x -> x).parameter("x").bins(3, Binning.LOG))
        .hasMessage(
            "x: log bins need values > 0, but the smallest is 0.0; use Binning.EQUAL_WIDTH or QUANTILE");
  }

  @Test
  void quantileBins_holdAboutTheSameNumberOfTrials_andMergeRepeatedEdges() {
    double[] skewed = new double[100];
    for (int i = 0; i < 100; i++) {
      skewed[i] = i * i;
    }
    assertThat(population(skewed, x -> x).parameter("x").bins(4, Binning.QUANTILE))
        .extracting(Bin::count)
        .containsExactly(25, 25, 25, 25);
    double[] twoValues = {1, 1, 1, 1, 1, 1, 2, 2};
    assertThat(population(twoValues, x -> x).parameter("x").bins(4, Binning.QUANTILE))
        .hasSizeLessThan(4);
  }

  @Test
  void correlations_withTheObjective() {
    ParameterStatistics.Correlation squared =
        population(range(50), x -> x * x).parameter("x").correlation();
    assertThat(squared.spearman()).isCloseTo(1.0, within(1e-12)); // monotone
    assertThat(squared.pearson()).isBetween(0.9, 0.99); // but not linear
    assertThat(population(range(50), x -> -x).parameter("x").correlation().pearson())
        .isCloseTo(-1.0, within(1e-12));
    assertThat(population(range(2), x -> x).parameter("x").correlation().spearman()).isNaN();
  }

  @Test
  void aCategoricalParameter_isNoNumber() {
    Population p =
        Population.of(
            Objective.minimize("error"),
            List.of(trial(0, Map.of("optim", "sgd"), Map.of("error", 1.0))));
    assertThatThrownBy(() -> p.parameter("optim").bins(3, Binning.EQUAL_WIDTH))
        .hasMessage(
            "optim: trial 0 has sgd, not a number; groupBy(\"optim\") summarises a categorical parameter");
  }

  @Test
  void theGoodRange_bracketsWhereTheBestTrialsAre_andTheSeedFixesIt() {
    SplittableRandom random = new SplittableRandom(1);
    double[] xs = new double[2000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = random.nextDouble();
    }
    ParameterStatistics x = population(xs, v -> (v - 0.3) * (v - 0.3)).parameter("x");
    Range good = x.goodRange(1000, 0.25, 42);
    assertThat(good.low()).isLessThan(0.3);
    assertThat(good.high()).isGreaterThan(0.3);
    assertThat(good.median()).isCloseTo(0.3, within(0.01));
    assertThat(good.high() - good.low()).isLessThan(0.05);
    assertThat(x.goodRange(1000, 0.25, 42)).isEqualTo(good);
    assertThat(x.goodRange(1000, 1.0, 7))
        .isEqualTo(new Range(xs[argmin(xs)], xs[argmin(xs)], xs[argmin(xs)]));
  }

  private static int argmin(double[] xs) {
    int best = 0;
    for (int i = 1; i < xs.length; i++) {
      if (Math.abs(xs[i] - 0.3) < Math.abs(xs[best] - 0.3)) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void theBestRankOfARandomSubset_hasTheExactDistribution() {
    int n = 20;
    int m = 5;
    int draws = 200_000;
    int[] counts = new int[n];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < draws; i++) {
      counts[ParameterStatistics.bestRankOfSubset(n, m, random)]++;
    }
    // P(best rank >= r) = C(n - r, m) / C(n, m)
    for (int r = 0; r < n - m + 1; r++) {
      double exact = choose(n - r, m) / choose(n, m) - choose(n - r - 1, m) / choose(n, m);
      assertThat((double) counts[r] / draws)
          .as("rank " + r)
          .isCloseTo(exact, within(4 * Math.sqrt(exact / draws) + 1e-4));
    }
    for (int r = n - m + 1; r < n; r++) {
      assertThat(counts[r]).as("rank " + r + " cannot be the best of 5").isZero();
    }
  }

  private static double choose(int n, int k) {
    if (k > n) {
      return 0;
    }
    double c = 1;
    for (int i = 0; i < k; i++) {
      c = c * (n - i) / (i + 1);
    }
    return c;
  }

  @Test
  void importance_isTheShareOfVarianceEachParameterExplains_largestFirst() {
    SplittableRandom random = new SplittableRandom(5);
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double lr = random.nextDouble();
      double wd = random.nextDouble();
      String optim = random.nextBoolean() ? "sgd" : "adam";
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("wd", wd);
      params.put("lr", lr);
      params.put("optim", optim);
      double error = 10 * lr + (optim.equals("adam") ? 1 : 0) + 0.1 * random.nextGaussian();
      trials.add(trial(i, params, Map.of("error", error)));
    }
    List<Population.Importance> importance =
        Population.of(Objective.minimize("error"), trials).importance();
    assertThat(importance)
        .extracting(Population.Importance::param)
        .containsExactly("lr", "optim", "wd");
    assertThat(importance.get(0).share()).isGreaterThan(0.85);
    assertThat(importance.get(1).share())
        .isBetween(0.02, 0.15); // 1/4 of variance 1/4 against 100/12
    assertThat(importance.get(2).share()).isLessThan(0.01);
    assertThat(importance.get(0).n()).isEqualTo(2000);
  }

  @Test
  void theParetoFront_keepsTheTrialsThatNoneBeatsOnBothObjectives() {
    double[][] points = {{1, 5}, {2, 3}, {3, 4}, {4, 1}, {5, 5}, {2, 3}, {4, 0.5}};
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      trials.add(trial(i, Map.of("x", i), Map.of("error", points[i][0], "seconds", points[i][1])));
    }
    Population p = Population.of(Objective.minimize("error"), trials);
    assertThat(p.paretoFront(List.of(Objective.minimize("error"), Objective.minimize("seconds"))))
        .extracting(TrialRecord::id)
        .containsExactly(0L, 1L, 5L, 6L); // 1 and 5 tie: neither beats the other
    assertThat(p.paretoFront(List.of(Objective.maximize("error"), Objective.maximize("seconds"))))
        .extracting(TrialRecord::id)
        .containsExactly(4L);
    assertThatThrownBy(() -> p.paretoFront(List.of(Objective.minimize("error"))))
        .hasMessageStartingWith("a Pareto front needs two objectives or more");
  }
}
