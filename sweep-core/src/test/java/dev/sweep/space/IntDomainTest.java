package dev.sweep.space;

import static dev.sweep.space.Stats.ALPHA;
import static dev.sweep.space.Stats.DRAWS;
import static dev.sweep.space.Stats.chiSquareP;
import static dev.sweep.space.Stats.counts;
import static dev.sweep.space.Stats.drawObjects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How integer domains draw values and which grid points they offer. */
class IntDomainTest {

  @Test
  void range_eachIntegerIsEquallyLikely() {
    List<Long> values = LongStream.rangeClosed(3, 12).boxed().toList();

    // Not seed 42: it is one of the 1% of seeds in the tail (p = 0.008); over 200 seeds p is
    // uniform.
    long[] observed = counts(values, drawObjects(Ints.range(3, 12), 43, DRAWS));

    assertThat(chiSquareP(Stats.uniform(values.size()), observed)).isGreaterThan(ALPHA);
  }

  @Test
  void powerOfTwo_drawsOnlyPowersOfTwo_eachEquallyLikely() {
    List<Long> powers = List.of(4L, 8L, 16L, 32L, 64L, 128L, 256L);

    long[] observed = counts(powers, drawObjects(Ints.powerOfTwo(4, 256), 42, DRAWS));

    assertThat(chiSquareP(Stats.uniform(powers.size()), observed)).isGreaterThan(ALPHA);
  }

  @Test
  void multipleOf_drawsOnlyMultiplesInRange_eachEquallyLikely() {
    List<Long> multiples = List.of(16L, 24L, 32L, 40L, 48L, 56L, 64L, 72L, 80L, 88L, 96L);

    long[] observed = counts(multiples, drawObjects(Ints.multipleOf(8, 10, 100), 42, DRAWS));

    assertThat(chiSquareP(Stats.uniform(multiples.size()), observed)).isGreaterThan(ALPHA);
  }

  @Test
  void multipleOf_negativeBounds_drawsTheMultiplesBetweenThem() {
    assertThat(drawObjects(Ints.multipleOf(5, -12, 3), 42, 500)).containsOnly(-10L, -5L, 0L);
  }

  @Test
  void log_eachIntegerHasTheMassOfItsLogUniformCell() {
    // floor(exp(U(ln lo, ln(hi + 1)))) gives k the mass ln((k + 1) / k) / ln((hi + 1) / lo).
    int lo = 1;
    int hi = 50;
    List<Long> values = LongStream.rangeClosed(lo, hi).boxed().toList();
    double[] mass = new double[values.size()];
    for (int k = lo; k <= hi; k++) {
      mass[k - lo] = Math.log((k + 1.0) / k) / Math.log((hi + 1.0) / lo);
    }

    long[] observed = counts(values, drawObjects(Ints.log(lo, hi), 42, DRAWS));

    assertThat(chiSquareP(mass, observed)).isGreaterThan(ALPHA);
    assertThat(observed[0])
        .as("1 is drawn far more often than 50")
        .isGreaterThan(10 * observed[hi - lo]);
  }

  @Test
  void log_isNotUniform_soTheCheckHasPower() {
    List<Long> values = LongStream.rangeClosed(1, 50).boxed().toList();

    long[] observed = counts(values, drawObjects(Ints.log(1, 50), 42, DRAWS));

    assertThat(chiSquareP(Stats.uniform(values.size()), observed)).isLessThan(1e-6);
  }

  @Test
  void log_largeBounds_eachDecadeIsEquallyLikely() {
    long[] decades = new long[3];
    for (Object v : drawObjects(Ints.log(1_000, 999_999), 42, DRAWS)) {
      decades[(int) Math.floor(Math.log10((Long) v)) - 3]++;
    }

    assertThat(chiSquareP(Stats.uniform(3), decades)).isGreaterThan(ALPHA);
  }

  @Test
  void singleValueRange_alwaysDrawsIt() {
    assertThat(drawObjects(Ints.range(7, 7), 1, 20)).containsOnly(7L);
    assertThat(drawObjects(Ints.log(7, 7), 1, 20)).containsOnly(7L);
    assertThat(drawObjects(Ints.powerOfTwo(8, 8), 1, 20)).containsOnly(8L);
  }

