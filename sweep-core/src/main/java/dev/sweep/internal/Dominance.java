package dev.sweep.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance over points whose every coordinate is minimised: non-dominated sorting, crowding
 * distance and hypervolume, shared by the population, the multi-objective samplers and the report.
 * Callers pass finite coordinates only (a maximised objective negated).
 */
public final class Dominance {
  private Dominance() {}

  /** Whether {@code a} is no worse than {@code b} in every coordinate and better in one. */
  public static boolean dominates(double[] a, double[] b) {
    boolean better = false;
    for (int j = 0; j < a.length; j++) {
      if (a[j] > b[j]) {
        return false;
      }
      better |= a[j] < b[j];
    }
    return better;
  }

  /**
   * Each point's Pareto rank (Deb's fast non-dominated sort): 0 for the points no other dominates,
   * 1 for those only rank-0 points dominate, and so on. Quadratic in the number of points.
   */
  public static int[] ranks(double[][] points) {
    return ranks(points, null);
  }

  /**
   * Ranks under constrained domination (Deb's, as Optuna's NSGA-II): a feasible point (violation 0)
   * dominates every infeasible one, and of two infeasible points the one with the smaller total
   * violation dominates. {@code violation} may be null (all feasible).
   */
  public static int[] ranks(double[][] points, double[] violation) {
    int n = points.length;
    int[] dominatedBy = new int[n];
    List<List<Integer>> dominating = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      dominating.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      for (int k = i + 1; k < n; k++) {
        int c = compare(points, violation, i, k);
        if (c < 0) {
          dominating.get(i).add(k);
          dominatedBy[k]++;
        } else if (c > 0) {
          dominating.get(k).add(i);
          dominatedBy[i]++;
        }
      }
    }
    int[] rank = new int[n];
    List<Integer> front = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (dominatedBy[i] == 0) {
        front.add(i);
      }
    }
    for (int r = 0; !front.isEmpty(); r++) {
      List<Integer> next = new ArrayList<>();
      for (int i : front) {
        rank[i] = r;
        for (int k : dominating.get(i)) {
          if (--dominatedBy[k] == 0) {
            next.add(k);
          }
        }
      }
      front = next;
    }
    return rank;
  }

  /** Negative when point i dominates point k, positive when k dominates i, else 0. */
  private static int compare(double[][] points, double[] violation, int i, int k) {
    if (violation != null) {
      double vi = violation[i];
      double vk = violation[k];
      if (vi > 0 || vk > 0) {
        return vi == vk ? 0 : vi < vk ? -1 : 1;
      }
    }
    if (dominates(points[i], points[k])) {
      return -1;
    }
    return dominates(points[k], points[i]) ? 1 : 0;
  }

  /**
   * The crowding distance of each of {@code members} (indices into {@code points}) within that set:
   * the sum over coordinates of the normalised gap between its neighbours, infinite at each
   * coordinate's extremes. Larger is lonelier; NSGA-II keeps the lonelier of a rank.
   */
  public static double[] crowding(double[][] points, int[] members) {
    int n = members.length;
    double[] distance = new double[n];
    if (n == 0) {
      return distance;
    }
    int m = points[members[0]].length;
    Integer[] order = new Integer[n];
    for (int j = 0; j < m; j++) {
      int col = j;
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingDouble(i -> points[members[i]][col]));
      double lo = points[members[order[0]]][col];
      double hi = points[members[order[n - 1]]][col];
      distance[order[0]] = Double.POSITIVE_INFINITY;
      distance[order[n - 1]] = Double.POSITIVE_INFINITY;
      if (hi > lo) {
        for (int i = 1; i < n - 1; i++) {
          double gap = points[members[order[i + 1]]][col] - points[members[order[i - 1]]][col];
          distance[order[i]] += gap / (hi - lo);
        }
      }
    }
    return distance;
  }

  /**
   * The hypervolume that {@code points} dominate up to {@code reference}: the measure of the region
   * between the front and the reference point. Points not strictly better than the reference in
   * every coordinate add nothing. Exact: a sweep in two dimensions (n log n), slices along the last
   * coordinate above.
   */
  public static double hypervolume(double[][] points, double[] reference) {
    List<double[]> inside = new ArrayList<>();
    for (double[] p : points) {
      if (p.length != reference.length) {
        throw new IllegalArgumentException(
            "a point has "
                + p.length
                + " coordinates, the reference point "
                + reference.length
                + ": "
                + Arrays.toString(p));
      }
      boolean below = true;
      for (int j = 0; j < p.length && below; j++) {
        below = p[j] < reference[j];
      }
      if (below) {
        inside.add(p);
      }
    }
    return volume(nonDominated(inside), reference, reference.length);
  }

  /**
   * Each point's exclusive share of the hypervolume: what the whole loses without it. Zero for a
   * dominated point or one outside the reference.
   */
  public static double[] contributions(double[][] points, double[] reference) {
    double whole = hypervolume(points, reference);
    double[] share = new double[points.length];
    double[][] others = new double[points.length - (points.length > 0 ? 1 : 0)][];
    for (int i = 0; i < points.length; i++) {
      for (int k = 0, o = 0; k < points.length; k++) {
        if (k != i) {
          others[o++] = points[k];
        }
      }
      share[i] = Math.max(0, whole - hypervolume(others, reference));
    }
    return share;
  }

  private static List<double[]> nonDominated(List<double[]> points) {
    List<double[]> front = new ArrayList<>();
    for (double[] p : points) {
      boolean beaten = false;
      for (double[] f : front) {
        if (dominates(f, p) || Arrays.equals(f, p)) {
          beaten = true;
          break;
        }
      }
      if (!beaten) {
        front.removeIf(f -> dominates(p, f));
        front.add(p);
      }
    }
    return front;
  }

  /** The volume the points dominate in their first {@code d} coordinates. */
  private static double volume(List<double[]> points, double[] reference, int d) {
    if (points.isEmpty()) {
      return 0;
    }
    if (d == 1) {
      double min = Double.POSITIVE_INFINITY;
      for (double[] p : points) {
        min = Math.min(min, p[0]);
      }
      return reference[0] - min;
    }
    List<double[]> sorted = new ArrayList<>(points);
    int last = d - 1;
    sorted.sort(Comparator.comparingDouble(p -> p[last]));
    if (d == 2) {
      double area = 0;
      double bestX = reference[0];
      for (double[] p : sorted) { // by y ascending: each point adds the strip left of the best x
        if (p[0] < bestX) {
          area += (bestX - p[0]) * (reference[1] - p[1]);
          bestX = p[0];
        }
      }
      return area;
    }
    double total = 0;
    List<double[]> slab = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      slab.add(sorted.get(i));
      double top = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
      double height = top - sorted.get(i)[last];
      if (height > 0) {
        total += height * volume(nonDominatedIn(slab, last), reference, last);
      }
    }
    return total;
  }

  /** The points of {@code slab} that no other dominates in the first {@code d} coordinates. */
  private static List<double[]> nonDominatedIn(List<double[]> slab, int d) {
    List<double[]> front = new ArrayList<>();
    for (double[] p : slab) {
      boolean beaten = false;
      for (double[] f : front) {
        if (weaklyDominates(f, p, d)) {
          beaten = true;
          break;
        }
      }
      if (!beaten) {
        front.removeIf(f -> weaklyDominates(p, f, d));
        front.add(p);
      }
    }
    return front;
  }

  private static boolean weaklyDominates(double[] a, double[] b, int d) {
    for (int j = 0; j < d; j++) {
      if (a[j] > b[j]) {
        return false;
      }
    }
    return true;
  }
}
