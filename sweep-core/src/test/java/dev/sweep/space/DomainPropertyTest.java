package dev.sweep.space;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

/**
 * Every value a domain draws lies in its domain, whatever its (valid) arguments: properties over
 * random bounds, edge values included. Seeds are fixed, so the same cases run every time.
 */
class DomainPropertyTest {
  private static final int DRAWS = 50;

  @Property(seed = "42", tries = 300)
  void uniform_valuesStayInRange(
      @ForAll("finite") double a, @ForAll("finite") double b, @ForAll long seed) {
    Assume.that(a != b);
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    FloatDomain domain = checked(Floats.uniform(lo, hi));

    assertThat(Stats.boxed(Stats.draw(domain, seed, DRAWS)))
        .allSatisfy(v -> assertThat(v).isBetween(lo, hi));
  }

  @Property(seed = "42", tries = 300)
  void logUniform_valuesStayInRange(
      @ForAll("positive") double a, @ForAll("positive") double b, @ForAll long seed) {
    Assume.that(a != b);
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    FloatDomain domain = checked(Floats.logUniform(lo, hi));

    assertThat(Stats.boxed(Stats.draw(domain, seed, DRAWS)))
        .allSatisfy(v -> assertThat(v).isBetween(lo, hi));
  }

  /** Means inside and outside the range, narrow and wide: both rejection and inverse-CDF draws. */
  @Property(seed = "42", tries = 300)
  void normal_valuesStayInRange(
      @ForAll @DoubleRange(min = -1e6, max = 1e6) double a,
      @ForAll @DoubleRange(min = 1e-6, max = 1e6) @Scale(7) double width,
      @ForAll @DoubleRange(min = -3, max = 4) double meanAt,
      @ForAll @DoubleRange(min = 0.05, max = 20) double sdOfWidth,
      @ForAll long seed) {
    double lo = a;
    double hi = a + width;
    Assume.that(lo < hi);
    FloatDomain domain = Floats.normal(lo + meanAt * (hi - lo), sdOfWidth * (hi - lo), lo, hi);
    Assume.that(accepted(domain));

    assertThat(Stats.boxed(Stats.draw(domain, seed, DRAWS)))
        .allSatisfy(v -> assertThat(v).isBetween(lo, hi));
  }

  @Property(seed = "42", tries = 200)
  void logNormal_valuesStayInRange(
      @ForAll @DoubleRange(min = -20, max = 20) double logLo,
      @ForAll @DoubleRange(min = 0.01, max = 10) double logWidth,
      @ForAll @DoubleRange(min = -3, max = 4) double muAt,
      @ForAll @DoubleRange(min = 0.05, max = 20) double sigmaOfWidth,
      @ForAll long seed) {
    double lo = Math.exp(logLo);
    double hi = Math.exp(logLo + logWidth);
    FloatDomain domain = Floats.logNormal(logLo + muAt * logWidth, sigmaOfWidth * logWidth, lo, hi);
    Assume.that(accepted(domain));

    assertThat(Stats.boxed(Stats.draw(domain, seed, DRAWS)))
        .allSatisfy(v -> assertThat(v).isBetween(lo, hi));
  }

  @Property(seed = "42", tries = 300)
  void quantized_valuesAreExactMultiplesWithinRange(
      @ForAll @DoubleRange(min = -100, max = 100) double a,
      @ForAll @DoubleRange(min = -100, max = 100) double b,
      @ForAll("steps") double step,
      @ForAll boolean log,
      @ForAll long seed) {
    double lo = log ? Math.abs(Math.min(a, b)) + 1e-3 : Math.min(a, b);
    double hi = log ? Math.abs(Math.min(a, b)) + Math.abs(a - b) + 2e-3 : Math.max(a, b);
    Assume.that(lo < hi && multiples(lo, hi, step) > 0);
    FloatDomain domain =
        checked((log ? Floats.logUniform(lo, hi) : Floats.uniform(lo, hi)).quantized(step));
    List<Object> grid = domain.gridValues().orElseThrow();

    assertThat(Stats.boxed(Stats.draw(domain, seed, DRAWS)))
        .allSatisfy(
            v -> {
              assertThat(v).isBetween(lo, hi);
              assertThat(isMultiple(v, step)).as("%s is a multiple of %s", v, step).isTrue();
              assertThat(grid).contains(v);
            });
  }

