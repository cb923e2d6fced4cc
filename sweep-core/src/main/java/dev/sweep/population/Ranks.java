package dev.sweep.population;

import java.util.Arrays;

/**
 * Order statistics without boxing: ranks by a radix sort of the values' bits carrying their
 * indices, and quantiles by selection. Both take linear time in practice, where sorting objects
 * would make a million of them.
 */
final class Ranks {
  private Ranks() {}

  /** Arrays shorter than this are sorted by {@link Arrays#sort}; radix passes pay off above it. */
  private static final int RADIX_FROM = 4096;

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

  /** The indices of {@code values} in increasing order of value. */
  static int[] order(double[] values) {
    int n = values.length;
    long[] keys = new long[n];
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = sortable(values[i]);
      index[i] = i;
    }
    if (n < RADIX_FROM) {
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> Long.compareUnsigned(keys[a], keys[b]));
      for (int i = 0; i < n; i++) {
        index[i] = boxed[i];
      }
      return index;
    }
    long[] keysOut = new long[n];
    int[] indexOut = new int[n];
    int[] counts = new int[256];
    for (int shift = 0; shift < 64; shift += 8) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) (keys[i] >>> shift) & 0xff]++;
      }
      if (counts[(int) (keys[0] >>> shift) & 0xff] == n) {
        continue; // every key has the same byte here: this pass would move nothing
      }
      for (int b = 0, total = 0; b < 256; b++) {
        int c = counts[b];
        counts[b] = total;
        total += c;
      }
      for (int i = 0; i < n; i++) {
        int b = (int) (keys[i] >>> shift) & 0xff;
        int to = counts[b]++;
        keysOut[to] = keys[i];
        indexOut[to] = index[i];
      }
      System.arraycopy(keysOut, 0, keys, 0, n);
      System.arraycopy(indexOut, 0, index, 0, n);
    }
    return index;
  }

  /** The bits of a double as a long that orders as the doubles do when read unsigned (-0.0 before 0.0). */
  private static long sortable(double v) {
    long bits = Double.doubleToLongBits(v);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }

  /**
   * The quantiles {@code qs} of {@code values}, linearly interpolated as {@link Edf#quantile}
   * does, by selecting the order statistics they need; {@code values} is reordered. NaN for none.
   */
  static double[] quantiles(double[] values, double... qs) {
    double[] out = new double[qs.length];
    int n = values.length;
    if (n == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    Integer[] byQ = new Integer[qs.length];
    for (int i = 0; i < qs.length; i++) {
      if (!(qs[i] >= 0 && qs[i] <= 1)) {
        throw new IllegalArgumentException("quantile must be in [0, 1], got " + qs[i]);
      }
      byQ[i] = i;
    }
    Arrays.sort(byQ, (a, b) -> Double.compare(qs[a], qs[b]));
    int from = 0; // everything before it is <= what it holds, after the last selection
    for (int i : byQ) {
      double pos = qs[i] * (n - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, n - 1);
      double a = select(values, from, n, lo);
      double b = hi == lo ? a : select(values, lo + 1, n, hi);
      out[i] = a + (pos - lo) * (b - a);
      from = lo;
    }
    return out;
  }

  /** The value of rank {@code k} (0-based) within {@code v[from, to)}, which it reorders: Hoare's quickselect. */
  private static double select(double[] v, int from, int to, int k) {
    int lo = from;
    int hi = to - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      // median of three as the pivot keeps sorted and reversed input linear
      double pivot = median(v[lo], v[mid], v[hi]);
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
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return v[k];
      }
    }
    return v[k];
  }

  private static double median(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
