package dev.sweep.samplers;

import dev.sweep.config.Config;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Rejections;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.samplers.SpaceEncoding.Coordinate;
import dev.sweep.samplers.SpaceEncoding.Level;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** One sweep's TPE: the observations so far, and the proposals made from them. */
final class TpeSampling implements Sampler.Sampling {
  private static final byte NONE = 0;
  private static final byte BELOW = 1;
  private static final byte ABOVE = 2;

  private final TpeSampler tpe;
  private final Space space;
  private final Objective objective;
  private final SpaceEncoding encoding;
  private final Rejections rejections;
  private final SortedColumn[] columns; // per numeric dim
  private final Table values;
  private final List<Observed> states = new ArrayList<>();
  private double[] loss = new double[64];
  private int[] byLoss = new int[64]; // the complete observations, best first
  private int complete;
  private int worse;
  private int pending;
  private int pruned;
  private final Map<Long, Integer> byTrial = new HashMap<>();

  // one proposal's groups, by observation
  private byte[] member = new byte[0];
  private final Buffers below = new Buffers();
  private final Buffers above = new Buffers();
  private final Buffers betterRows = new Buffers(); // the joint estimators' rows, one after the other
  private final Buffers worseRows = new Buffers();
  private final NumericParzen betterFit = new NumericParzen();
  private final NumericParzen worseFit = new NumericParzen();
  private final GroupColumn betterColumn = new GroupColumn();
  private final GroupColumn worseColumn = new GroupColumn();
  private final JointParzen betterJoint = new JointParzen();
  private final JointParzen worseJoint = new JointParzen();
  // in a joint proposal, by observation: the group whose kernels it is among (NONE without a value
  // in every dim of the level), and its row there
  private byte[] joined = new byte[0];
  private int[] rowOf = new int[0];
  private int better; // the size of the better group: the first of byLoss
  private double[] byRank = new double[0]; // a better observation's weight in l(x), by observation

  TpeSampling(TpeSampler tpe, Space space, Objective objective) {
    this.tpe = tpe;
    this.space = space;
    this.objective = objective;
    this.encoding = new SpaceEncoding(space);
    this.rejections = new Rejections(space);
    this.columns = new SortedColumn[encoding.dimensions()];
    this.values = new Table(encoding.dimensions());
    for (Coordinate d : encoding.coordinates()) {
      if (d.numeric()) {
        columns[d.index] = new SortedColumn();
      }
    }
  }

  @Override
  public Sample ask(long index) {
    SplittableRandom rng = RandomSampler.stream(tpe.seed(), index);
    rejections.reset();
    for (int attempt = 0; attempt < tpe.maxAttempts(); attempt++) {
      Map<String, Object> params = complete + pruned < tpe.startupTrials() ? space.sample(rng) : propose(rng);
      Config config = space.toConfig(params);
      if (rejections.allows(config)) {
        observe(index, params, Observed.PENDING);
        return new Sample(index, params, config, space);
      }
      observe(-1, params, Observed.WORSE); // told back: later proposals move away from it
    }
    throw rejections.failure("trial " + index + ": no proposal satisfied the constraints in "
        + tpe.maxAttempts() + " attempts");
  }

  @Override
  public void tell(TrialRecord record) {
    Integer at = byTrial.get(record.id());
    int obs = at != null ? at : observe(record.id(), record.params(), Observed.PENDING);
    unset(obs);
    Observed now = Observed.of(record, objective);
    if (now == Observed.COMPLETE) {
      loss[obs] = Observed.loss(record, objective);
      insertByLoss(obs);
    } else if (now == Observed.WORSE) {
      pruned++;
    }
    set(obs, now);
  }

  @Override
  public boolean adaptive() {
    return true;
  }

  @Override
  public void adopt(long index, Map<String, Object> params) {
    observe(index, params, Observed.PENDING);
  }

