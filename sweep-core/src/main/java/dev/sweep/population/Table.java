package dev.sweep.population;

import dev.sweep.config.Config;
import dev.sweep.config.Names;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A population's trials, column by column: ids, statuses, times and failures in arrays of their
 * own, each parameter and metric in a {@link Column}, names packed as UTF-8, curves as one array of
 * steps with a column per metric. A {@link TrialRecord} is made only when one is asked for.
 * Immutable; {@link Builder} makes one.
 */
final class Table {
  final int size;
  final long[] ids;
  final byte[] status;
  final boolean allCompleted;
  final Map<String, Column> params;
  final Map<String, Column> metrics;
  private final Strings names; // null: named from the parameters
  private final Config[] configs; // null, or a null element: the trial's config is its parameters
  private final long[] startSeconds;
  private final int[] startNanos;
  private final long[] durationNanos;
  private final String[] failures; // null: none failed with a message
  private final Curves curves; // null: no curve

  private static final TrialStatus[] STATUSES = TrialStatus.values();
  private volatile Map<String, String> shortKeys; // of the parameters, for names made from them

  /**
   * The keys of names made from the parameters: each path's shortest unique suffix, computed once.
   */
  private Map<String, String> shortKeys() {
    Map<String, String> keys = shortKeys;
    if (keys == null) {
      keys = Names.shortKeys(List.copyOf(params.keySet()));
      shortKeys = keys;
    }
    return keys;
  }

  Table(
      int size,
      long[] ids,
      byte[] status,
      Map<String, Column> params,
      Map<String, Column> metrics,
      Strings names,
      Config[] configs,
      long[] startSeconds,
      int[] startNanos,
      long[] durationNanos,
      String[] failures,
      Curves curves) {
    this.size = size;
    this.ids = ids;
    this.status = status;
    boolean completed = true;
    for (int i = 0; i < size && completed; i++) {
      completed = status[i] == TrialStatus.COMPLETED.ordinal();
    }
    this.allCompleted = completed;
    this.params = Collections.unmodifiableMap(params);
    this.metrics = Collections.unmodifiableMap(metrics);
    this.names = names;
    this.configs = configs;
    this.startSeconds = startSeconds;
    this.startNanos = startNanos;
    this.durationNanos = durationNanos;
    this.failures = failures;
    this.curves = curves;
  }

  TrialStatus status(int row) {
    return STATUSES[status[row]];
  }

  Map<String, Object> params(int row) {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach(
        (name, column) -> {
          Object v = column.get(row);
          if (v != null) {
            out.put(name, v);
          }
        });
    return out;
  }

  Map<String, Double> metrics(int row) {
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach(
        (name, column) -> {
          if (column.has(row)) {
            out.put(name, column.number(row));
          }
        });
    return out;
  }

  TrialRecord record(int row) {
    Map<String, Object> p = params(row);
    Config config = configs == null || configs[row] == null ? Config.ofFlat(p) : configs[row];
    String name = names == null ? Names.readable(p, shortKeys()) : names.get(row);
    return new TrialRecord(
        ids[row],
        name,
        p,
        config,
        status(row),
        metrics(row),
        curves == null ? List.of() : curves.curve(row),
        Optional.ofNullable(failures == null ? null : failures[row]),
        Instant.ofEpochSecond(startSeconds[row], startNanos[row]),
        Duration.ofNanos(durationNanos[row]));
  }

  /**
   * Bytes in the arrays, an estimate of the table's heap (names and curves included, configs not).
   */
  long bytes() {
    long b = 8L * size + size + 8L * size + 4L * size + 8L * size;
    for (Column c : params.values()) {
      b += c.bytes();
    }
    for (Column c : metrics.values()) {
      b += c.bytes();
    }
    return b + (names == null ? 0 : names.bytes()) + (curves == null ? 0 : curves.bytes());
  }

  // ---------------------------------------------------------------- parts

  /** Strings packed as UTF-8 into one array, with the offset of each. */
  static final class Strings {
    private byte[] data = new byte[1024];
    private int[] offsets = new int[17]; // offsets[i]..offsets[i + 1]: string i
    private int count;

    void add(String s) {
      int end = offsets[count];
      if (addAscii(s, end)) {
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (end + b.length > data.length) {
        data = Arrays.copyOf(data, Math.max(end + b.length, data.length + (data.length >> 1)));
      }
      System.arraycopy(b, 0, data, end, b.length);
      ended(end + b.length);
    }

    /**
     * Adds an ASCII string (a readable name always is one) without encoding it into an array of its
     * own first; false, adding nothing, if it is not ASCII.
     */
    private boolean addAscii(String s, int end) {
      int n = s.length();
      for (int i = 0; i < n; i++) {
        if (s.charAt(i) >= 0x80) {
          return false;
        }
      }
      if (end + n > data.length) {
        data = Arrays.copyOf(data, Math.max(end + n, data.length + (data.length >> 1)));
      }
      for (int i = 0; i < n; i++) {
        data[end + i] = (byte) s.charAt(i);
      }
      ended(end + n);
      return true;
    }

    private void ended(int end) {
      if (count + 2 > offsets.length) {
        offsets = Arrays.copyOf(offsets, offsets.length + (offsets.length >> 1));
      }
      offsets[++count] = end;
    }

    String get(int i) {
      return new String(data, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
    }

    Strings trim() {
      data = Arrays.copyOf(data, offsets[count]);
      offsets = Arrays.copyOf(offsets, count + 1);
      return this;
    }

    long bytes() {
      return data.length + 4L * offsets.length;
    }
  }

  /** Every trial's curve: the points of trial {@code i} are {@code start[i]..start[i + 1]}. */
  static final class Curves {
    private final int[] start;
    private final long[] steps;
    private final Map<String, Column> values;

    Curves(int[] start, long[] steps, Map<String, Column> values) {
      this.start = start;
      this.steps = steps;
      this.values = values;
    }

    List<CurvePoint> curve(int row) {
      List<CurvePoint> points = new ArrayList<>(start[row + 1] - start[row]);
      for (int p = start[row]; p < start[row + 1]; p++) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : values.entrySet()) {
          if (e.getValue().has(p)) {
            m.put(e.getKey(), e.getValue().number(p));
          }
        }
        points.add(new CurvePoint(steps[p], m));
      }
      return points;
    }

