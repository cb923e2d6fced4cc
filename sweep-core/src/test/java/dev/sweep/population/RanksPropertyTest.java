package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.trial.Objective;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Ranks, sorts and quantiles without sorting objects agree with commons-math and with a full sort.
 */
class RanksPropertyTest {
  /** Values with many ties, negative zeros and infinities, below and above the radix threshold. */
  @Provide
  Arbitrary<double[]> values() {
    Arbitrary<Double> tied =
        Arbitraries.of(
            -1.5, -0.0, 0.0, 2.0, 3.25, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    Arbitrary<Double> any = Arbitraries.doubles().between(-1e300, 1e300);
    Arbitrary<Double> value = Arbitraries.oneOf(tied, any);
    return Arbitraries.oneOf(
            value.list().ofMinSize(1).ofMaxSize(50), value.list().ofMinSize(4096).ofMaxSize(6000))
        .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Property(tries = 60)
  void averageRanks_areCommonsMathsNaturalRanking(@ForAll("values") double[] v) {
    // -0.0 and 0.0 are one value to us (they are ==, and pandas ranks them so), two to commons-math
    double[] zeros = Arrays.stream(v).map(x -> x == 0 ? 0.0 : x).toArray();
    double[] expected = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(zeros);
    assertThat(Ranks.average(v)).containsExactly(expected, within(0.0));
  }

  @Property(tries = 40)
  void spearman_isCommonsMaths(@ForAll("values") double[] x) {
    if (x.length < 3) {
      return;
    }
    double[] fx = Arrays.stream(x).map(v -> Double.isFinite(v) && v != 0 ? v : 0.0).toArray();
    double[] y = Arrays.stream(fx).map(v -> Math.sin(v)).toArray();
    double actual =
        new ParameterStatistics("x", Objective.minimize("y"), fx, y).correlation().spearman();
    double expected = new SpearmansCorrelation().correlation(fx, y);
    assertThat(actual).isCloseTo(expected, within(1e-9));
  }

  @Property(tries = 100)
  void quantilesWithoutASort_areThoseOfTheSortedValues(@ForAll("values") double[] v) {
    double[] finite = Arrays.stream(v).filter(Double::isFinite).toArray();
    if (finite.length == 0) {
      return;
    }
    double[] sorted = finite.clone();
    Arrays.sort(sorted);
    double[] qs = {0.9, 0, 0.1, 0.5, 0.25, 1, 0.75, 0.5, 0.333};
    double[] got = new Edf(finite.clone()).quantiles(qs);
    for (int i = 0; i < qs.length; i++) {
      assertThat(got[i])
          .as("q=%s of %s values", qs[i], finite.length)
          .isEqualTo(Edf.quantileOfSorted(sorted, qs[i]));
    }
  }

  @Property(tries = 100)
  void edfPoints_withoutASort_areThoseOfTheSortedValues(@ForAll("values") double[] v) {
    double[] finite = Arrays.stream(v).filter(Double::isFinite).toArray();
    Edf lazy = new Edf(finite.clone());
    Edf sorted = new Edf(finite.clone());
    sorted.values(); // sorts it
    for (int n : new int[] {2, 7, 1000}) {
      assertThat(lazy.points(n)).isDeepEqualTo(sorted.points(n));
    }
    assertThat(Double.valueOf(lazy.quantile(0.37)))
        .isEqualTo(Double.valueOf(sorted.quantile(0.37)));
  }

  @Property(tries = 100)
  void sort_isArraysSort(@ForAll("values") double[] v) {
    double[] expected = v.clone();
    Arrays.sort(expected);
    double[] actual = v.clone();
    Ranks.sort(actual);
    for (int i = 0; i < v.length; i++) {
      assertThat(Double.doubleToRawLongBits(actual[i]))
          .as("at %s: -0.0 stays before 0.0", i)
          .isEqualTo(Double.doubleToRawLongBits(expected[i]));
    }
  }

  @Property(tries = 50)
  void order_sortsTheIndicesByValue(@ForAll("values") double[] v) {
    int[] order = Ranks.order(v);
    assertThat(Arrays.stream(order).sorted().toArray())
        .isEqualTo(java.util.stream.IntStream.range(0, v.length).toArray());
    for (int i = 1; i < order.length; i++) {
      assertThat(Double.compare(v[order[i - 1]], v[order[i]])).isLessThanOrEqualTo(0);
    }
  }
}