  @Property(seed = "42", tries = 300)
  void quantized_gridHasEveryMultipleInRangeOnce(
      @ForAll @DoubleRange(min = -100, max = 100) double a,
      @ForAll @DoubleRange(min = -100, max = 100) double b,
      @ForAll("steps") double step) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    long count = multiples(lo, hi, step);
    Assume.that(lo < hi && count > 0 && count <= 100_000);
    List<Object> grid = checked(Floats.uniform(lo, hi).quantized(step)).gridValues().orElseThrow();

    assertThat(grid).hasSize((int) count).doesNotHaveDuplicates();
    assertThat(grid)
        .allSatisfy(
            v -> {
              assertThat((Double) v).isBetween(lo, hi);
              assertThat(isMultiple((Double) v, step)).isTrue();
            });
    assertThat(new ArrayList<>(grid))
        .isSortedAccordingTo((x, y) -> Double.compare((Double) x, (Double) y));
  }

  @Property(seed = "42", tries = 300)
  void intRange_valuesStayInRange(@ForAll long a, @ForAll long b, @ForAll long seed) {
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    IntDomain domain = checked(Ints.range(lo, hi));

    assertThat(Stats.drawObjects(domain, seed, DRAWS))
        .allSatisfy(v -> assertThat((Long) v).isBetween(lo, hi));
  }

  @Property(seed = "42", tries = 200)
  void intRange_smallRanges_gridHasEveryValue(
      @ForAll long a, @ForAll @IntRange(min = 0, max = 300) int width) {
    Assume.that(a <= Long.MAX_VALUE - width);
    List<Object> grid = checked(Ints.range(a, a + width)).gridValues().orElseThrow();

    assertThat(grid).hasSize(width + 1).startsWith(a).endsWith(a + width).doesNotHaveDuplicates();
  }

  @Property(seed = "42", tries = 300)
  void intLog_valuesStayInRange(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long a,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long b,
      @ForAll long seed) {
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    IntDomain domain = checked(Ints.log(lo, hi));

    assertThat(Stats.drawObjects(domain, seed, DRAWS))
        .allSatisfy(v -> assertThat((Long) v).isBetween(lo, hi));
  }

  @Property(seed = "42", tries = 200)
  void powerOfTwo_valuesArePowersOfTwoInRange(
      @ForAll @IntRange(min = 0, max = 62) int a,
      @ForAll @IntRange(min = 0, max = 62) int b,
      @ForAll long seed) {
    long lo = 1L << Math.min(a, b);
    long hi = 1L << Math.max(a, b);
    IntDomain domain = checked(Ints.powerOfTwo(lo, hi));

    assertThat(Stats.drawObjects(domain, seed, DRAWS))
        .allSatisfy(
            v -> {
              assertThat((Long) v).isBetween(lo, hi);
              assertThat(Long.bitCount((Long) v)).isOne();
            });
    assertThat(domain.gridValues().orElseThrow()).hasSize(Math.abs(a - b) + 1);
  }

  @Property(seed = "42", tries = 300)
  void multipleOf_valuesAreMultiplesInRange(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long multiple,
      @ForAll long a,
      @ForAll long b,
      @ForAll long seed) {
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    BigInteger m = BigInteger.valueOf(multiple);
    BigInteger first = ceilDiv(BigInteger.valueOf(lo), m);
    BigInteger last = BigInteger.valueOf(Math.floorDiv(hi, multiple));
    Assume.that(first.compareTo(last) <= 0);
    IntDomain domain = checked(Ints.multipleOf(multiple, lo, hi));

    assertThat(Stats.drawObjects(domain, seed, DRAWS))
        .allSatisfy(
            v -> {
              assertThat((Long) v).isBetween(lo, hi);
              assertThat(Math.floorMod((Long) v, multiple)).isZero();
            });
    long count =
        last.subtract(first)
            .add(BigInteger.ONE)
            .min(BigInteger.valueOf(2_000_000))
            .longValueExact();
    domain.gridValues().ifPresent(grid -> assertThat(grid).hasSize((int) count));
    assertThat(domain.gridValues().isPresent()).isEqualTo(count <= 1_000_000);
  }

  @Property(seed = "42", tries = 200)
  void weightedChoice_drawsOnlyValuesWithPositiveWeight(
      @ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = 0, max = 5) Double> weights,
      @ForAll long seed) {
    Assume.that(weights.stream().mapToDouble(Double::doubleValue).sum() > 0);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      values.add("v" + i);
    }
    ChoiceDomain domain =
        checked(
            Choices.weighted(values, weights.stream().mapToDouble(Double::doubleValue).toArray()));

    assertThat(Stats.drawObjects(domain, seed, DRAWS))
        .allSatisfy(v -> assertThat(weights.get(values.indexOf(v))).isPositive());
  }

  @Property(seed = "42", tries = 200)
  void list_hasALengthInItsLengthDomainAndItemsInTheItemDomain(
      @ForAll @IntRange(min = 0, max = 5) int a,
      @ForAll @IntRange(min = 0, max = 5) int b,
      @ForAll long seed) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    ListDomain domain = checked(Lists.of(Ints.multipleOf(3, -10, 10), Ints.range(lo, hi)));

    assertThat(Stats.drawObjects(domain, seed, DRAWS))
        .allSatisfy(
            v -> {
              List<?> list = (List<?>) v;
              assertThat(list.size()).isBetween(lo, hi);
              assertThat(list)
                  .allSatisfy(item -> assertThat(Math.floorMod((Long) item, 3)).isZero());
            });
  }

  // ---------------------------------------------------------------- generators and helpers

  /** Finite doubles of every magnitude, with the edges (±MAX_VALUE, ±MIN_VALUE, 0) mixed in. */
  @Provide
  Arbitrary<Double> finite() {
    Arbitrary<Double> plain = Arbitraries.doubles().between(-1000, 1000).ofScale(6);
    Arbitrary<Double> anyMagnitude =
        Combinators.combine(
                Arbitraries.of(-1.0, 1.0), Arbitraries.doubles().between(-307, 308).ofScale(4))
            .as((sign, exponent) -> sign * Math.pow(10, exponent));
    Arbitrary<Double> edges =
        Arbitraries.of(
            0.0,
            -0.0,
            1.0,
            -1.0,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MIN_NORMAL);
    return Arbitraries.frequencyOf(
        Tuple.of(4, plain), Tuple.of(4, anyMagnitude), Tuple.of(1, edges));
  }

  @Provide
  Arbitrary<Double> positive() {
    return finite().map(Math::abs).filter(v -> v > 0);
  }

  /** Decimal steps k × 10^-d, as people write them: 0.1, 0.25, 0.05, 3, 0.001 … */
  @Provide
  Arbitrary<Double> steps() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 50), Arbitraries.integers().between(0, 3))
        .as((k, d) -> BigDecimal.valueOf(k).scaleByPowerOfTen(-d).doubleValue());
  }

  private static long multiples(double lo, double hi, double step) {
    BigDecimal s = BigDecimal.valueOf(step);
    BigDecimal first = BigDecimal.valueOf(lo).divide(s, 0, RoundingMode.CEILING);
    BigDecimal last = BigDecimal.valueOf(hi).divide(s, 0, RoundingMode.FLOOR);
    return last.subtract(first).longValueExact() + 1;
  }

  private static boolean isMultiple(double value, double step) {
    return BigDecimal.valueOf(value).remainder(BigDecimal.valueOf(step)).signum() == 0;
  }

  private static BigInteger ceilDiv(BigInteger x, BigInteger m) {
    BigInteger[] qr = x.divideAndRemainder(m);
    return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
  }

  private static <D extends Domain> D checked(D domain) {
    Space.builder().add("p", domain);
    return domain;
  }

  private static boolean accepted(Domain domain) {
    try {
      domain.check("p");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
