package dev.sweep.space;

import dev.sweep.space.IntDomain.Kind;

/**
 * Factories of integer domains; every bound is inclusive.
 *
 * <pre>{@code
 * Space.builder()
 *     .add("model.depth", Ints.range(10, 30))
 *     .add("model.width", Ints.multipleOf(8, 16, 256))
 *     .add("train.batch", Ints.powerOfTwo(32, 512))
 *     .add("train.steps", Ints.log(1_000, 100_000))
 *     .build();
 * }</pre>
 */
public final class Ints {
  private Ints() {}

  /** Uniform over {@code lo..hi}. */
  public static IntDomain range(long lo, long hi) {
    return new IntDomain(Kind.RANGE, lo, hi, 1);
  }

  /**
   * Log-uniform over {@code lo..hi}, {@code 1 <= lo}: small values as likely per decade as large.
   */
  public static IntDomain log(long lo, long hi) {
    return new IntDomain(Kind.LOG, lo, hi, 1);
  }

  /** The powers of two from {@code lo} to {@code hi} (both powers of two), each equally likely. */
  public static IntDomain powerOfTwo(long lo, long hi) {
    return new IntDomain(Kind.POWER_OF_TWO, lo, hi, 1);
  }

  /** The multiples of {@code multiple} in {@code lo..hi}, each equally likely. */
  public static IntDomain multipleOf(long multiple, long lo, long hi) {
    return new IntDomain(Kind.MULTIPLE_OF, lo, hi, multiple);
  }
}
