package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The CSV reader's own number parsing reads every number as the JDK does. */
class CsvNumbersPropertyTest {
  private static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return CsvNumbers.parseDouble(b, 0, b.length);
  }

  @Property(tries = 3000)
  void anyDouble_asJavaAndPythonWriteIt_readsBackExactly(
      @ForAll double d, @ForAll @IntRange(min = 1, max = 17) int digits) {
    assertThat(parse(Double.toString(d))).isEqualTo(d);
    String g = String.format(Locale.ROOT, "%." + digits + "g", d);
    assertThat(parse(g)).isEqualTo(Double.parseDouble(g));
    String f = String.format(Locale.ROOT, "%." + digits + "f", d);
    assertThat(parse(f)).isEqualTo(Double.parseDouble(f));
  }

  @Property(tries = 2000)
  void decimalsOfFewDigits_takeTheExactPath_andStillAgree(
      @ForAll @IntRange(min = -999_999, max = 999_999) int m,
      @ForAll @IntRange(min = -30, max = 30) int e) {
    String s = m + "e" + e;
    assertThat(parse(s)).isEqualTo(Double.parseDouble(s));
    String withPoint = (m / 1000) + "." + String.format(Locale.ROOT, "%03d", Math.abs(m % 1000));
    assertThat(parse(withPoint)).isEqualTo(Double.parseDouble(withPoint));
  }

  @Property(tries = 1000)
  void wholeNumbers_areLongs(@ForAll long v) {
    byte[] b = Long.toString(v).getBytes(StandardCharsets.ISO_8859_1);
    if (b.length - (v < 0 ? 1 : 0) <= 18) {
      assertThat(CsvNumbers.isLong(b, 0, b.length)).isTrue();
      assertThat(CsvNumbers.parseLong(b, 0, b.length)).isEqualTo(v);
    } else {
      assertThat(parse(Long.toString(v))).isEqualTo(Double.parseDouble(Long.toString(v)));
    }
  }

  @Example
  void specialsAndNonNumbers() {
    assertThat(parse("nan")).isNaN();
    assertThat(parse("NaN")).isNaN();
    assertThat(parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parse("1e")).isNaN();
    assertThat(parse("abc")).isNaN();
    assertThat(parse("1.5x")).isNaN();
    assertThat(parse("-0.0")).isEqualTo(-0.0);
    assertThat(parse(".5")).isEqualTo(0.5);
    assertThat(parse("5.")).isEqualTo(5.0);
  }
}
