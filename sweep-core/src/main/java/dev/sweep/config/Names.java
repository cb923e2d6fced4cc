package dev.sweep.config;

import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Short readable names for configs ({@code lr=0.1,wd=1e-04}) that are always safe as one folder
 * name on Linux, macOS and Windows.
 *
 * <pre>{@code
 * Names.readable(Map.of("optim.lr", 0.1, "optim.wd", 1e-4));   // "lr=0.1,wd=1e-04"
 * Names.safe("../../etc/passwd");                             // "_.._etc_passwd" style, never a path
 * }</pre>
 *
 * <p>A safe name holds only ASCII letters, digits and {@code . _ , = + -}; it never is or contains
 * {@code ..}, never starts with {@code .} or {@code -}, never ends with {@code .}, is never a
 * Windows device name ({@code CON}, {@code NUL}, {@code COM1}, …) and is at most {@value
 * #MAX_LENGTH} characters: a longer one is cut and ends with {@code ~} and 16 hex digits of a
 * fingerprint of the full name, so that different long names stay different.
 */
public final class Names {
  /** The longest name returned; well under the 255-byte limit of common file systems. */
  public static final int MAX_LENGTH = 100;

  private static final Set<String> WINDOWS_DEVICES =
      Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$");

  private static final String[] SHORT_DEVICES = {"CON", "PRN", "AUX", "NUL"};

  private Names() {}

  /**
   * The readable, safe name of a set of parameter values: {@code key=value} pairs joined by commas,
   * each key the shortest suffix of its dotted path that no other path in the set shares.
   */
  public static String readable(Map<String, ?> params) {
    return readable(params, shortKeys(List.copyOf(params.keySet())));
  }

  /**
   * The readable name with keys computed once for all the paths a space may set: faster for many
   * configs, and each parameter keeps the same key in every name of a sweep.
   *
   * @param keys short keys by path, from {@link #shortKeys(List)}; a path without one is used whole
   */
  public static String readable(Map<String, ?> params, Map<String, String> keys) {
    if (params.isEmpty()) {
      return "default";
    }
    StringBuilder name = new StringBuilder(16 * params.size());
    for (Map.Entry<String, ?> e : params.entrySet()) {
      if (name.length() > 0) {
        name.append(',');
      }
      name.append(keys.getOrDefault(e.getKey(), e.getKey())).append('=');
      appendFormatted(name, e.getValue());
    }
    return safe(name.toString());
  }

  /** Each path's shortest dotted suffix that is unique among {@code paths}. */
  public static Map<String, String> shortKeys(List<String> paths) {
    Map<String, String> keys = new HashMap<>();
    for (String path : paths) {
      List<String> segments = List.of(path.split("\\.", -1));
      String key = path;
      for (int n = 1; n <= segments.size(); n++) {
        String suffix = String.join(".", segments.subList(segments.size() - n, segments.size()));
        boolean unique = true;
        for (String other : paths) {
          if (!other.equals(path) && (other.equals(suffix) || other.endsWith("." + suffix))) {
            unique = false;
            break;
          }
        }
        if (unique) {
          key = suffix;
          break;
        }
      }
      keys.put(path, key);
    }
    return keys;
  }

  /**
   * A value as it reads in a name: numbers with at most 4 significant digits ({@code 0.1}, {@code
   * 1e-04}, {@code 2.5e+06}), lists joined by {@code +}.
   */
  public static String format(Object value) {
    StringBuilder out = new StringBuilder();
    appendFormatted(out, value);
    return out.toString();
  }

  private static void appendFormatted(StringBuilder out, Object value) {
    if (value instanceof Double || value instanceof Float) {
      appendDouble(out, ((Number) value).doubleValue());
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append('+');
        }
        appendFormatted(out, list.get(i));
      }
    } else if (value instanceof Map<?, ?> map) {
      out.append("map-").append(fingerprint(map.toString()), 0, 8);
    } else if (value instanceof Long l) {
      out.append(l.longValue()); // as its toString() reads, without making that string
    } else if (value instanceof Integer i) {
      out.append(i.intValue());
    } else {
      out.append(value);
    }
  }

  /**
   * Four significant digits without BigDecimal or String.format, which cost microseconds per trial;
   * values within a hair of a rounding tie take the exact (slow) path.
   */
  private static void appendDouble(StringBuilder out, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
      out.append(d == 0 ? "0" : Double.toString(d));
      return;
    }
    double abs = Math.abs(d);
    int exponent = (int) Math.floor(Math.log10(abs));
    if (exponent < -290 || exponent > 290) {
      out.append(formatExact(d));
      return;
    }
    double scaled = abs * pow10(3 - exponent);
    if (Math.abs(scaled - 9999.5) < 1e-6 || Math.abs(scaled - 999.5) < 1e-6) {
      out.append(formatExact(d));
      return;
    }
    if (scaled
        >= 9999.5) { // log10 rounded down a power of ten, or rounding carries: 9.9996 → 10.00
      exponent++;
      scaled = abs * pow10(3 - exponent);
    } else if (scaled < 999.5) {
      exponent--;
      scaled = abs * pow10(3 - exponent);
    }
    double fraction = scaled - Math.floor(scaled);
    if (Math.abs(fraction - 0.5) < 1e-6 || scaled < 999.5 || scaled >= 9999.5) {
      out.append(formatExact(d));
      return;
    }
    long digits = Math.round(scaled);
    int significant = 4;
    while (digits % 10 == 0) {
      digits /= 10;
      significant--;
    }
    int text = (int) digits; // 1 to 9999, its decimal digits appended one at a time
    if (d < 0) {
      out.append('-');
    }
    if (exponent >= -3 && exponent <= 4) {
      appendPlain(out, text, significant, exponent);
    } else {
      appendScientific(out, text, significant, exponent);
    }
  }

  /** Math.pow(10, k) for the k of the exponents above (|k| ≤ 295), looked up. */
  private static final double[] POW10 = new double[2 * 300 + 1];

  static {
    for (int k = -300; k <= 300; k++) {
      POW10[k + 300] = Math.pow(10, k);
    }
  }

  private static double pow10(int k) {
    return k >= -300 && k <= 300 ? POW10[k + 300] : Math.pow(10, k);
  }

  /**
   * {@code significant} digits of {@code text} as a decimal: {@code 0.001234}, {@code 12.5}, {@code
   * 25000}.
   */
  private static void appendPlain(StringBuilder out, int text, int significant, int exponent) {
    if (exponent < 0) {
      out.append("0.");
      for (int i = -1; i > exponent; i--) {
        out.append('0');
      }
      out.append(text);
    } else if (significant <= exponent + 1) {
      out.append(text);
      for (int i = significant; i <= exponent; i++) {
        out.append('0');
      }
    } else {
      appendDigits(out, text, significant, 0, exponent + 1);
      out.append('.');
      appendDigits(out, text, significant, exponent + 1, significant);
    }
  }

  /**
   * Digits {@code from} to {@code to} (exclusive) of the {@code length} decimal digits of {@code
   * n}.
   */
  private static void appendDigits(StringBuilder out, int n, int length, int from, int to) {
    for (int i = from; i < to; i++) {
      int divisor = 1;
      for (int k = length - 1; k > i; k--) {
        divisor *= 10;
      }
      out.append((char) ('0' + n / divisor % 10));
    }
  }

  /**
   * {@code significant} digits of {@code text} with a two-digit exponent at least: {@code 1.5e-05},
   * {@code 2e+06}.
   */
  private static void appendScientific(StringBuilder out, int text, int significant, int exponent) {
    appendDigits(out, text, significant, 0, 1);
    if (significant > 1) {
      out.append('.');
      appendDigits(out, text, significant, 1, significant);
    }
    int e = Math.abs(exponent);
    out.append('e').append(exponent < 0 ? '-' : '+').append(e < 10 ? "0" : "").append(e);
  }

  /** The reference formatting: exact decimal rounding half-up to 4 significant digits. */
  static String formatExact(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
      return d == 0 ? "0" : Double.toString(d);
    }
    double abs = Math.abs(d);
    BigDecimal rounded = new BigDecimal(d).round(new MathContext(4));
    if (abs >= 1e-3 && abs < 1e5) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
    return String.format(
        Locale.ROOT,
        "%se%s%02d",
        mantissa.toPlainString(),
        exponent < 0 ? "-" : "+",
        Math.abs(exponent));
  }

  /** 16 hex digits that stay the same across versions: Guava's 64-bit FarmHash fingerprint. */
  static String fingerprint(String text) {
    return Hashing.farmHashFingerprint64().hashString(text, StandardCharsets.UTF_8).toString();
  }

  /**
   * Whether {@link #safe} returns {@code text} as it is: allowed characters only, no {@code ..}, no
   * leading {@code .} or {@code -}, no trailing {@code .}, not too long, not a device name.
   */
  private static boolean isSafe(String text) {
    int n = text.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    int dot = -1;
    char previous = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean allowed = plain(c) || (c == '.' && previous != '.');
      if (!allowed) {
        return false;
      }
      if (c == '.' && dot < 0) {
        dot = i;
      }
      previous = c;
    }
    char first = text.charAt(0);
    if (first == '.' || first == '-' || previous == '.') {
      return false;
    }
    int stem = dot < 0 ? n : dot;
    if (stem == 3) { // CON, PRN, AUX, NUL in any case; the other devices have a '$', never safe
      for (String device : SHORT_DEVICES) {
        if (text.regionMatches(true, 0, device, 0, 3)) {
          return false;
        }
      }
    }
    return stem != 4
        || !(text.regionMatches(true, 0, "COM", 0, 3) || text.regionMatches(true, 0, "LPT", 0, 3))
        || !(text.charAt(3) >= '0' && text.charAt(3) <= '9');
  }

  /** A character a safe name keeps wherever it is: letters, digits and {@code _,=+-}. */
  private static boolean plain(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == ','
        || c == '='
        || c == '+'
        || c == '-';
  }

  private static boolean isNumberedDevice(String stem) {
    return stem.length() == 4
        && (stem.startsWith("COM") || stem.startsWith("LPT"))
        && Character.isDigit(stem.charAt(3));
  }

  /** Makes any text a safe single folder name (see the class documentation). */
  public static String safe(String text) {
    return isSafe(text) ? text : rewrite(text); // a readable name is checked, not copied
  }

  /** {@link #safe} the long way, character by character, for any text. */
  static String rewrite(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 16));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          plain(c) || (c == '.' && (out.length() == 0 || out.charAt(out.length() - 1) != '.'));
      if (allowed) {
        out.append(c);
      } else if (c == '.') {
        out.append('_'); // a second dot in a row: ".." never survives
      } else {
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          i++; // one replacement for an emoji, not two
        }
        out.append('_');
      }
    }
    if (out.length() == 0 || out.charAt(0) == '.' || out.charAt(0) == '-') {
      out.insert(0, '_');
    }
    String base = out.toString();
    int dot = base.indexOf('.');
    String stem = (dot < 0 ? base : base.substring(0, dot)).toUpperCase(Locale.ROOT);
    if (WINDOWS_DEVICES.contains(stem) || isNumberedDevice(stem)) {
      base = "_" + base;
    }
    if (base.length() > MAX_LENGTH) {
      String hash = fingerprint(text);
      base = base.substring(0, MAX_LENGTH - 17) + "~" + hash;
    }
    if (base.endsWith(".")) {
      base = base.substring(0, base.length() - 1) + "_";
    }
    return base;
  }
}
