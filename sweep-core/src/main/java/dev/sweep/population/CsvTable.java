package dev.sweep.population;

import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file of trials (see {@link Population#readCsv}) straight into columns: the records
 * are cut into cells in place ({@link CsvRecords}), numbers parsed from the bytes, and repeated
 * strings matched against the bytes of the ones seen before, so a row makes no objects unless it
 * holds a new string. One reader per file: the header says each column's role, then every row is
 * read into the arrays of a {@link Table}.
 */
final class CsvTable {
  private enum Role {
    ID,
    NAME,
    STATUS,
    DURATION,
    STARTED,
    FAILURE,
    FOLDER, // made from the id and name: nothing to read
    PARAM,
    METRIC
  }

  private static final Map<String, Byte> STATUSES = statuses();

  private final CsvRecords in;
  private final long fileSize;
  // the header
  private String[] names;
  private Role[] roles;
  private ColumnReader[] readers; // of the PARAM and METRIC columns; null for the others
  private final Map<String, ColumnBuilder> params = new LinkedHashMap<>();
  private final Map<String, ColumnBuilder> metrics = new LinkedHashMap<>();
  // the columns every trial has, row by row: the first n of capacity
  private int n;
  private int capacity = 1024;
  private long[] ids = new long[capacity];
  private byte[] status = new byte[capacity];
  private long[] durations = new long[capacity];
  private long[] startSeconds = new long[capacity];
  private int[] startNanos = new int[capacity];
  private String[] failures; // null until a trial has one
  private Table.Strings trialNames; // null: the file has no name column

  private CsvTable(CsvRecords in, long fileSize) {
    this.in = in;
    this.fileSize = fileSize;
  }

  private static Map<String, Byte> statuses() {
    Map<String, Byte> statuses = new HashMap<>();
    for (TrialStatus s : TrialStatus.values()) {
      statuses.put(s.name(), (byte) s.ordinal());
    }
    return Map.copyOf(statuses);
  }

  static Table read(Path file, String objectiveMetric) {
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      return new CsvTable(new CsvRecords(file, in), size).table(objectiveMetric);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private Table table(String objectiveMetric) throws IOException {
    Map<String, Integer> seen = readHeader();
    roles = roles(objectiveColumn(objectiveMetric, seen));
    columnReaders();
    trialNames = seen.containsKey("name") ? new Table.Strings() : null;
    readRows();
    return build();
  }

  // ---------------------------------------------------------------- the header

  /** Reads the column names; returns each one's index. */
  private Map<String, Integer> readHeader() throws IOException {
    if (!in.next()) {
      throw in.error(
          1, 1, "the file is empty; a CSV of trials starts with a header row naming its columns");
    }
    names = new String[in.cells()];
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      names[i] = in.text(i);
      Integer before = seen.put(names[i], i);
      if (before != null) {
        throw in.error(
            1,
            i + 1,
            "column '"
                + names[i]
                + "' appears twice (columns "
                + (before + 1)
                + " and "
                + (i + 1)
                + ")");
      }
    }
    return seen;
  }

  /**
   * The objective's column: writeCsv names a metric metric.<name> where a parameter has its name.
   */
  private String objectiveColumn(String objectiveMetric, Map<String, Integer> seen) {
    String objectiveColumn =
        seen.containsKey("metric." + objectiveMetric)
            ? "metric." + objectiveMetric
            : objectiveMetric;
    if (!seen.containsKey(objectiveColumn)) {
      throw in.error(
          1,
          1,
          "no column is the objective's metric '"
              + objectiveMetric
              + "'; the columns are "
              + Arrays.toString(names));
    }
    return objectiveColumn;
  }

  /**
   * Each column's role by its name: the objective and the columns after it, up to {@code
   * duration_s}, are metrics (as writeCsv orders them), so are {@code metric.*}; the rest
   * parameters.
   */
  private Role[] roles(String objectiveColumn) {
    Role[] out = new Role[names.length];
    boolean afterObjective = false;
    for (int i = 0; i < names.length; i++) {
      afterObjective |= names[i].equals(objectiveColumn);
      out[i] =
          switch (names[i]) {
            case "id" -> Role.ID;
            case "name" -> Role.NAME;
            case "status" -> Role.STATUS;
            case "duration_s" -> {
              afterObjective = false;
              yield Role.DURATION;
            }
            case "started" -> Role.STARTED;
            case "failure" -> Role.FAILURE;
            case "folder" -> Role.FOLDER;
            default -> afterObjective || names[i].startsWith("metric.") ? Role.METRIC : Role.PARAM;
          };
    }
    return out;
  }

  /**
   * A reader and a column for each parameter and metric; a metric's column drops the {@code
   * metric.} prefix.
   */
  private void columnReaders() {
    readers = new ColumnReader[names.length];
    for (int i = 0; i < names.length; i++) {
      if (roles[i] == Role.PARAM || roles[i] == Role.METRIC) {
        ColumnBuilder b = new ColumnBuilder(16);
        readers[i] = new ColumnReader(b);
        String metric =
            names[i].startsWith("metric.") ? names[i].substring("metric.".length()) : names[i];
        (roles[i] == Role.PARAM ? params : metrics)
            .put(roles[i] == Role.PARAM ? names[i] : metric, b);
      }
    }
  }

  // ---------------------------------------------------------------- the rows

  private void readRows() throws IOException {
    long firstRecord = in.offset();
    while (in.next()) {
      if (in.isBlankLine()) {
        continue;
      }
      if (in.cells() != names.length) {
        throw in.error(
            in.line(),
            Math.min(in.cells(), names.length) + 1,
            "this row has " + in.cells() + " cells, the header " + names.length);
      }
      if (n == capacity) {
        grow(firstRecord);
      }
      readRow();
      n++;
    }
  }

  /** Makes room for the whole file at once, as long as the rows so far tell a row is. */
  private void grow(long firstRecord) {
    long perRow = Math.max(1, (in.offset() - firstRecord) / n);
    capacity =
        (int)
            Math.min(
                Integer.MAX_VALUE - 8,
                Math.max(capacity + (capacity >> 1), fileSize / perRow * 21 / 20 + 16));
    ids = Arrays.copyOf(ids, capacity);
    status = Arrays.copyOf(status, capacity);
    durations = Arrays.copyOf(durations, capacity);
    startSeconds = Arrays.copyOf(startSeconds, capacity);
    startNanos = Arrays.copyOf(startNanos, capacity);
    if (failures != null) {
      failures = Arrays.copyOf(failures, capacity);
    }
    for (ColumnReader r : readers) {
      if (r != null) {
        r.builder.reserve(capacity);
      }
    }
  }

  /**
   * Reads the current record into row {@code n}; a file without an id or status column gives the
   * index, COMPLETED.
   */
  private void readRow() {
    ids[n] = n;
    status[n] = (byte) TrialStatus.COMPLETED.ordinal();
    for (int i = 0; i < names.length; i++) {
      switch (roles[i]) {
        case PARAM -> readers[i].param(in, i);
        case METRIC -> readers[i].metric(in, i);
        case ID -> ids[n] = in.longCell(i, "id", "a whole number");
        case NAME -> trialNames.add(in.text(i));
        case STATUS -> status[n] = status(i);
        case DURATION ->
            durations[n] =
                in.isEmpty(i)
                    ? 0
                    : Math.round(in.doubleCell(i, "duration_s", "a number of seconds") * 1e9);
        case STARTED -> started(i);
        case FAILURE -> failure(i);
        case FOLDER -> {}
        default -> throw new AssertionError(roles[i]);
      }
    }
  }

  private byte status(int i) {
    Byte s = STATUSES.get(in.text(i));
    if (s == null) {
      throw in.error(
          in.line(),
          i + 1,
          "status '" + in.text(i) + "' is none of " + Arrays.toString(TrialStatus.values()));
    }
    return s;
  }

  private void started(int i) {
    if (in.isEmpty(i)) {
      return;
    }
    try {
      Instant t = Instant.parse(in.text(i));
      startSeconds[n] = t.getEpochSecond();
      startNanos[n] = t.getNano();
    } catch (DateTimeParseException e) {
      throw in.error(
          in.line(),
          i + 1,
          "started '" + in.text(i) + "' is no ISO-8601 instant such as 2026-12-01T09:30:00Z");
    }
  }

  private void failure(int i) {
    if (in.isEmpty(i)) {
      return;
    }
    if (failures == null) {
      failures = new String[capacity];
    }
    failures[n] = in.text(i);
  }

  private Table build() {
    Map<String, Column> paramColumns = new LinkedHashMap<>();
    params.forEach((k, b) -> paramColumns.put(k, b.build()));
    Map<String, Column> metricColumns = new LinkedHashMap<>();
    metrics.forEach((k, b) -> metricColumns.put(k, b.build()));
    // the arrays keep the few rows of room the estimate left: Table reads only its first n rows
    return new Table(
        n,
        ids,
        status,
        paramColumns,
        metricColumns,
        trialNames == null ? null : trialNames.trim(),
        null,
        startSeconds,
        startNanos,
        durations,
        failures,
        null);
  }

  // ---------------------------------------------------------------- cells

  /**
   * How one parameter or metric column turns cells into values, with the byte forms of its strings
   * so far.
   */
  private static final class ColumnReader {
    final ColumnBuilder builder;
    private final List<byte[]> levelBytes = new ArrayList<>();
    private final List<Object> levelValues = new ArrayList<>();

    ColumnReader(ColumnBuilder builder) {
      this.builder = builder;
    }

    void param(CsvRecords t, int i) {
      if (t.isEmpty(i)) {
        builder.addAbsent();
        return;
      }
      byte[] b = t.bytes(i);
      int from = t.from(i);
      int to = t.to(i);
      if (CsvNumbers.isLong(b, from, to)) {
        builder.addLong(CsvNumbers.parseLong(b, from, to));
        return;
      }
      double d = CsvNumbers.parseDouble(b, from, to);
      if (!Double.isNaN(d) || CsvNumbers.isNaN(b, from, to)) {
        builder.addDouble(d);
        return;
      }
      builder.addLevel(level(b, from, to));
    }

    void metric(CsvRecords t, int i) {
      if (t.isEmpty(i)) {
        builder.addAbsent();
        return;
      }
      double d = CsvNumbers.parseDouble(t.bytes(i), t.from(i), t.to(i));
      if (Double.isNaN(d) && !CsvNumbers.isNaN(t.bytes(i), t.from(i), t.to(i))) {
        throw t.error(t.line(), i + 1, "metric cell '" + t.text(i) + "' is not a number");
      }
      builder.addDouble(d);
    }

    /**
     * The value of a string cell: a boolean for true/false, else the string, the same object each
     * time.
     */
    private Object level(byte[] b, int from, int to) {
      int len = to - from;
      for (int k = 0; k < levelBytes.size(); k++) {
        byte[] known = levelBytes.get(k);
        if (known.length == len && Arrays.equals(known, 0, len, b, from, to)) {
          return levelValues.get(k);
        }
      }
      String s = new String(b, from, len, StandardCharsets.UTF_8);
      Object value =
          switch (s) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> s;
          };
      if (levelBytes.size()
          < 64) { // a column of many strings (names, paths) is not worth the search
        levelBytes.add(Arrays.copyOfRange(b, from, to));
        levelValues.add(value);
      }
      return value;
    }
  }
}
