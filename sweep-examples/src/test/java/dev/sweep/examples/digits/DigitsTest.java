package dev.sweep.examples.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitsTest {

  private static Digits digits;

  @BeforeAll
  static void load() {
    digits = Digits.load();
  }

  @Test
  void bundledDataHasExpectedShapeAndRange() {
    double[][] x = digits.x();
    int[] y = digits.y();
    assertThat(digits.size()).isEqualTo(1797);
    assertThat(x).hasDimensions(1797, 64);
    assertThat(Arrays.stream(x).flatMapToDouble(Arrays::stream).allMatch(v -> v >= 0 && v <= 1))
        .isTrue();
    assertThat(Arrays.stream(x).flatMapToDouble(Arrays::stream).max().getAsDouble()).isEqualTo(1.0);
    assertThat(Arrays.stream(y).distinct().sorted().toArray())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void splitIsDeterministicPerSeed() {
    Digits.Split a = digits.split(3L, 0.2);
    Digits.Split b = digits.split(3L, 0.2);
    Digits.Split other = digits.split(4L, 0.2);
    assertThat(a.train().x()).isDeepEqualTo(b.train().x());
    assertThat(a.train().y()).isEqualTo(b.train().y());
    assertThat(a.validation().x()).isDeepEqualTo(b.validation().x());
    assertThat(a.validation().y()).isEqualTo(b.validation().y());
    assertThat(other.validation().x()).isNotEqualTo(a.validation().x());
  }

  @Test
  void splitPartitionsTheRows() {
    Digits.Split split = digits.split(11L, 0.2);
    assertThat(split.validation().size()).isEqualTo(359); // round(1797 * 0.2)
    assertThat(split.train().size()).isEqualTo(1797 - 359);

    // Every row (with its label) is used exactly once: the union, as a multiset, is the data set.
    List<String> together = new ArrayList<>(rows(split.train()));
    together.addAll(rows(split.validation()));
    List<String> all = rows(new Digits.Subset(digits.x(), digits.y()));
    together.sort(null);
    all.sort(null);
    assertThat(together).isEqualTo(all);
  }

  @Test
  void splitRejectsFractionsOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> digits.split(1L, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validationFraction must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> digits.split(1L, 1e-6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validationFraction 1.0E-6 leaves 1797 training and 0 validation rows of 1797");
  }

  @Test
  void malformedLineIsReportedWithItsNumber() {
    String good = "0,".repeat(64) + "3\n";
    String shortRow = "0,".repeat(63) + "3\n";
    assertThatThrownBy(() -> Digits.parse(new StringReader(good + shortRow), "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("test.csv line 2: expected 65 comma-separated values, found 64");
    assertThatThrownBy(() -> Digits.parse(new StringReader(good + good + "x," + good), "test.csv"))
        .hasMessage("test.csv line 3: expected 65 comma-separated values, found 66");
    assertThatThrownBy(
            () -> Digits.parse(new StringReader("17," + "0,".repeat(63) + "3\n"), "test.csv"))
        .hasMessage("test.csv line 1: column 1 is 17, expected 0..16");
    assertThatThrownBy(
            () -> Digits.parse(new StringReader("a," + "0,".repeat(63) + "3\n"), "test.csv"))
        .hasMessage("test.csv line 1: column 1 is 'a', not a number");
    assertThatThrownBy(() -> Digits.parse(new StringReader("0,".repeat(64) + "10\n"), "test.csv"))
        .hasMessage("test.csv line 1: label is 10, expected an integer 0..9");
  }

  private static List<String> rows(Digits.Subset s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      out.add(Arrays.toString(s.x()[i]) + "->" + s.y()[i]);
    }
    return out;
  }
}
