package dev.sweep.space;

import static dev.sweep.space.Stats.ALPHA;
import static dev.sweep.space.Stats.DRAWS;
import static dev.sweep.space.Stats.boxed;
import static dev.sweep.space.Stats.draw;
import static dev.sweep.space.Stats.ksP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** How real-valued domains draw values and which grid points they offer. */
class FloatDomainTest {

  @Test
  void uniform_valuesAreUniformOnTheRange() {
    double[] values = draw(Floats.uniform(-2, 3), 42, DRAWS);

    assertThat(boxed(values)).allSatisfy(v -> assertThat(v).isBetween(-2.0, 3.0));
    assertThat(ksP(values, v -> (v + 2) / 5)).isGreaterThan(ALPHA);
  }

  @Test
  void logUniform_logOfValuesIsUniform() {
    double lo = 1e-4;
    double hi = 1e-1;
    double[] logs =
        Arrays.stream(draw(Floats.logUniform(lo, hi), 42, DRAWS)).map(Math::log).toArray();

    assertThat(ksP(logs, x -> (x - Math.log(lo)) / (Math.log(hi) - Math.log(lo))))
        .isGreaterThan(ALPHA);
  }

  @Test
  void logUniform_valuesThemselvesAreNotUniform_soTheCheckHasPower() {
    double[] values = draw(Floats.logUniform(1e-4, 1e-1), 42, DRAWS);

    assertThat(ksP(values, v -> (v - 1e-4) / (1e-1 - 1e-4))).isLessThan(1e-6);
  }

  @Test
  void logUniform_eachDecadeIsEquallyLikely() {
    double[] values = draw(Floats.logUniform(1e-4, 1e-1), 7, DRAWS);
    long[] decades = new long[3];
    for (double v : values) {
      decades[(int) Math.min(2, Math.floor(Math.log10(v) + 4))]++;
    }

    assertThat(Stats.chiSquareP(Stats.uniform(3), decades)).isGreaterThan(ALPHA);
  }

  /**
   * Truncations that exercise both ways of drawing: mostly rejection from the full normal, a mix of
   * rejection and the inverse CDF, and (far in a tail) nearly always the inverse CDF.
   */
  @ParameterizedTest(name = "normal({0}, {1}) on [{2}, {3}]")
  @CsvSource({
    "0.5, 0.3, 0, 1",
    "0, 1, 2, 3",
    "0, 1, 4, 5",
    "0, 1, -5, -4",
    "10, 0.1, -100, 100",
  })
  void normal_followsTheTruncatedNormalCdf(double mean, double sd, double lo, double hi) {
    double[] values = draw(Floats.normal(mean, sd, lo, hi), 42, DRAWS);

    assertThat(boxed(values)).allSatisfy(v -> assertThat(v).isBetween(lo, hi));
    assertThat(ksP(values, truncatedNormalCdf(mean, sd, lo, hi))).isGreaterThan(ALPHA);
  }

  @Test
  void normal_truncatedDiffersFromTheUntruncatedNormal_soTheCheckHasPower() {
    double[] values = draw(Floats.normal(0, 1, 0, 3), 42, DRAWS);

    assertThat(ksP(values, truncatedNormalCdf(0, 1, -3, 3))).isLessThan(1e-6);
  }

  @ParameterizedTest(name = "logNormal({0}, {1}) on [{2}, {3}]")
  @CsvSource({
    "-5, 1, 1e-4, 1",
    "0, 0.5, 1.5, 10",
  })
  void logNormal_logOfValuesFollowsTheTruncatedNormalCdf(
      double mu, double sigma, double lo, double hi) {
    double[] values = draw(Floats.logNormal(mu, sigma, lo, hi), 42, DRAWS);
    double[] logs = Arrays.stream(values).map(Math::log).toArray();

    assertThat(boxed(values)).allSatisfy(v -> assertThat(v).isBetween(lo, hi));
    assertThat(ksP(logs, truncatedNormalCdf(mu, sigma, Math.log(lo), Math.log(hi))))
        .isGreaterThan(ALPHA);
  }

