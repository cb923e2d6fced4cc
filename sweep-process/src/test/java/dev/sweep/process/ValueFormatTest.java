package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Values print as JSON by default, or as Python's str() prints them for programs written for other
 * tools.
 */
class ValueFormatTest {

  @Example
  void python_printsAsStrDoes() {
    ValueFormat py = ValueFormat.PYTHON;
    assertThat(py.format(true)).isEqualTo("True");
    assertThat(py.format(null)).isEqualTo("None");
    assertThat(py.format(3L)).isEqualTo("3");
    assertThat(py.format(3.0)).isEqualTo("3.0");
    assertThat(py.format(0.0001)).isEqualTo("0.0001");
    assertThat(py.format(1e-5)).isEqualTo("1e-05");
    assertThat(py.format(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(py.format(1e16)).isEqualTo("1e+16");
    assertThat(py.format(123456789.0)).isEqualTo("123456789.0");
    assertThat(py.format(-0.25)).isEqualTo("-0.25");
    assertThat(py.format("two words")).isEqualTo("two words");
    assertThat(py.format(Arrays.asList(1L, "a", true, null))).isEqualTo("[1, 'a', True, None]");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("lr", 0.001);
    nested.put("opt", Map.of("name", "it's"));
    assertThat(py.format(nested)).isEqualTo("{'lr': 0.001, 'opt': {'name': \"it's\"}}");
  }

  @Example
  void json_isTheDefault() {
    assertThat(ValueFormat.JSON.format(true)).isEqualTo("true");
    assertThat(ValueFormat.JSON.format(1e-4)).isEqualTo("1.0E-4");
    assertThat(ValueFormat.JSON.format(List.of(64L, 128L))).isEqualTo("[64,128]");
  }

  @Property(seed = "42", tries = 2000)
  void pythonFloats_readBackAsTheSameDouble(@ForAll double d) {
    String text = ValueFormat.PYTHON.format(d);
    if (Double.isFinite(d)) {
      assertThat(Double.parseDouble(text)).isEqualTo(d);
      assertThat(text).matches("-?(\\d+\\.\\d+|\\d(\\.\\d+)?e[+-]\\d\\d+)");
    }
  }
}
