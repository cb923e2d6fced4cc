package dev.sweep.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatDomain#wholeNumbers()}: the same values as the quantized domain, as {@code Long}s
 * (W&amp;B's integer {@code q}).
 */
class WholeNumbersTest {

  @Property(seed = "42", tries = 200)
  void wholeNumbers_areTheQuantizedValuesAsLongs(
      @ForAll @DoubleRange(min = -1000, max = 1000) double lo,
      @ForAll @DoubleRange(min = 1, max = 1000) double width,
      @ForAll @IntRange(min = 1, max = 16) int step,
      @ForAll @IntRange(min = 0, max = 3) int kind,
      @ForAll long seed) {
    double hi = lo + width + step; // at least one multiple of the step
    FloatDomain d =
        switch (kind) {
          case 0 -> Floats.uniform(lo, hi);
          case 1 -> Floats.normal((lo + hi) / 2, width / 4, lo, hi);
          case 2 -> Floats.logUniform(Math.abs(lo) + 1, Math.abs(lo) + 1 + width + step);
          default -> Floats.logNormal(Math.log(Math.abs(lo) + 2), 0.5, Math.abs(lo) + 1, 1e5);
        };
    FloatDomain quantized = d.quantized(step);
    FloatDomain whole = quantized.wholeNumbers();
    whole.check("x");
    assertThat(whole.isWhole()).isTrue();
    for (int i = 0; i < 20; i++) {
      Object a = whole.sample(new SplittableRandom(seed + i));
      Object b = quantized.sample(new SplittableRandom(seed + i));
      assertThat(a).isInstanceOf(Long.class).isEqualTo(Math.round((Double) b));
      assertThat((Long) a % step).isZero();
      assertThat(((Long) a).doubleValue()).isBetween(whole.lo(), whole.hi());
      double u = i / 19.0;
      assertThat(whole.atQuantile(u)).isEqualTo(Math.round((Double) quantized.atQuantile(u)));
      assertThat(whole.quantileOf(a)).isEqualTo(quantized.quantileOf(b));
    }
  }

  @Test
  void aGrid_ofWholeNumbers_isLongs() {
    assertThat(Floats.beta(2, 2).quantized(1).wholeNumbers().gridValues().orElseThrow())
        .containsExactly(0L, 1L);
    assertThat(Floats.uniform(0, 10).quantized(4).wholeNumbers().gridValues().orElseThrow())
        .containsExactly(0L, 4L, 8L);
    assertThat(Floats.uniform(0, 10).quantized(4).wholeNumbers().describe())
        .isEqualTo("uniform[0.0, 10.0] step 4.0 as integers");
  }

  @Test
  void wholeNumbers_wantAWholeNumberStep() {
    assertThatThrownBy(() -> Floats.uniform(0, 10).quantized(0.5).wholeNumbers().check("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "x: uniform[0.0, 10.0] step 0.5 as integers gives whole numbers only");
    assertThatThrownBy(() -> Floats.uniform(0, 10).wholeNumbers().check("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole-number step");
  }
}
