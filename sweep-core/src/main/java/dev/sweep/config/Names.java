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
 * Windows device name ({@code CON}, {@code NUL}, {@code COM1}, …) and is at most {@value #MAX_LENGTH}
 * characters: a longer one is cut and ends with {@code ~} and 16 hex digits of the SHA-256 of the
 * full name, so that different long names stay different.
 */
public final class Names {
  /** The longest name returned; well under the 255-byte limit of common file systems. */
  public static final int MAX_LENGTH = 100;

  private static final Set<String> WINDOWS_DEVICES =
      Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$");

  private Names() {}

  /**
   * The readable, safe name of a set of parameter values: {@code key=value} pairs joined by commas,
   * each key the shortest suffix of its dotted path that no other path in the set shares.
   */
  public static String readable(Map<String, ?> params) {
    if (params.isEmpty()) {
      return "default";
    }
    Map<String, String> keys = shortKeys(List.copyOf(params.keySet()));
    StringBuilder name = new StringBuilder();
    for (Map.Entry<String, ?> e : params.entrySet()) {
      if (name.length() > 0) {
        name.append(',');
      }
      name.append(keys.get(e.getKey())).append('=').append(format(e.getValue()));
    }
    return safe(name.toString());
  }

  /** Each path's shortest dotted suffix that is unique among {@code paths}. */
  static Map<String, String> shortKeys(List<String> paths) {
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
   * A value as it reads in a name: numbers with at most 4 significant digits ({@code 0.1},
   * {@code 1e-04}, {@code 2.5e+06}), lists joined by {@code +}.
   */
  public static String format(Object value) {
    if (value instanceof Double || value instanceof Float) {
      return formatDouble(((Number) value).doubleValue());
    }
    if (value instanceof List<?> list) {
      StringBuilder joined = new StringBuilder();
      for (Object item : list) {
        if (joined.length() > 0) {
          joined.append('+');
        }
        joined.append(format(item));
      }
      return joined.toString();
    }
    if (value instanceof Map<?, ?> map) {
      return "map-" + Hashing.sha256().hashString(map.toString(), StandardCharsets.UTF_8).toString().substring(0, 8);
    }
    return String.valueOf(value);
  }

  private static String formatDouble(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    if (d == 0) {
      return "0";
    }
    double abs = Math.abs(d);
    BigDecimal rounded = new BigDecimal(d).round(new MathContext(4));
    if (abs >= 1e-3 && abs < 1e5) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
    return String.format(
        Locale.ROOT, "%se%s%02d", mantissa.toPlainString(), exponent < 0 ? "-" : "+", Math.abs(exponent));
  }

  /** Makes any text a safe single folder name (see the class documentation). */
  public static String safe(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 16));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '_' || c == ',' || c == '=' || c == '+' || c == '-'
              || (c == '.' && (out.length() == 0 || out.charAt(out.length() - 1) != '.'));
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
    if (WINDOWS_DEVICES.contains(stem) || stem.matches("(COM|LPT)[0-9]")) {
      base = "_" + base;
    }
    if (base.length() > MAX_LENGTH) {
      String hash = Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString().substring(0, 16);
      base = base.substring(0, MAX_LENGTH - 17) + "~" + hash;
    }
    if (base.endsWith(".")) {
      base = base.substring(0, base.length() - 1) + "_";
    }
    return base;
  }
}
