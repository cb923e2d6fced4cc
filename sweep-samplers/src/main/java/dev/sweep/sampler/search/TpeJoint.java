package dev.sweep.sampler.search;

import static dev.sweep.sampler.search.TpeGroups.BELOW;
import static dev.sweep.sampler.search.TpeGroups.NONE;

import dev.sweep.sampler.search.SpaceEncoding.Coordinate;
import dev.sweep.sampler.search.SpaceEncoding.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The multivariate TPE's proposal for one level: all of its coordinates together, from the
 * observations that have a value in every one, by the ratio of two {@link JointParzen}s. Its arrays
 * are reused from one proposal to the next.
 */
final class TpeJoint {
  private final TpeSampler tpe;
  private final WeightedValues below = new WeightedValues(); // per row, its weight
  private final WeightedValues above = new WeightedValues();
  private final WeightedValues betterRows =
      new WeightedValues(); // the estimators' rows, one after the other
  private final WeightedValues worseRows = new WeightedValues();
  private final GroupColumn betterColumn = new GroupColumn();
  private final GroupColumn worseColumn = new GroupColumn();
  private final JointParzen betterJoint = new JointParzen();
  private final JointParzen worseJoint = new JointParzen();
  // by observation: the group whose kernels it is among (NONE without a value in every coordinate
  // of the level), and its row there
  private byte[] joined = new byte[0];
  private int[] rowOf = new int[0];

  TpeJoint(TpeSampler tpe) {
    this.tpe = tpe;
  }

  /**
   * A level's coordinates as the joint estimators take them: the numeric ones first, then the
   * categorical ones; {@code slots} are their indices in a point.
   */
  @SuppressWarnings("ArrayRecordComponent") // private, never compared or hashed
  private record Layout(
      List<Coordinate> order, int numeric, int[] slots, int[] choices, double[][] priors) {
    static Layout of(Level level) {
      List<Coordinate> order = new ArrayList<>();
      level.coordinates.stream().filter(Coordinate::numeric).forEach(order::add);
      int numeric = order.size();
      level.coordinates.stream().filter(d -> !d.numeric()).forEach(order::add);
      int[] choices = new int[order.size() - numeric];
      double[][] priors = new double[choices.length][];
      for (int c = 0; c < choices.length; c++) {
        choices[c] = order.get(numeric + c).choices;
        priors[c] = order.get(numeric + c).prior;
      }
      int[] slots = new int[order.size()];
      for (int k = 0; k < slots.length; k++) {
        slots[k] = order.get(k).index;
      }
      return new Layout(order, numeric, slots, choices, priors);
    }

    int stride() {
      return slots.length;
    }
  }

  /**
   * Chooses the values of {@code level}'s coordinates into {@code chosen}, from the observations of
   * its groups.
   */
  void propose(
      Level level,
      byte[] members,
      Observations observations,
      SortedColumn[] columns,
      TpeGroups groups,
      SplittableRandom rng,
      double[] chosen) {
    if (level.coordinates.isEmpty()) {
      return;
    }
    Layout layout = Layout.of(level);
    int n = Math.min(members.length, observations.size());
    join(members, observations, layout, n);
    // a joined observation has a value in every coordinate; a level of categorical coordinates
    // alone weighs every better one the same, as categorical coordinates do one by one
    boolean weighed = layout.numeric() > 0;
    if (weighed) {
      groups.weighByRank(observations, joined, layout.slots()[0]);
    }
    numberRows(layout, columns, groups, weighed, n);
    fillRows(observations, layout, n);
    GroupColumn better = betterColumn.reset(below.size, layout.numeric());
    GroupColumn worse = worseColumn.reset(above.size, layout.numeric());
    for (int k = 0; k < layout.numeric(); k++) {
      widths(columns[layout.slots()[k]], n, k, layout.numeric(), better, worse);
    }
    double[] best = choose(layout, better, worse, rng);
    for (int k = 0; k < layout.stride(); k++) {
      chosen[layout.slots()[k]] = best[k];
    }
  }

  /**
   * Each observation's group among the joint kernels: its own, if it has a value in every
   * coordinate of the level.
   */
  private void join(byte[] members, Observations observations, Layout layout, int n) {
    if (rowOf.length < n) {
      rowOf = new int[Math.max(n, 2 * rowOf.length)];
      joined = new byte[rowOf.length];
    }
    double[] cells = observations.cells();
    int[] slots = layout.slots();
    for (int obs = 0; obs < n; obs++) { // in observation order, the points read front to back
      byte g = members[obs];
      int row = observations.row(obs);
      for (int k = 0; k < slots.length && g != NONE; k++) {
        g = Double.isNaN(cells[row + slots[k]]) ? NONE : g;
      }
      joined[obs] = g;
    }
  }