  private int observe(long trial, Map<String, Object> params, Observed state) {
    double[] v = encoding.encode(params);
    int obs = values.size();
    if (obs == loss.length) {
      loss = Arrays.copyOf(loss, obs * 2);
    }
    values.add(v);
    states.add(null);
    set(obs, state);
    for (Coordinate d : encoding.coordinates()) {
      if (d.numeric() && !Double.isNaN(v[d.index])) {
        columns[d.index].add(v[d.index], obs);
      }
    }
    if (trial >= 0) {
      byTrial.put(trial, obs);
    }
    return obs;
  }

  private void set(int obs, Observed state) {
    states.set(obs, state);
    switch (state) {
      case PENDING -> pending++;
      case COMPLETE -> complete++;
      case WORSE -> worse++;
      case IGNORED -> { }
    }
  }

  private void unset(int obs) {
    Observed was = states.get(obs);
    switch (was) {
      case PENDING -> pending--;
      case COMPLETE -> {
        complete--;
        int i = 0;
        while (byLoss[i] != obs) {
          i++;
        }
        System.arraycopy(byLoss, i + 1, byLoss, i, complete - i);
      }
      case WORSE -> worse--;
      case IGNORED -> { }
    }
  }

  private void insertByLoss(int obs) {
    if (complete == byLoss.length) {
      byLoss = Arrays.copyOf(byLoss, byLoss.length * 2);
    }
    double l = loss[obs];
    int lo = 0;
    int hi = complete;
    while (lo < hi) { // after equal losses: the earlier trial ranks first
      int mid = (lo + hi) >>> 1;
      if (loss[byLoss[mid]] <= l) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    System.arraycopy(byLoss, lo, byLoss, lo + 1, complete - lo);
    byLoss[lo] = obs;
  }

  // ---- proposals

  private Map<String, Object> propose(SplittableRandom rng) {
    split();
    double[] chosen = new double[encoding.dimensions()];
    Map<String, Object> out = new LinkedHashMap<>();
    sampleLevel(encoding.root(), member, rng, chosen, out);
    return out;
  }

  /**
   * Splits the observations into the better ones (the best {@code min(ceil(0.1 n), 25)} complete
   * trials, as Optuna's default gamma) and the rest. No observation weighs less for its age: Optuna
   * ramps the weight of all but the newest 25 down with age, which on the stationary problems of
   * bench/samplers-vs-optuna.sh (200 seeds) left TPE behind on every one but Hartmann6 at 200 trials.
   */
  private void split() {
    int n = values.size();
    if (member.length < n) {
      member = new byte[Math.max(n, member.length * 2)];
    }
    Arrays.fill(member, 0, n, NONE);
    int considered = complete + worse + (tpe.constantLiar() ? pending : 0);
    better = Math.min(complete, Math.min((int) Math.ceil(0.1 * considered), 25));
    for (int i = 0; i < complete; i++) {
      member[byLoss[i]] = i < better ? BELOW : ABOVE;
    }
    for (int obs = 0; obs < n; obs++) {
      Observed s = states.get(obs);
      if (s == Observed.WORSE || (s == Observed.PENDING && tpe.constantLiar())) {
        member[obs] = ABOVE;
      }
    }
  }

  private void sampleLevel(Level level, byte[] members, SplittableRandom rng, double[] chosen, Map<String, Object> out) {
    if (tpe.multivariate()) {
      joint(level, members, rng, chosen);
    } else {
      for (Coordinate d : level.coordinates) {
        chosen[d.index] = d.numeric() ? numeric(d, members, rng) : categorical(d, members, rng);
      }
    }
    SpaceEncoding.decode(level, chosen, rng, out,
        (branch, key, name) -> sampleLevel(branch, only(members, key, name), rng, chosen, out));
  }

  /** The groups of the observations that chose branch {@code name} of {@code key}. */
  private byte[] only(byte[] members, Coordinate key, int name) {
    byte[] m = Arrays.copyOf(members, values.size());
    for (int obs = 0; obs < m.length; obs++) {
      if (m[obs] != NONE && values.get(obs, key.index) != name) {
        m[obs] = NONE;
      }
    }
    return m;
  }

  private double numeric(Coordinate d, byte[] members, SplittableRandom rng) {
    below.clear();
    above.clear();
    SortedColumn column = columns[d.index];
    int incumbentObs = weighByRank(members, d.index);
    int incumbent = -1;
    for (int i = 0; i < column.size(); i++) {
      int obs = column.observation(i);
      byte g = obs < members.length ? members[obs] : NONE;
      if (g == BELOW) {
        incumbent = obs == incumbentObs ? below.size : incumbent;
        below.add(column.value(i), byRank[obs]);
      } else if (g == ABOVE) {
        above.add(column.value(i), 1);
      }
    }
    int trials = below.size + above.size;
    NumericParzen l = betterFit.fit(below.values, below.weights, below.size, tpe.priorWeight(), incumbent, trials);
    NumericParzen g = worseFit.fit(above.values, above.weights, above.size, tpe.priorWeight());
    double best = Double.NaN;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < tpe.candidates(); c++) {
      double x = l.propose(rng);
      double score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore || Double.isNaN(best)) {
        best = x;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * Weighs each of the better observations in {@code groups} with a value in dim {@code dim} by
   * its rank r among them, 1 + (bestWeight - 1) / 2^r, into {@link #byRank}.
   *
   * @return the best of them (the incumbent), or -1 for none
   */
  private int weighByRank(byte[] groups, int dim) {
    if (byRank.length < values.size()) {
      byRank = new double[Math.max(values.size(), 2 * byRank.length)];
    }
    int best = -1;
    double extra = tpe.bestWeight() - 1;
    for (int i = 0; i < better; i++) {
      int obs = byLoss[i];
      if (obs < groups.length && groups[obs] == BELOW && !Double.isNaN(values.get(obs, dim))) {
        best = best < 0 ? obs : best;
        byRank[obs] = 1 + extra;
        extra /= 2;
      }
    }
    return best;
  }

  private double categorical(Coordinate d, byte[] members, SplittableRandom rng) {
    below.clear();
    above.clear();
    for (int obs = 0; obs < members.length && obs < values.size(); obs++) {
      double v = values.get(obs, d.index);
      if (members[obs] != NONE && !Double.isNaN(v)) {
        (members[obs] == BELOW ? below : above).add(v, 1);
      }
    }
    CategoricalParzen l = categorical(d, below);
    CategoricalParzen g = categorical(d, above);
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < tpe.candidates(); c++) {
      int x = l.sample(rng);
      double score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore || best < 0) {
        best = x;
        bestScore = score;
      }
    }
    return best;
  }

  private CategoricalParzen categorical(Coordinate d, Buffers group) {
    int[] categories = new int[group.size];
    for (int i = 0; i < group.size; i++) {
      categories[i] = (int) group.values[i];
    }
    return new CategoricalParzen(categories, group.weights, group.size, d.choices, d.prior, tpe.priorWeight());
  }

  /** Samples all of a level's dimensions together, from observations that have every one. */
  private void joint(Level level, byte[] members, SplittableRandom rng, double[] chosen) {
    if (level.coordinates.isEmpty()) {
      return;
    }
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
    int stride = order.size();
    int[] slots = new int[stride];
    for (int k = 0; k < stride; k++) {
      slots[k] = order.get(k).index;
    }
    int n = Math.min(members.length, values.size());
    if (rowOf.length < n) {
      rowOf = new int[Math.max(n, 2 * rowOf.length)];
      joined = new byte[rowOf.length];
    }
    double[] cells = values.cells;
    for (int obs = 0; obs < n; obs++) { // in observation order, the table read front to back
      byte g = members[obs];
      int row = values.row(obs);
      for (int k = 0; k < stride && g != NONE; k++) {
        g = Double.isNaN(cells[row + slots[k]]) ? NONE : g;
      }
      joined[obs] = g;
    }
    // a joined observation has a value in every dim; a level of categorical dims alone weighs every
    // better one the same, as categorical dims do one by one
    boolean weighed = numeric > 0;
    if (weighed) {
      weighByRank(joined, slots[0]);
    }
    // each group's rows numbered in ascending order of the first numeric dim: the kernels that a
    // density sums near a point then lie side by side in memory
    below.clear();
    above.clear();
    SortedColumn first = numeric > 0 ? columns[order.get(0).index] : null;
    int count = first != null ? first.size() : n;
    for (int i = 0; i < count; i++) {
      int obs = first != null ? first.observation(i) : i;
      if (obs < n && joined[obs] != NONE) {
        Buffers group = joined[obs] == BELOW ? below : above;
        rowOf[obs] = group.size;
        group.add(0, group == below && weighed ? byRank[obs] : 1);
      }
    }
    betterRows.resize(below.size * stride);
    worseRows.resize(above.size * stride);
    for (int obs = 0; obs < n; obs++) {
      if (joined[obs] != NONE) {
        double[] rows = (joined[obs] == BELOW ? betterRows : worseRows).values;
        int row = values.row(obs);
        int at = rowOf[obs] * stride;
        for (int k = 0; k < stride; k++) {
          rows[at + k] = cells[row + slots[k]];
        }
      }
    }
    GroupColumn better = betterColumn.reset(below.size, numeric);
    GroupColumn worse = worseColumn.reset(above.size, numeric);
    for (int k = 0; k < numeric; k++) {
      widths(columns[order.get(k).index], n, k, numeric, better, worse);
    }
    JointParzen l = betterJoint.fit(betterRows.values, better.kernels, below.weights, below.size, numeric, choices,
        priors, tpe.priorWeight());
    JointParzen g = worseJoint.fit(worseRows.values, worse.kernels, above.weights, above.size, numeric, choices,
        priors, tpe.priorWeight());
    double[] x = new double[order.size()];
    double[] best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0, candidates = tpe.candidates(stride); c < candidates; c++) {
      l.sample(rng, x);
      double score = l.logPdf(x) - g.logPdf(x);
      if (best == null || score > bestScore) {
        best = x.clone();
        bestScore = score;
      }
    }
    for (int k = 0; k < order.size(); k++) {
      chosen[order.get(k).index] = best[k];
    }
  }

