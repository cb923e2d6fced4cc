package dev.sweep.population;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Order statistics without boxing, on the bits of doubles made to sort as unsigned longs: sorting
 * and ranks by an in-place radix sort, quantiles by counting in buckets. A million values make no
 * objects and take a few passes, where sorting them compares through twenty levels.
 */
final class Ranks {
  private Ranks() {}

  /** Arrays shorter than this are sorted by {@link Arrays#sort}; radix passes pay off above it. */
  private static final int RADIX_FROM = 256;

  /**
   * The rank of each value among {@code values}, 1-based, ties given the mean of the ranks they
   * span (as Spearman's correlation and pandas' {@code rank()} want). No value may be NaN.
   */
  static double[] average(double[] values) {
    int n = values.length;
    int[] order = order(values);
    double[] ranks = new double[n];
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && values[order[j]] == values[order[i]]) {
        j++;
      }
      double rank = (i + 1 + j) / 2.0; // ranks i+1 .. j
      for (int k = i; k < j; k++) {
        ranks[order[k]] = rank;
      }
      i = j;
    }
    return ranks;
  }

  /**
   * Sorts {@code values} in place, in increasing order (-0.0 before 0.0): long arrays by an
   * in-place radix sort of their bits from the top byte down (American flag sort), whose buckets
   * are small after two bytes; one array of keys beside the values, where {@link Arrays#sort}
   * compares its way through twenty levels of a million values.
   */
  static void sort(double[] values) {
    int n = values.length;
    if (n < RADIX_FROM) {
      Arrays.sort(values);
      return;
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = sortable(values[i]);
    }
    radixOnEveryCore(keys, 0, n, 56);
    for (int i = 0; i < n; i++) {
      long k = keys[i];
      values[i] = Double.longBitsToDouble(k < 0 ? k ^ Long.MIN_VALUE : ~k);
    }
  }

  /**
   * {@link #radix} of {@code keys[from, to)}, the buckets of the first byte that splits them sorted
   * in parallel: once the keys are in their buckets, each is a range of its own.
   */
  private static void radixOnEveryCore(long[] keys, int from, int to, int shift) {
    int[] end = new int[256];
    while (shift >= 0 && !countBytes(keys, from, to, shift, end)) {
      shift -= 8; // one bucket: the next byte
    }
    if (shift < 0) {
      return; // all keys equal
    }
    distribute(keys, null, from, shift, end, new int[256]);
    if (shift == 0) {
      return;
    }
    int below = shift - 8;
    IntStream.range(0, 256)
        .parallel()
        .forEach(
            b -> {
              int lo = b == 0 ? from : end[b - 1];
              if (end[b] - lo > 1) {
                radix(keys, null, lo, end[b], below, new int[16][256]);
              }
            });
  }

  /**
   * Counts {@code keys[from, to)} by their byte at {@code shift} into {@code counts}; false when
   * they all share one byte there (nothing to distribute).
   */
  private static boolean countBytes(long[] keys, int from, int to, int shift, int[] counts) {
    Arrays.fill(counts, 0);
    for (int i = from; i < to; i++) {
      counts[(int) (keys[i] >>> shift) & 0xff]++;
    }
    return counts[(int) (keys[from] >>> shift) & 0xff] != to - from;
  }

  /**
   * Moves {@code keys[from, to)} (and {@code index}, if not null) into the buckets of their byte at
   * {@code shift}, in place, each key cycled to its bucket's next free slot. {@code end} holds the
   * buckets' sizes and, after, where each ends; {@code next} is scratch.
   */
  private static void distribute(
      long[] keys, int[] index, int from, int shift, int[] end, int[] next) {
    for (int b = 0, at = from; b < 256; b++) {
      next[b] = at;
      at += end[b];
      end[b] = at;
    }
    for (int b = 0; b < 256; b++) {
      while (next[b] < end[b]) {
        long k = keys[next[b]];
        int x = index == null ? 0 : index[next[b]];
        int kb = (int) (k >>> shift) & 0xff;
        while (kb != b) {
          int slot = next[kb]++;
          long t = keys[slot];
          keys[slot] = k;
          k = t;
          if (index != null) {
            int tx = index[slot];
            index[slot] = x;
            x = tx;
          }
          kb = (int) (k >>> shift) & 0xff;
        }
        keys[next[b]] = k;
        if (index != null) {
          index[next[b]] = x;
        }
        next[b]++;
      }
    }
  }

  /**
   * Sorts {@code keys[from, to)} (unsigned) by their bytes from {@code shift} down, moving {@code
   * index} (if not null) along with them.
   */
  private static void radix(long[] keys, int[] index, int from, int to, int shift, int[][] counts) {
    if (to - from <= 48) {
      for (int i = from + 1; i < to; i++) { // insertion sort, unsigned
        long k = keys[i];
        int x = index == null ? 0 : index[i];
        int j = i - 1;
        while (j >= from && Long.compareUnsigned(keys[j], k) > 0) {
          keys[j + 1] = keys[j];
          if (index != null) {
            index[j + 1] = index[j];
          }
          j--;
        }
        keys[j + 1] = k;
        if (index != null) {
          index[j + 1] = x;
        }
      }
      return;
    }
    // one pair of count arrays per byte: a level's must outlive the levels below it
    int[] end = counts[2 * (shift / 8)];
    if (!countBytes(keys, from, to, shift, end)) { // one bucket: on to the next byte
      if (shift > 0) {
        radix(keys, index, from, to, shift - 8, counts);
      }
      return;
    }
    distribute(keys, index, from, shift, end, counts[2 * (shift / 8) + 1]);
    if (shift == 0) {
      return;
    }
    for (int b = 0, start = from; b < 256; b++) {
      if (end[b] - start > 1) {
        radix(keys, index, start, end[b], shift - 8, counts);
      }
      start = end[b];
    }
  }

  /** The indices of {@code values} in increasing order of value (equal values in any order). */
  static int[] order(double[] values) {
    int n = values.length;
    long[] keys = new long[n];
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = sortable(values[i]);
      index[i] = i;
    }
    radix(keys, index, 0, n, 56, new int[16][256]);
    return index;
  }

  /**
   * The bits of a double as a long that orders as the doubles do when read unsigned (-0.0 before
   * 0.0).
   */
  private static long sortable(double v) {
    long bits = Double.doubleToLongBits(v);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }

  private static final int BUCKETS = 4096;

  /**
   * The values of ranks {@code ks} (0-based) among the first {@code n} of {@code values}, which
   * must not be NaN and are not changed: one pass finds the range, one counts the values in 4,096
   * buckets of equal width (an order-preserving map, so the counts tell each rank's bucket and
   * place), one gathers only the buckets wanted, which are then solved the same way, down to a few
   * thousand values that are sorted. A few plain passes, where a selection's partitions would move
   * the million values around.
   */
  static double[] valuesAtRanks(double[] values, int n, int[] ks) {
    return valuesAtRanks(values, n, ks, Double.NaN, Double.NaN);
  }

  /**
   * As {@link #valuesAtRanks(double[], int, int[])}, with the smallest and largest value given
   * (NaN: find them).
   */
  static double[] valuesAtRanks(
      double[] values, int n, int[] ks, double knownMin, double knownMax) {
    double min = knownMin;
    double max = knownMax;
    if (Double.isNaN(min) || Double.isNaN(max)) {
      min = Double.POSITIVE_INFINITY;
      max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        min = Math.min(min, values[i]);
        max = Math.max(max, values[i]);
      }
    }
    double[] out = new double[ks.length];
    if (n <= BUCKETS || !Double.isFinite(max - min)) {
      double[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      for (int j = 0; j < ks.length; j++) {
        out[j] = sorted[ks[j]];
      }
      return out;
    }
    if (min == max) {
      Arrays.fill(out, min);
      return out;
    }
    Buckets buckets = new Buckets(values, n, min, max);
    int[] bucketOf = buckets.wanted(ks);
    buckets.gather(values, n);
    buckets.solve(ks, bucketOf, out);
    return out;
  }

  /**
   * The values cut into 4,096 buckets of equal width between the smallest and the largest: their
   * counts first, then the values of only the buckets that hold a wanted rank.
   */
  private static final class Buckets {
    private final double min;
    private final double scale;
    private final int[] counts = new int[BUCKETS];
    private final int[] start = new int[BUCKETS + 1]; // the rank of each bucket's first value
    private final double[][] gathered = new double[BUCKETS][]; // null: no rank wanted there

    Buckets(double[] values, int n, double min, double max) {
      this.min = min;
      this.scale = (BUCKETS - 1) / (max - min);
      for (int i = 0; i < n; i++) {
        counts[bucket(values[i])]++;
      }
      for (int b = 0; b < BUCKETS; b++) {
        start[b + 1] = start[b] + counts[b];
      }
    }

    private int bucket(double v) {
      return Math.min(BUCKETS - 1, (int) ((v - min) * scale));
    }

    /** The bucket of each rank of {@code ks}, each such bucket given room for its values. */
    int[] wanted(int[] ks) {
      int[] bucketOf = new int[ks.length];
      for (int j = 0; j < ks.length; j++) {
        int b = Arrays.binarySearch(start, ks[j]);
        // the last bucket starting at or before rank k (empty buckets share starts: skip them)
        b = b >= 0 ? b : -b - 2;
        while (counts[b] == 0 || start[b + 1] <= ks[j]) {
          b++;
        }
        bucketOf[j] = b;
        if (gathered[b] == null) {
          gathered[b] = new double[counts[b]];
        }
      }
      return bucketOf;
    }

    /** Copies the values of the wanted buckets into them, in one pass. */
    void gather(double[] values, int n) {
      int[] filled = new int[BUCKETS];
      for (int i = 0; i < n; i++) {
        double v = values[i];
        int b = bucket(v);
        double[] g = gathered[b];
        if (g != null) {
          g[filled[b]++] = v;
        }
      }
    }

    /**
     * Finds the value of each rank within its bucket: each bucket solved once, for all the ranks in
     * it.
     */
    void solve(int[] ks, int[] bucketOf, double[] out) {
      int[] firstIn = new int[BUCKETS];
      Arrays.fill(firstIn, -1);
      int[] nextIn = new int[ks.length];
      int[] inBucket = new int[BUCKETS];
      for (int j = ks.length - 1; j >= 0; j--) {
        int b = bucketOf[j];
        nextIn[j] = firstIn[b];
        firstIn[b] = j;
        inBucket[b]++;
      }
      for (int b = 0; b < BUCKETS; b++) {
        if (firstIn[b] < 0) {
          continue;
        }
        int[] sub = new int[inBucket[b]];
        for (int j = firstIn[b], i = 0; j >= 0; j = nextIn[j], i++) {
          sub[i] = ks[j] - start[b];
        }
        double[] got = valuesAtRanks(gathered[b], gathered[b].length, sub);
        for (int j = firstIn[b], i = 0; j >= 0; j = nextIn[j], i++) {
          out[j] = got[i];
        }
      }
    }
  }
}
