package dev.sweep.cli.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The folder name mlrunner gives a task ({@code Norm_new-Moment_0.1}), made as mlrunner makes it,
 * so that a sweep's trial folders are named as the tool's users know them.
 */
final class MlrunnerNames {
  private MlrunnerNames() {}

  /** The folder name mlrunner gives a grid combination: {@code Key_value} joined by {@code -}. */
  static String name(Map<String, Object> raw) {
    List<String> parts = new ArrayList<>();
    raw.forEach((k, v) -> parts.add(key(k) + "_" + value(v)));
    return String.join("-", parts);
  }

  /** mlrunner's snake2camel with shrink_keep 2: {@code early-stop} gives {@code EaStop}. */
  static String key(String k) {
    String[] parts = k.contains("-") ? k.split("-", -1) : k.split("_", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      out.append(i < parts.length - 1 ? (p.length() > 2 ? title(p.substring(0, 2)) : p) : title(p));
    }
    return out.toString();
  }

  /** Python's str.title(): a letter after a non-letter is upper case, others lower. */
  private static String title(String s) {
    StringBuilder out = new StringBuilder();
    boolean previousLetter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(previousLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
      previousLetter = Character.isLetter(c);
    }
    return out.toString();
  }

  private static String value(Object v) {
    if (v instanceof Boolean b) {
      return b ? "T" : "F";
    }
    if (v instanceof Number n) {
      return percentG(n.doubleValue());
    }
    if (v instanceof String s) {
      String cleaned = s.replaceFirst("^[./]+", "").replace('/', '_');
      return cleaned.length() > 100 ? cleaned.substring(cleaned.length() - 100) : cleaned;
    }
    return String.valueOf(v);
  }

  /**
   * C's {@code %g}: 6 significant digits, trailing zeros dropped, exponent form below 1e-4 or from
   * 1e6.
   */
  static String percentG(double x) {
    if (x == 0) {
      return "0";
    }
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }
    BigDecimal rounded = new BigDecimal(x).round(new MathContext(6));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return (x < 0 ? "-" : "")
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return rounded.stripTrailingZeros().toPlainString();
  }
}