  @Test
  void values_areLongs() {
    SplittableRandom rng = new SplittableRandom(1);
    assertThat(
            List.of(
                Ints.range(0, 9).sample(rng), Ints.log(1, 9).sample(rng),
                Ints.powerOfTwo(1, 8).sample(rng), Ints.multipleOf(3, 0, 9).sample(rng)))
        .allSatisfy(v -> assertThat(v).isInstanceOf(Long.class));
  }

  @Test
  void gridValues_listEveryValueInOrder() {
    assertThat(Ints.range(-2, 3).gridValues()).contains(List.of(-2L, -1L, 0L, 1L, 2L, 3L));
    assertThat(Ints.log(1, 5).gridValues()).contains(List.of(1L, 2L, 3L, 4L, 5L));
    assertThat(Ints.powerOfTwo(1, 64).gridValues())
        .contains(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L));
    assertThat(Ints.multipleOf(5, 3, 21).gridValues()).contains(List.of(5L, 10L, 15L, 20L));
  }

  @Test
  void gridValues_countEachKind() {
    assertThat(Ints.range(10, 30).gridValues()).hasValueSatisfying(v -> assertThat(v).hasSize(21));
    assertThat(Ints.log(1_000, 100_000).gridValues())
        .hasValueSatisfying(v -> assertThat(v).hasSize(99_001));
    assertThat(Ints.powerOfTwo(32, 512).gridValues())
        .hasValueSatisfying(v -> assertThat(v).hasSize(5));
    assertThat(Ints.multipleOf(8, 16, 256).gridValues())
        .hasValueSatisfying(v -> assertThat(v).hasSize(31));
    assertThat(Ints.powerOfTwo(1, 1L << 62).gridValues())
        .hasValueSatisfying(v -> assertThat(v).hasSize(63));
  }

  @Test
  void gridValues_tooManyValues_hasNoGrid() {
    assertThat(Ints.range(0, 1_000_000).gridValues()).isEmpty();
    assertThat(Ints.range(Long.MIN_VALUE, Long.MAX_VALUE).gridValues()).isEmpty();
    assertThat(Ints.multipleOf(2, 0, 2_000_000).gridValues()).isEmpty();
  }

  @Test
  @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void gridValues_atTheEdgeOfTheLongRange_endWithoutOverflow() {
    assertThat(Ints.range(Long.MAX_VALUE - 2, Long.MAX_VALUE).gridValues())
        .contains(List.of(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE));
    assertThat(Ints.multipleOf(Long.MAX_VALUE / 2, 1, Long.MAX_VALUE).gridValues())
        .contains(List.of(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2 * 2));
    assertThat(Ints.range(Long.MIN_VALUE, Long.MIN_VALUE + 1).gridValues())
        .contains(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1));
  }

  @Test
  void range_overMoreThanHalfOfAllLongs_samplesWithinIt() {
    assertThat(drawObjects(Ints.range(Long.MIN_VALUE, Long.MAX_VALUE), 42, 100))
        .doesNotHaveDuplicates();
    assertThat(drawObjects(Ints.range(-1, Long.MAX_VALUE), 42, 100))
        .allSatisfy(v -> assertThat((Long) v).isGreaterThanOrEqualTo(-1L));
  }

  @Test
  void describe_namesKindAndBounds() {
    assertThat(Ints.range(10, 30).describe()).isEqualTo("intRange[10, 30]");
    assertThat(Ints.log(1, 100).describe()).isEqualTo("intLog[1, 100]");
    assertThat(Ints.powerOfTwo(32, 512).describe()).isEqualTo("powerOfTwo[32, 512]");
    assertThat(Ints.multipleOf(8, 16, 256).toString()).isEqualTo("multipleOf(8)[16, 256]");
  }

  @Test
  void isLog_forLogRangesAndPowersOfTwo() {
    assertThat(Ints.log(1, 10).isLog()).isTrue();
    assertThat(Ints.powerOfTwo(1, 8).isLog()).isTrue();
    assertThat(Ints.range(1, 10).isLog()).isFalse();
    assertThat(Ints.multipleOf(2, 0, 10).isLog()).isFalse();
  }
}