  @ParameterizedTest(name = "beta({0}, {1})")
  @CsvSource({"2, 5", "0.5, 0.5", "1, 1"})
  void beta_followsTheBetaCdfOnTheUnitInterval(double a, double b) {
    double[] values = draw(Floats.beta(a, b), 42, DRAWS);
    BetaDistribution beta = new BetaDistribution(a, b);

    assertThat(boxed(values)).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
    assertThat(ksP(values, beta::cumulativeProbability)).isGreaterThan(ALPHA);
    assertThat(ksP(values, new BetaDistribution(b + 1, a)::cumulativeProbability)).isLessThan(1e-6);
  }

  @Test
  void beta_needsPositiveShapes() {
    assertThatThrownBy(() -> Floats.beta(0, 2).check("p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p: beta(0.0, 2.0) needs finite shapes a > 0 and b > 0, got a 0.0, b 2.0");
  }

  @Test
  void quantized_valuesAreExactDecimalMultiplesOfTheStep() {
    FloatDomain domain = Floats.uniform(0, 1).quantized(0.1);
    Set<Double> seen = new TreeSet<>();
    for (double v : draw(domain, 42, 2_000)) {
      seen.add(v);
    }

    assertThat(seen).containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    assertThat(seen).doesNotContain(0.30000000000000004);
  }

  @Test
  void quantized_roundsToTheNearestMultipleWithinTheRange() {
    FloatDomain domain = Floats.uniform(0.05, 0.31).quantized(0.1);

    assertThat(domain.gridValues()).contains(List.of(0.1, 0.2, 0.3));
    assertThat(boxed(draw(domain, 42, 1_000))).allSatisfy(v -> assertThat(v).isIn(0.1, 0.2, 0.3));
  }

  @Test
  void quantized_boundsThatAreDecimalMultiples_belongToTheGrid() {
    // In binary 0.7 / 0.1 is 6.999999999999999: the bound must still count as the 7th multiple.
    assertThat(Floats.uniform(0, 0.7).quantized(0.1).gridValues())
        .contains(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7));
    assertThat(Floats.uniform(0.65, 0.7).quantized(0.1).gridValues()).contains(List.of(0.7));
    Space.builder()
        .add("x", Floats.uniform(0.65, 0.7).quantized(0.1)); // no multiple missing: accepted
  }

  @Test
  void quantizedLogUniform_drawsMultiplesOnALogScale() {
    FloatDomain domain = Floats.logUniform(0.01, 1).quantized(0.01);
    double[] values = draw(domain, 42, DRAWS);

    assertThat(boxed(values))
        .allSatisfy(
            v ->
                assertThat(BigDecimal.valueOf(v).remainder(new BigDecimal("0.01")).signum())
                    .isZero());
    long small = Arrays.stream(values).filter(v -> v <= 0.1).count();
    assertThat(small).as("half the mass lies in [0.01, 0.1]").isBetween(2_300L, 2_700L);
  }

  @Test
  void quantized_gridHasEveryMultipleInOrder() {
    assertThat(Floats.uniform(0, 1).quantized(0.25).gridValues())
        .contains(List.of(0.0, 0.25, 0.5, 0.75, 1.0));
    assertThat(Floats.uniform(-0.3, 0.1).quantized(0.1).gridValues())
        .contains(List.of(-0.3, -0.2, -0.1, 0.0, 0.1));
  }

  @Test
  void quantized_withTooManyMultiples_hasNoGrid() {
    assertThat(Floats.uniform(0, 1).quantized(1e-9).gridValues()).isEmpty();
  }

  static Stream<Arguments> continuousDomains() {
    return Stream.of(
        Arguments.of(Floats.uniform(0, 1)),
        Arguments.of(Floats.logUniform(1e-4, 1e-1)),
        Arguments.of(Floats.normal(0, 1, -2, 2)),
        Arguments.of(Floats.logNormal(0, 1, 0.1, 10)));
  }