  /**
   * Numbers each group's rows in ascending order of the first numeric coordinate, with their
   * weights: the kernels that a density sums near a point then lie side by side in memory.
   */
  private void numberRows(
      Layout layout, SortedColumn[] columns, TpeGroups groups, boolean weighed, int n) {
    below.clear();
    above.clear();
    SortedColumn first = layout.numeric() > 0 ? columns[layout.slots()[0]] : null;
    int count = first != null ? first.size() : n;
    for (int i = 0; i < count; i++) {
      int obs = first != null ? first.observation(i) : i;
      if (obs < n && joined[obs] != NONE) {
        WeightedValues group = joined[obs] == BELOW ? below : above;
        rowOf[obs] = group.size;
        group.add(0, group == below ? (weighed ? groups.weight(obs) : 1) : groups.worseWeight(obs));
      }
    }
  }

  /** Copies each joined observation's values, in the layout's order, into its group's row. */
  private void fillRows(Observations observations, Layout layout, int n) {
    int stride = layout.stride();
    int[] slots = layout.slots();
    betterRows.resize(below.size * stride);
    worseRows.resize(above.size * stride);
    double[] cells = observations.cells();
    for (int obs = 0; obs < n; obs++) {
      if (joined[obs] != NONE) {
        double[] rows = (joined[obs] == BELOW ? betterRows : worseRows).values;
        int row = observations.row(obs);
        int at = rowOf[obs] * stride;
        for (int k = 0; k < stride; k++) {
          rows[at + k] = cells[row + slots[k]];
        }
      }
    }
  }

  /**
   * Both groups' kernel widths in numeric coordinate {@code k}, as the univariate mixture would
   * give them: read in value order off the sorted column in one pass, with the prior's centre among
   * each group's values.
   */
  private void widths(
      SortedColumn column, int n, int k, int numeric, GroupColumn better, GroupColumn worse) {
    better.start();
    worse.start();
    for (int i = 0; i < column.size(); i++) {
      int obs = column.observation(i);
      if (obs < n && joined[obs] != NONE) {
        (joined[obs] == BELOW ? better : worse).add(column.value(i), rowOf[obs]);
      }
    }
    better.finish(k, numeric);
    worse.finish(k, numeric);
  }

  /**
   * Fits l(x) and g(x) to the groups' rows; returns the candidate from l with the best ratio, in
   * layout order.
   */
  private double[] choose(
      Layout layout, GroupColumn better, GroupColumn worse, SplittableRandom rng) {
    JointParzen l =
        betterJoint.fit(
            betterRows.values,
            better.kernels,
            below.weights,
            below.size,
            layout.numeric(),
            layout.choices(),
            layout.priors(),
            tpe.priorWeight());
    JointParzen g =
        worseJoint.fit(
            worseRows.values,
            worse.kernels,
            above.weights,
            above.size,
            layout.numeric(),
            layout.choices(),
            layout.priors(),
            tpe.priorWeight());
    double[] x = new double[layout.stride()];
    double[] best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0, candidates = tpe.candidates(layout.stride()); c < candidates; c++) {
      l.sample(rng, x);
      double score = l.logPdf(x) - g.logPdf(x);
      if (best == null || score > bestScore) {
        best = x.clone();
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * One group's values in one dimension in ascending order, the prior's 0.5 among them; its widths.
   * Its arrays are reused from one proposal to the next.
   */
  private static final class GroupColumn {
    final KernelWidths kernels = new KernelWidths();
    private double[] sorted = new double[0];
    private int[] row = new int[0];
    private int m;
    private boolean priorPlaced;

    GroupColumn reset(int rows, int numeric) {
      if (row.length < rows + 1) {
        int capacity = Math.max(rows + 1, 2 * row.length);
        sorted = new double[capacity];
        row = new int[capacity];
      }
      kernels.reset(rows, numeric);
      return this;
    }

    void start() {
      m = 0;
      priorPlaced = false;
    }

    void add(double v, int r) {
      if (!priorPlaced && v >= 0.5) {
        sorted[m] = 0.5;
        row[m++] = -1;
        priorPlaced = true;
      }
      sorted[m] = v;
      row[m++] = r;
    }

    void finish(int k, int numeric) {
      if (!priorPlaced) {
        sorted[m] = 0.5;
        row[m++] = -1;
      }
      for (int i = 0; i < m; i++) {
        if (row[i] >= 0) {
          kernels.set(row[i] * numeric + k, Parzen.width(sorted, i, m));
        }
      }
    }
  }
}