    long bytes() {
      long b = 4L * start.length + 8L * steps.length;
      for (Column c : values.values()) {
        b += c.bytes();
      }
      return b;
    }
  }

  // ---------------------------------------------------------------- building

  /** Adds trial records one by one, keeping only their columns. Not thread-safe. */
  static final class Builder {
    private int size;
    private long[] ids = new long[16];
    private byte[] status = new byte[16];
    private long[] startSeconds = new long[16];
    private int[] startNanos = new int[16];
    private long[] durationNanos = new long[16];
    private String[] failures; // null until one has a failure
    private Config[] configs = new Config[16];
    private final Strings names = new Strings();
    private final Map<String, ColumnBuilder> params = new LinkedHashMap<>();
    private final Map<String, ColumnBuilder> metrics = new LinkedHashMap<>();
    private int[] curveStart = new int[17];
    private long[] steps = new long[16];
    private int points;
    private final Map<String, ColumnBuilder> curveValues = new LinkedHashMap<>();

    Builder add(TrialRecord t) {
      if (size == ids.length) {
        int grown = size + (size >> 1);
        ids = Arrays.copyOf(ids, grown);
        status = Arrays.copyOf(status, grown);
        startSeconds = Arrays.copyOf(startSeconds, grown);
        startNanos = Arrays.copyOf(startNanos, grown);
        durationNanos = Arrays.copyOf(durationNanos, grown);
        configs = Arrays.copyOf(configs, grown);
        curveStart = Arrays.copyOf(curveStart, grown + 1);
        if (failures != null) {
          failures = Arrays.copyOf(failures, grown);
        }
      }
      ids[size] = t.id();
      status[size] = (byte) t.status().ordinal();
      Instant started = t.started();
      startSeconds[size] = started.getEpochSecond();
      startNanos[size] = started.getNano();
      durationNanos[size] = t.duration().toNanos();
      configs[size] = ownConfig(t);
      names.add(t.name());
      if (t.failure().isPresent()) {
        if (failures == null) {
          failures = new String[ids.length];
        }
        failures[size] = t.failure().get();
      }
      addRow(params, t.params(), size);
      addRow(metrics, t.metrics(), size);
      for (CurvePoint p : t.curve()) {
        if (points == steps.length) {
          steps = Arrays.copyOf(steps, points + (points >> 1));
        }
        steps[points] = p.step();
        addRow(curveValues, p.metrics(), points);
        points++;
      }
      size++;
      curveStart[size] = points;
      return this;
    }

    /**
     * The trial's config if it says more than its parameters do, else null: most trials' configs
     * are their parameters, and a million of them read back from a journal would each keep a copy.
     */
    private static Config ownConfig(TrialRecord t) {
      return t.config().isOfFlat(t.params()) ? null : t.config();
    }

    /** Adds row {@code row}'s values, padding columns new at this row and those it lacks. */
    private static void addRow(Map<String, ColumnBuilder> columns, Map<String, ?> values, int row) {
      values.forEach(
          (name, v) -> {
            ColumnBuilder c =
                columns.computeIfAbsent(
                    name,
                    k -> {
                      ColumnBuilder b = new ColumnBuilder(16);
                      for (int i = 0; i < row; i++) {
                        b.addAbsent();
                      }
                      return b;
                    });
            c.add(v);
          });
      for (ColumnBuilder c : columns.values()) {
        if (c.size() == row) {
          c.addAbsent();
        }
      }
    }

    Table build() {
      return new Table(
          size,
          Arrays.copyOf(ids, size),
          Arrays.copyOf(status, size),
          columns(params),
          columns(metrics),
          names.trim(),
          Arrays.copyOf(configs, size),
          Arrays.copyOf(startSeconds, size),
          Arrays.copyOf(startNanos, size),
          Arrays.copyOf(durationNanos, size),
          failures == null ? null : Arrays.copyOf(failures, size),
          points == 0
              ? null
              : new Curves(
                  Arrays.copyOf(curveStart, size + 1),
                  Arrays.copyOf(steps, points),
                  columns(curveValues)));
    }

    private static Map<String, Column> columns(Map<String, ColumnBuilder> builders) {
      Map<String, Column> out = new LinkedHashMap<>();
      builders.forEach((name, b) -> out.put(name, b.build()));
      return out;
    }
  }
}
