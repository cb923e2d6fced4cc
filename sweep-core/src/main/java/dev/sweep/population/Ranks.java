package dev.sweep.population;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Order statistics without boxing, on the bits of doubles made to sort as unsigned longs: sorting
 * and ranks by an in-place radix sort, quantiles by selection. A million values make no
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
   * {@link #radix} of {@code keys[from, to)}, the buckets of the first byte that splits them
   * sorted in parallel: once the keys are in their buckets, each is a range of its own.
   */
  private static void radixOnEveryCore(long[] keys, int from, int to, int shift) {
    int[] end = new int[256];
    while (shift >= 0 && !countBytes(keys, from, to, shift, end)) {
      shift -= 8; // one bucket: the next byte
    }
    if (shift < 0) {
      return; // all keys equal
    }
    distribute(keys, null, from, to, shift, end, new int[256]);
    if (shift == 0) {
      return;
    }
    int below = shift - 8;
    IntStream.range(0, 256).parallel().forEach(b -> {
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
  private static void distribute(long[] keys, int[] index, int from, int to, int shift, int[] end, int[] next) {
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
   * Sorts {@code keys[from, to)} (unsigned) by their bytes from {@code shift} down, moving
   * {@code index} (if not null) along with them.
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
    distribute(keys, index, from, to, shift, end, counts[2 * (shift / 8) + 1]);
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

  /** The bits of a double as a long that orders as the doubles do when read unsigned (-0.0 before 0.0). */
  private static long sortable(double v) {
    long bits = Double.doubleToLongBits(v);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }

  /**
   * The quantiles {@code qs} of {@code values}, linearly interpolated as {@link Edf#quantile}
   * does, by selecting the order statistics they need, all of them in one recursive partition;
   * {@code values} is reordered. NaN for none.
   */
  static double[] quantiles(double[] values, double... qs) {
    double[] out = new double[qs.length];
    int n = values.length;
    if (n == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    int[] ks = new int[2 * qs.length];
    for (int i = 0; i < qs.length; i++) {
      if (!(qs[i] >= 0 && qs[i] <= 1)) {
        throw new IllegalArgumentException("quantile must be in [0, 1], got " + qs[i]);
      }
      int lo = (int) Math.floor(qs[i] * (n - 1));
      ks[2 * i] = lo;
      ks[2 * i + 1] = Math.min(lo + 1, n - 1);
    }
    int[] wanted = Arrays.stream(ks).sorted().distinct().toArray();
    select(values, 0, n, wanted, 0, wanted.length);
    for (int i = 0; i < qs.length; i++) {
      double pos = qs[i] * (n - 1);
      double a = values[ks[2 * i]];
      double b = values[ks[2 * i + 1]];
      out[i] = a + (pos - ks[2 * i]) * (b - a);
    }
    return out;
  }

  /**
   * Puts into place every rank in {@code ks[kFrom, kTo)} (sorted) within {@code v[from, to)}:
   * Hoare's partition around a median of three, then only the sides that hold a wanted rank.
   */
  private static void select(double[] v, int from, int to, int[] ks, int kFrom, int kTo) {
    while (kFrom < kTo && to - from > 1) {
      if (to - from <= 16) {
        Arrays.sort(v, from, to);
        return;
      }
      int lo = from;
      int hi = to - 1;
      double pivot = median(v[lo], v[(lo + hi) >>> 1], v[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (v[i] < pivot) {
          i++;
        }
        while (v[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = v[i];
          v[i] = v[j];
          v[j] = t;
          i++;
          j--;
        }
      }
      // v[from, j] <= pivot <= v[i, to); between them (if any) all equal the pivot
      int left = kFrom;
      while (left < kTo && ks[left] <= j) {
        left++;
      }
      int right = left;
      while (right < kTo && ks[right] < i) {
        right++;
      }
      select(v, i, to, ks, right, kTo);
      to = j + 1;
      kTo = left;
    }
  }

  private static double median(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