  /**
   * Both groups' kernel widths in numeric dimension {@code k}, as the univariate mixture would give
   * them: read in value order off the sorted column in one pass, with the prior's centre among
   * each group's values.
   */
  private void widths(SortedColumn column, int n, int k, int numeric, GroupColumn better, GroupColumn worse) {
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

  /** Every observation's values (quantiles, category indices, NaN where inactive), row after row. */
  private static final class Table {
    private final int width;
    double[] cells = new double[0];
    private int size;

    Table(int width) {
      this.width = width;
    }

    void add(double[] row) {
      if (cells.length < (size + 1) * width) {
        cells = Arrays.copyOf(cells, Math.max(64 * width, 2 * cells.length));
      }
      System.arraycopy(row, 0, cells, size++ * width, width);
    }

    int size() {
      return size;
    }

    /** Where observation {@code obs}'s row starts in {@link #cells}. */
    int row(int obs) {
      return obs * width;
    }

    double get(int obs, int dim) {
      return cells[obs * width + dim];
    }
  }

  /** Growable value and weight arrays of one group. */
  private static final class Buffers {
    double[] values = new double[64];
    double[] weights = new double[64];
    int size;

    void clear() {
      size = 0;
    }

    /** {@code size} values, to be set in place. */
    void resize(int size) {
      if (values.length < size) {
        values = new double[Math.max(size, 2 * values.length)];
        weights = new double[values.length];
      }
      this.size = size;
    }

    void add(double value, double w) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        weights = Arrays.copyOf(weights, size * 2);
      }
      values[size] = value;
      weights[size++] = w;
    }
  }
}