  @ParameterizedTest
  @MethodSource("continuousDomains")
  void continuousWithoutGridPoints_hasNoGridValues(FloatDomain domain) {
    assertThat(domain.gridValues()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("continuousDomains")
  void gridPoints_areReturnedInTheOrderGiven(FloatDomain domain) {
    double[] points =
        domain.isLog() ? new double[] {1.0, 0.1, 0.5} : new double[] {0.5, -0.25, 0.0};

    assertThat(domain.grid(points).gridValues())
        .contains(Arrays.stream(points).boxed().map(Object.class::cast).toList());
  }

  @Test
  void gridPoints_takePrecedenceOverQuantizedMultiples() {
    assertThat(Floats.uniform(0, 1).quantized(0.1).grid(0.5, 0.25).gridValues())
        .contains(List.of(0.5, 0.25));
  }

  @Test
  void gridPoints_doNotChangeRandomSampling() {
    assertThat(draw(Floats.logUniform(1e-5, 1e-2).grid(1e-5, 1e-3), 9, 100))
        .containsExactly(draw(Floats.logUniform(1e-5, 1e-2), 9, 100));
  }

  @Test
  void uniform_spanBeyondMaxDouble_isStillUniform() {
    double[] values = draw(Floats.uniform(-Double.MAX_VALUE, Double.MAX_VALUE), 42, DRAWS);

    assertThat(boxed(values)).allSatisfy(v -> assertThat(v).isFinite());
    assertThat(ksP(values, v -> 0.5 + v / Double.MAX_VALUE / 2)).isGreaterThan(ALPHA);
  }

  @Test
  void sample_isAFunctionOfTheRandomStream() {
    FloatDomain domain = Floats.normal(0, 1, -1, 3).quantized(0.001);

    assertThat(draw(domain, 5, 200)).containsExactly(draw(domain, 5, 200));
    assertThat(draw(domain, 5, 200)).isNotEqualTo(draw(domain, 6, 200));
  }

  @Test
  void values_areDoubles() {
    assertThat(Floats.uniform(0, 1).sample(new SplittableRandom(1))).isInstanceOf(Double.class);
    assertThat(Floats.uniform(0, 10).quantized(1).sample(new SplittableRandom(1)))
        .isInstanceOf(Double.class);
  }

  @Test
  void describe_namesKindParametersRangeAndStep() {
    assertThat(Floats.uniform(0, 1).describe()).isEqualTo("uniform[0.0, 1.0]");
    assertThat(Floats.logUniform(1e-4, 0.1).describe()).isEqualTo("logUniform[1.0E-4, 0.1]");
    assertThat(Floats.normal(1, 0.2, 0.5, 1.5).quantized(0.1).describe())
        .isEqualTo("normal(1.0, 0.2)[0.5, 1.5] step 0.1");
    assertThat(Floats.logNormal(0, 1, 0.1, 10).toString())
        .isEqualTo("logNormal(0.0, 1.0)[0.1, 10.0]");
  }

  @Test
  void accessors_reportTheDeclaration() {
    FloatDomain domain = Floats.logUniform(1e-4, 0.1).quantized(1e-4);

    assertThat(domain.kind()).isEqualTo(FloatDomain.Kind.LOG_UNIFORM);
    assertThat(domain.lo()).isEqualTo(1e-4);
    assertThat(domain.hi()).isEqualTo(0.1);
    assertThat(domain.step()).isEqualTo(1e-4);
    assertThat(domain.isLog()).isTrue();
    assertThat(Floats.normal(0, 1, -1, 1).isLog()).isFalse();
    assertThat(Floats.uniform(0, 1).step()).isZero();
  }

  /** The CDF of N(mean, sd) truncated to [lo, hi], from commons-math3's normal distribution. */
  static DoubleUnaryOperator truncatedNormalCdf(double mean, double sd, double lo, double hi) {
    NormalDistribution normal = new NormalDistribution(null, mean, sd);
    // In the upper tail, work with the mirror image: 1 - cdf loses every digit there.
    boolean upper = lo > mean;
    double a =
        upper ? normal.cumulativeProbability(2 * mean - hi) : normal.cumulativeProbability(lo);
    double b =
        upper ? normal.cumulativeProbability(2 * mean - lo) : normal.cumulativeProbability(hi);
    return x -> {
      double c =
          upper
              ? b - normal.cumulativeProbability(2 * mean - x)
              : normal.cumulativeProbability(x) - a;
      return Math.min(1, Math.max(0, c / (b - a)));
    };
  }
}
