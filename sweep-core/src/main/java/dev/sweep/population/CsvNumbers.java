package dev.sweep.population;

import java.nio.charset.StandardCharsets;

/** Parsing numbers from bytes, without making strings for the common ones. */
final class CsvNumbers {
  private static final double[] POWERS = new double[23];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
  }

  private CsvNumbers() {}

  /** An optional sign and 1 to 18 digits. */
  static boolean isLong(byte[] b, int from, int to) {
    int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
    if (i == to || to - i > 18) {
      return false;
    }
    for (; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  static long parseLong(byte[] b, int from, int to) {
    boolean negative = b[from] == '-';
    int i = b[from] == '-' || b[from] == '+' ? from + 1 : from;
    long v = 0;
    for (; i < to; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return negative ? -v : v;
  }

  static boolean isNaN(byte[] b, int from, int to) {
    int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
    return is(b, i, to, "nan");
  }

  /** Whether {@code b[from, to)} is {@code word} (lower case ASCII), in any case. */
  private static boolean is(byte[] b, int from, int to, String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if ((b[from + i] | 0x20) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A decimal number: exact from the digits where the significand has at most 15 digits and the
   * power of ten at most 22 (one correctly rounded operation on exact doubles), otherwise as {@link
   * Double#parseDouble} reads it; NaN where it is no number (and for {@code nan}); the infinities
   * as {@code inf} and {@code Infinity} with an optional sign.
   */
  static double parseDouble(byte[] b, int from, int to) {
    int start = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
    int intEnd = digitsEnd(b, start, to);
    int fracStart = intEnd < to && b[intEnd] == '.' ? intEnd + 1 : intEnd;
    int fracEnd = digitsEnd(b, fracStart, to);
    if (intEnd == start && fracEnd == fracStart) {
      return special(b, from, to);
    }
    long m = significand(0, b, start, intEnd);
    m = m < 0 ? m : significand(m, b, fracStart, fracEnd);
    if (m < 0) {
      return slow(b, from, to);
    }
    int i = fracEnd;
    int exponent = 0;
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean negativeExponent = i < to && b[i] == '-';
      if (i < to && (b[i] == '-' || b[i] == '+')) {
        i++;
      }
      int digitsTo = digitsEnd(b, i, Math.min(to, i + 6));
      if (digitsTo == i) {
        return Double.NaN;
      }
      exponent = (int) parseLong(b, i, digitsTo);
      exponent = negativeExponent ? -exponent : exponent;
      i = digitsTo;
    }
    if (i != to) {
      return b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9')
          ? slow(b, from, to)
          : Double.NaN;
    }
    double v = exact(m, exponent - (fracEnd - fracStart));
    if (Double.isNaN(v)) {
      return slow(b, from, to);
    }
    return start > from && b[from] == '-' ? -v : v;
  }

  /** Where the run of digits from {@code from} ends. */
  private static int digitsEnd(byte[] b, int from, int to) {
    int i = from;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /**
   * {@code m} followed by the digits {@code b[from, to)}, leading zeros dropped; -1 past 18
   * significant digits, where a long may no longer hold them and the slow path reads the number.
   */
  private static long significand(long m, byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (m == 0 && b[i] == '0') {
        continue; // leading zeros count for nothing
      }
      if (m >= 100_000_000_000_000_000L) { // 18 digits already
        return -1;
      }
      m = m * 10 + (b[i] - '0');
    }
    return m;
  }

  /**
   * {@code m * 10^e} where one correctly rounded operation on exact doubles makes it: a significand
   * of at most 15 digits and a power of ten up to 22; NaN where it cannot.
   */
  private static double exact(long m, int e) {
    if (m == 0) {
      return 0;
    }
    if (m < 1_000_000_000_000_000L && e >= -22 && e <= 22) {
      return e >= 0 ? m * POWERS[e] : m / POWERS[-e];
    }
    return Double.NaN;
  }

  private static double slow(byte[] b, int from, int to) {
    try {
      return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static double special(byte[] b, int from, int to) {
    int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
    if (is(b, i, to, "inf") || is(b, i, to, "infinity")) {
      return b[from] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.NaN;
  }
}
