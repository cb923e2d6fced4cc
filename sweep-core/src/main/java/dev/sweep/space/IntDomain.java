package dev.sweep.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * An integer parameter: a range, a log-spaced range, powers of two, or multiples of a number, all
 * with inclusive bounds. Create one with {@link Ints}. Values are {@code Long}s.
 */
public final class IntDomain implements ScalarDomain {

  /** How values are drawn. */
  public enum Kind {
    RANGE,
    LOG,
    POWER_OF_TWO,
    MULTIPLE_OF
  }

  private static final int MAX_GRID = 1_000_000;

  private final Kind kind;
  private final long lo;
  private final long hi;
  private final long multiple;

  IntDomain(Kind kind, long lo, long hi, long multiple) {
    this.kind = kind;
    this.lo = lo;
    this.hi = hi;
    this.multiple = multiple;
  }

  public Kind kind() {
    return kind;
  }

  public long lo() {
    return lo;
  }

  public long hi() {
    return hi;
  }

  /** Whether values are spread on a log scale (log ranges and powers of two). */
  public boolean isLog() {
    return kind == Kind.LOG || kind == Kind.POWER_OF_TWO;
  }

  @Override
  public void check(String path) {
    String what = describe();
    if (lo > hi) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s: %s needs lo <= hi, got [%d, %d]", path, what, lo, hi));
    }
    switch (kind) {
      case LOG -> {
        if (lo < 1) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT, "%s: %s needs 1 <= lo <= hi, got [%d, %d]", path, what, lo, hi));
        }
      }
      case POWER_OF_TWO -> {
        if (lo < 1 || Long.bitCount(lo) != 1 || Long.bitCount(hi) != 1) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "%s: %s needs powers of two 1 <= lo <= hi, got [%d, %d]",
                  path,
                  what,
                  lo,
                  hi));
        }
      }
      case MULTIPLE_OF -> {
        if (multiple < 1) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT, "%s: %s needs a multiple >= 1, got %d", path, what, multiple));
        }
        if (firstQuotient() > lastQuotient()) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "%s: %s has no multiple of %d in [%d, %d]",
                  path,
                  what,
                  multiple,
                  lo,
                  hi));
        }
      }
      case RANGE -> {}
    }
  }

  /** The smallest k with k × multiple >= lo (computed without overflow). */
  private long firstQuotient() {
    return Math.floorDiv(lo, multiple) + (Math.floorMod(lo, multiple) == 0 ? 0 : 1);
  }

  /** The largest k with k × multiple <= hi. */
  private long lastQuotient() {
    return Math.floorDiv(hi, multiple);
  }

  /**
   * Uniform over {@code a..b}, also when the range holds more than {@link Long#MAX_VALUE} values.
   */
  private static long uniform(RandomGenerator rng, long a, long b) {
    long span = b - a + 1;
    if (span > 0) {
      return a + rng.nextLong(span);
    }
    long v;
    do {
      v = rng.nextLong(); // the range covers at least half of all longs: rarely more than two draws
    } while (v < a || v > b);
    return v;
  }

  /** Whether {@code a..b} holds more than {@code max} values. */
  private static boolean moreThan(long a, long b, long max) {
    return Long.compareUnsigned(b - a, max) >= 0;
  }

  @Override
  public Object sample(RandomGenerator rng) {
    return switch (kind) {
      case RANGE -> uniform(rng, lo, hi);
      case LOG -> {
        // Uniform in log space over [lo, hi + 1), then floored: every integer gets the mass of its
        // cell.
        double x =
            Math.exp(
                Math.log((double) lo)
                    + (Math.log(hi + 1.0) - Math.log((double) lo)) * rng.nextDouble());
        yield Math.min(hi, Math.max(lo, (long) Math.floor(x)));
      }
      case POWER_OF_TWO -> {
        int a = Long.numberOfTrailingZeros(lo);
        int b = Long.numberOfTrailingZeros(hi);
        yield 1L << (a + rng.nextInt(b - a + 1));
      }
      case MULTIPLE_OF -> uniform(rng, firstQuotient(), lastQuotient()) * multiple;
    };
  }

  @Override
  public Object atQuantile(double u) {
    double q = Math.min(1, Math.max(0, u));
    return switch (kind) {
      case RANGE -> lo + cell(q, lo, hi);
      case LOG -> {
        double x =
            Math.exp(Math.log((double) lo) + (Math.log(hi + 1.0) - Math.log((double) lo)) * q);
        yield Math.min(hi, Math.max(lo, (long) Math.floor(x)));
      }
      case POWER_OF_TWO -> {
        int a = Long.numberOfTrailingZeros(lo);
        yield 1L << (a + cell(q, a, Long.numberOfTrailingZeros(hi)));
      }
      case MULTIPLE_OF -> (firstQuotient() + cell(q, firstQuotient(), lastQuotient())) * multiple;
    };
  }

  /**
   * Which of the equal cells of {@code [0, 1]}, one per integer in {@code a..b}, holds {@code q}.
   */
  private static long cell(double q, long a, long b) {
    double n = (double) b - a + 1;
    return (long) Math.min(n - 1, Math.floor(q * n));
  }

  @Override
  public double quantileOf(Object value) {
    long v = value instanceof Long l ? l : value instanceof Integer i ? i : Long.MIN_VALUE;
    if (!contains(v)) {
      throw new IllegalArgumentException(value + " is not a value of " + describe());
    }
    return switch (kind) {
      case RANGE -> centre(v, lo, hi);
      case LOG ->
          ((Math.log((double) v) + Math.log(v + 1.0)) / 2 - Math.log((double) lo))
              / (Math.log(hi + 1.0) - Math.log((double) lo));
      case POWER_OF_TWO ->
          centre(
              Long.numberOfTrailingZeros(v),
              Long.numberOfTrailingZeros(lo),
              Long.numberOfTrailingZeros(hi));
      case MULTIPLE_OF -> centre(v / multiple, firstQuotient(), lastQuotient());
    };
  }

  /** {@code value} as a {@code Long}, if it is a whole number of this domain. */
  Optional<Object> member(Object value) {
    if (value instanceof Long || value instanceof Integer) {
      long v = ((Number) value).longValue();
      return contains(v) ? Optional.of(v) : Optional.empty();
    }
    return Optional.empty();
  }

  private boolean contains(long v) {
    return v >= lo
        && v <= hi
        && switch (kind) {
          case RANGE, LOG -> true;
          case POWER_OF_TWO -> Long.bitCount(v) == 1;
          case MULTIPLE_OF -> v % multiple == 0;
        };
  }

  /** The middle of {@code k}'s cell among the equal cells of {@code a..b}. */
  private static double centre(long k, long a, long b) {
    return ((double) k - a + 0.5) / ((double) b - a + 1);
  }

  @Override
  public Optional<List<Object>> gridValues() {
    List<Object> values = new ArrayList<>();
    switch (kind) {
      case RANGE, LOG -> {
        if (moreThan(lo, hi, MAX_GRID)) {
          return Optional.empty();
        }
        for (long i = 0; i <= hi - lo; i++) {
          values.add(lo + i);
        }
      }
      case POWER_OF_TWO -> {
        for (long v = lo; v <= hi && v > 0; v <<= 1) {
          values.add(v);
        }
      }
      case MULTIPLE_OF -> {
        long first = firstQuotient();
        long last = lastQuotient();
        if (moreThan(first, last, MAX_GRID)) {
          return Optional.empty();
        }
        for (long k = first; k <= last; k++) {
          values.add(k * multiple);
        }
      }
    }
    return Optional.of(values);
  }

  @Override
  public String describe() {
    return switch (kind) {
      case RANGE -> String.format(Locale.ROOT, "intRange[%d, %d]", lo, hi);
      case LOG -> String.format(Locale.ROOT, "intLog[%d, %d]", lo, hi);
      case POWER_OF_TWO -> String.format(Locale.ROOT, "powerOfTwo[%d, %d]", lo, hi);
      case MULTIPLE_OF -> String.format(Locale.ROOT, "multipleOf(%d)[%d, %d]", multiple, lo, hi);
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
