package dev.sweep.process;

import dev.sweep.internal.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How a config value becomes the text of one argument.
 *
 * <pre>{@code
 * ProcessRunner.builder().step("train", "python3 train.py --lr {lr} --amp {amp}")
 *     .valueFormat(ValueFormat.PYTHON)   // --lr 1e-05 --amp True, as Python's str() prints them
 *     .build();
 * }</pre>
 */
public enum ValueFormat {
  /**
   * As in JSON (the default): strings as they are, integers in decimal, doubles as Java prints them
   * ({@code 0.01}, {@code 1.0E-4}), booleans {@code true}/{@code false}, lists and maps as compact
   * JSON ({@code [64,128]}).
   */
  JSON {
    @Override
    public String format(Object value) {
      if (value instanceof String s) {
        return s;
      }
      if (value instanceof Map<?, ?> || value instanceof List<?>) {
        return Json.write(value);
      }
      return String.valueOf(value);
    }
  },
  /**
   * As Python's {@code str()} prints the value, which is what the W&amp;B agent, GML and mlrunner
   * pass: {@code True}/{@code False}, {@code None}, {@code 0.0001}, {@code 1e-05}, {@code 3.0},
   * {@code [1, 2]}, {@code {'lr': 0.1}}.
   */
  PYTHON {
    @Override
    public String format(Object value) {
      return value instanceof String s ? s : repr(value);
    }
  };

  /** The text of {@code value}. */
  public abstract String format(Object value);

  private static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Double || value instanceof Float) {
      return pythonFloat(((Number) value).doubleValue());
    }
    if (value instanceof String s) {
      return s.contains("'") && !s.contains("\"")
          ? '"' + s + '"'
          : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (Object item : list) {
        out.append(out.length() > 1 ? ", " : "").append(repr(item));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.forEach(
          (k, v) ->
              out.append(out.length() > 1 ? ", " : "")
                  .append(repr(k))
                  .append(": ")
                  .append(repr(v)));
      return out.append('}').toString();
    }
    return String.valueOf(value);
  }

  /** Python's repr of a float: the shortest digits, in exponent form below 1e-4 and from 1e16. */
  static String pythonFloat(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - exact.scale() - 1; // of the first digit
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + (Math.abs(exponent) < 10 ? "0" : "")
          + Math.abs(exponent);
    }
    String plain = exact.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }
}
