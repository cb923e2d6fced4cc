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
 * Reads a CSV file of trials (see {@link Population#readCsv}) straight into columns: bytes are
 * split into cells in place, numbers parsed from the bytes, and repeated strings matched against
 * the bytes of the ones seen before, so a row makes no objects unless it holds a new string.
 */
final class CsvTable {
  private static final int BUFFER = 1 << 20;

  private enum Role { ID, NAME, STATUS, DURATION, STARTED, FAILURE, PARAM, METRIC }

  private final Path file;
  private final InputStream in;
  private byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;
  private boolean eof;
  private long line = 0; // of the record being read
  private long consumed; // bytes before buf[0]
  // the cells of the current record: [cellStart[i], cellEnd[i]) of buf, or of unquoted[i] if quoted
  private int cells;
  private int[] cellStart = new int[32];
  private int[] cellEnd = new int[32];
  private byte[][] unquoted = new byte[32][];

  private CsvTable(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  static Table read(Path file, String objectiveMetric) {
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      return new CsvTable(file, in).table(objectiveMetric, size);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private Table table(String objectiveMetric, long fileSize) throws IOException {
    if (!nextRecord()) {
      throw error(1, 1, "the file is empty; a CSV of trials starts with a header row naming its columns");
    }
    int columns = cells;
    String[] names = new String[columns];
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < columns; i++) {
      names[i] = text(i);
      Integer before = seen.put(names[i], i);
      if (before != null) {
        throw error(1, i + 1, "column '" + names[i] + "' appears twice (columns " + (before + 1) + " and " + (i + 1) + ")");
      }
    }
    // writeCsv names a metric metric.<name> where a parameter has its name: then that is the objective's
    String objectiveColumn = seen.containsKey("metric." + objectiveMetric) ? "metric." + objectiveMetric : objectiveMetric;
    if (!seen.containsKey(objectiveColumn)) {
      throw error(1, 1, "no column is the objective's metric '" + objectiveMetric + "'; the columns are "
          + Arrays.toString(names));
    }
    Role[] roles = new Role[columns];
    boolean afterObjective = false;
    for (int i = 0; i < columns; i++) {
      afterObjective |= names[i].equals(objectiveColumn);
      roles[i] = switch (names[i]) {
        case "id" -> Role.ID;
        case "name" -> Role.NAME;
        case "status" -> Role.STATUS;
        case "duration_s" -> {
          afterObjective = false;
          yield Role.DURATION;
        }
        case "started" -> Role.STARTED;
        case "failure" -> Role.FAILURE;
        default -> afterObjective || names[i].startsWith("metric.") ? Role.METRIC : Role.PARAM;
      };
    }
    ColumnReader[] readers = new ColumnReader[columns];
    Map<String, ColumnBuilder> params = new LinkedHashMap<>();
    Map<String, ColumnBuilder> metrics = new LinkedHashMap<>();
    for (int i = 0; i < columns; i++) {
      if (roles[i] == Role.PARAM || roles[i] == Role.METRIC) {
        ColumnBuilder b = new ColumnBuilder(16);
        readers[i] = new ColumnReader(b);
        String metric = names[i].startsWith("metric.") ? names[i].substring("metric.".length()) : names[i];
        (roles[i] == Role.PARAM ? params : metrics).put(roles[i] == Role.PARAM ? names[i] : metric, b);
      }
    }
    int capacity = 1024;
    long[] ids = new long[capacity];
    byte[] status = new byte[capacity];
    long[] durations = new long[capacity];
    long[] startSeconds = new long[capacity];
    int[] startNanos = new int[capacity];
    String[] failures = null;
    Table.Strings trialNames = seen.containsKey("name") ? new Table.Strings() : null;
    Map<String, Byte> statuses = new HashMap<>();
    for (TrialStatus s : TrialStatus.values()) {
      statuses.put(s.name(), (byte) s.ordinal());
    }
    int n = 0;
    long firstRecord = consumed + pos;
    while (nextRecord()) {
      if (cells == 1 && cellEnd[0] == cellStart[0] && unquoted[0] == null) {
        continue; // a blank line
      }
      if (cells != columns) {
        throw error(line, Math.min(cells, columns) + 1, "this row has " + cells + " cells, the header " + columns);
      }
      if (n == capacity) {
        // the rows so far tell how long a row is: make room for the whole file at once
        long perRow = Math.max(1, (consumed + pos - firstRecord) / n);
        capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity + (capacity >> 1), fileSize / perRow * 21 / 20 + 16));
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
      ids[n] = n;
      status[n] = (byte) TrialStatus.COMPLETED.ordinal();
      for (int i = 0; i < columns; i++) {
        switch (roles[i]) {
          case PARAM -> readers[i].param(this, i);
          case METRIC -> readers[i].metric(this, i);
          case ID -> ids[n] = longCell(i, "id", "a whole number");
          case NAME -> trialNames.add(text(i));
          case STATUS -> {
            Byte s = statuses.get(text(i));
            if (s == null) {
              throw error(line, i + 1, "status '" + text(i) + "' is none of " + Arrays.toString(TrialStatus.values()));
            }
            status[n] = s;
          }
          case DURATION -> durations[n] = isEmpty(i) ? 0 : Math.round(doubleCell(i, "duration_s", "a number of seconds") * 1e9);
          case STARTED -> {
            if (!isEmpty(i)) {
              try {
                Instant t = Instant.parse(text(i));
                startSeconds[n] = t.getEpochSecond();
                startNanos[n] = t.getNano();
              } catch (DateTimeParseException e) {
                throw error(line, i + 1, "started '" + text(i) + "' is no ISO-8601 instant such as 2026-12-01T09:30:00Z");
              }
            }
          }
          case FAILURE -> {
            if (!isEmpty(i)) {
              if (failures == null) {
                failures = new String[capacity];
              }
              failures[n] = text(i);
            }
          }
          default -> throw new AssertionError(roles[i]);
        }
      }
      n++;
    }
    Map<String, Column> paramColumns = new LinkedHashMap<>();
    params.forEach((k, b) -> paramColumns.put(k, b.build()));
    Map<String, Column> metricColumns = new LinkedHashMap<>();
    metrics.forEach((k, b) -> metricColumns.put(k, b.build()));
    // the arrays keep the few rows of room the estimate left: Table reads only its first n rows
    return new Table(n, ids, status, paramColumns, metricColumns, trialNames == null ? null : trialNames.trim(), null,
        startSeconds, startNanos, durations, failures, null);
  }

  // ---------------------------------------------------------------- cells

  /** How one parameter or metric column turns cells into values, with the byte forms of its strings so far. */
  private static final class ColumnReader {
    final ColumnBuilder builder;
    private final List<byte[]> levelBytes = new ArrayList<>();
    private final List<Object> levelValues = new ArrayList<>();

    ColumnReader(ColumnBuilder builder) {
      this.builder = builder;
    }

    void param(CsvTable t, int i) {
      if (t.isEmpty(i)) {
        builder.addAbsent();
        return;
      }
      byte[] b = t.bytes(i);
      int from = t.from(i);
      int to = t.to(i);
      if (Numbers.isLong(b, from, to)) {
        builder.addLong(Numbers.parseLong(b, from, to));
        return;
      }
      double d = Numbers.parseDouble(b, from, to);
      if (!Double.isNaN(d) || Numbers.isNaN(b, from, to)) {
        builder.addDouble(d);
        return;
      }
      builder.addLevel(level(b, from, to));
    }

    void metric(CsvTable t, int i) {
      if (t.isEmpty(i)) {
        builder.addAbsent();
        return;
      }
      double d = Numbers.parseDouble(t.bytes(i), t.from(i), t.to(i));
      if (Double.isNaN(d) && !Numbers.isNaN(t.bytes(i), t.from(i), t.to(i))) {
        throw t.error(t.line, i + 1, "metric cell '" + t.text(i) + "' is not a number");
      }
      builder.addDouble(d);
    }

    /** The value of a string cell: a boolean for true/false, else the string, the same object each time. */
    private Object level(byte[] b, int from, int to) {
      int len = to - from;
      for (int k = 0; k < levelBytes.size(); k++) {
        byte[] known = levelBytes.get(k);
        if (known.length == len && Arrays.equals(known, 0, len, b, from, to)) {
          return levelValues.get(k);
        }
      }
      String s = new String(b, from, len, StandardCharsets.UTF_8);
      Object value = switch (s) {
        case "true", "True", "TRUE" -> Boolean.TRUE;
        case "false", "False", "FALSE" -> Boolean.FALSE;
        default -> s;
      };
      if (levelBytes.size() < 64) { // a column of many strings (names, paths) is not worth the search
        levelBytes.add(Arrays.copyOfRange(b, from, to));
        levelValues.add(value);
      }
      return value;
    }
  }

  private boolean isEmpty(int i) {
    return to(i) == from(i) && unquoted[i] == null;
  }

  private byte[] bytes(int i) {
    return unquoted[i] != null ? unquoted[i] : buf;
  }

  private int from(int i) {
    return unquoted[i] != null ? 0 : cellStart[i];
  }

  private int to(int i) {
    return unquoted[i] != null ? unquoted[i].length : cellEnd[i];
  }

  private String text(int i) {
    return new String(bytes(i), from(i), to(i) - from(i), StandardCharsets.UTF_8);
  }

  private long longCell(int i, String column, String allowed) {
    if (!Numbers.isLong(bytes(i), from(i), to(i))) {
      throw error(line, i + 1, column + " '" + text(i) + "' is not " + allowed);
    }
    return Numbers.parseLong(bytes(i), from(i), to(i));
  }

  private double doubleCell(int i, String column, String allowed) {
    double d = Numbers.parseDouble(bytes(i), from(i), to(i));
    if (Double.isNaN(d) && !Numbers.isNaN(bytes(i), from(i), to(i))) {
      throw error(line, i + 1, column + " '" + text(i) + "' is not " + allowed);
    }
    return d;
  }

  private IllegalArgumentException error(long atLine, int column, String message) {
    return new IllegalArgumentException(file + ":" + atLine + ": column " + column + ": " + message);
  }

  // ---------------------------------------------------------------- records

  /**
   * Splits the next record into cells; false at the end of the file. A record without quotes is
   * cut in the one pass that finds its end; one with quotes is first brought whole into the
   * buffer (its end is the first newline outside quotes), then cut.
   */
  private boolean nextRecord() throws IOException {
    line += recordLines;
    recordLines = 1;
    cells = 0;
    if (pos >= limit && !refill()) {
      return false;
    }
    int i = pos;
    int cellFrom = pos;
    while (true) {
      if (i >= limit) {
        int moved = refillMoving();
        if (moved < 0) {
          break; // the last record has no newline
        }
        i -= moved;
        cellFrom -= moved;
        for (int c = 0; c < cells; c++) {
          cellStart[c] -= moved;
          cellEnd[c] -= moved;
        }
      }
      byte c = buf[i];
      if (c == ',') {
        addCell(cellFrom, i, null);
        cellFrom = i + 1;
      } else if (c == '\n') {
        break;
      } else if (c == '"') {
        cells = 0;
        return nextQuotedRecord();
      }
      i++;
    }
    int next = i < limit ? i + 1 : i;
    int end = i > cellFrom && buf[i - 1] == '\r' ? i - 1 : i;
    addCell(cellFrom, end, null);
    pos = next;
    return true;
  }

  /** {@link #nextRecord()} for a record with quotes, from {@code pos}. */
  private boolean nextQuotedRecord() throws IOException {
    int i = pos;
    boolean inQuotes = false;
    int newlines = 0;
    while (true) {
      if (i >= limit) {
        int moved = refillMoving();
        if (moved < 0) {
          break; // the last record has no newline
        }
        i -= moved;
      }
      byte c = buf[i];
      if (c == '"') {
        inQuotes = !inQuotes;
      } else if (c == '\n') {
        if (!inQuotes) {
          break;
        }
        newlines++;
      }
      i++;
    }
    if (inQuotes) {
      throw error(line, 1, "a quoted cell is not closed before the end of the file");
    }
    int end = i; // the newline, or the end of the file
    int next = i < limit ? i + 1 : i;
    if (end > pos && buf[end - 1] == '\r') {
      end--;
    }
    split(pos, end);
    recordLines = newlines + 1;
    pos = next;
    return true;
  }

  private long recordLines = 1; // of the record before: the header is line 1

  /** Cuts {@code buf[from, to)}, one whole record, into cells. */
  private void split(int from, int to) {
    int i = from;
    while (true) {
      if (i < to && buf[i] == '"') {
        byte[] out = new byte[16];
        int n = 0;
        i++;
        boolean closed = false;
        while (i < to) {
          if (buf[i] == '"') {
            if (i + 1 < to && buf[i + 1] == '"') {
              i++;
            } else {
              i++;
              closed = true;
              break;
            }
          }
          if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
          }
          out[n++] = buf[i++];
        }
        if (!closed) {
          throw error(line, cells + 1, "a quoted cell is not closed");
        }
        if (i < to && buf[i] != ',') {
          throw error(line, cells + 1, "a quoted cell must end at its closing quote, found '" + (char) buf[i] + "' after it");
        }
        addCell(0, 0, Arrays.copyOf(out, n));
      } else {
        int start = i;
        while (i < to && buf[i] != ',') {
          i++;
        }
        addCell(start, i, null);
      }
      if (i >= to) {
        return;
      }
      i++; // the comma
    }
  }

  private void addCell(int from, int to, byte[] value) {
    if (cells == cellStart.length) {
      cellStart = Arrays.copyOf(cellStart, cells * 2);
      cellEnd = Arrays.copyOf(cellEnd, cells * 2);
      unquoted = Arrays.copyOf(unquoted, cells * 2);
    }
    cellStart[cells] = from;
    cellEnd[cells] = to;
    unquoted[cells] = value;
    cells++;
  }

  /** {@link #refill()}, telling how far down the buffer's contents moved; -1 at the end of the file. */
  private int refillMoving() throws IOException {
    int before = pos;
    return refill() ? before : -1;
  }

  /**
   * Moves what is left from {@code pos} to the front of the buffer (growing it when one record
   * fills it) and reads more after it; false at the end of the file. Indices into the buffer move
   * down by the {@code pos} before the call.
   */
  private boolean refill() throws IOException {
    if (eof) {
      return false;
    }
    int keep = limit - pos;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, keep);
      consumed += pos;
    } else if (keep == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    pos = 0;
    limit = keep;
    int read = in.readNBytes(buf, limit, buf.length - limit);
    if (read <= 0) {
      eof = true;
      return false;
    }
    limit += read;
    return true;
  }

  /** Parsing numbers from bytes, without making strings for the common ones. */
  static final class Numbers {
    private static final double[] POWERS = new double[23];

    static {
      POWERS[0] = 1;
      for (int i = 1; i < POWERS.length; i++) {
        POWERS[i] = POWERS[i - 1] * 10;
      }
    }

    private Numbers() {}

    /** An optional sign and 1 to 18 digits. */
    static boolean isLong(byte[] b, int from, int to) {
      int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
      if (i == to || to - i > 18) {
        return false;
      }
      for (; i < to; i++) {
        if (b[i] < '0' || b[i] > '9') {
          return false;
        }
      }
      return true;
    }

    static long parseLong(byte[] b, int from, int to) {
      boolean negative = b[from] == '-';
      int i = b[from] == '-' || b[from] == '+' ? from + 1 : from;
      long v = 0;
      for (; i < to; i++) {
        v = v * 10 + (b[i] - '0');
      }
      return negative ? -v : v;
    }

    static boolean isNaN(byte[] b, int from, int to) {
      int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
      return is(b, i, to, "nan");
    }

    /** Whether {@code b[from, to)} is {@code word} (lower case ASCII), in any case. */
    private static boolean is(byte[] b, int from, int to, String word) {
      if (to - from != word.length()) {
        return false;
      }
      for (int i = 0; i < word.length(); i++) {
        if ((b[from + i] | 0x20) != word.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /**
     * A decimal number: exact from the digits where the significand has at most 15 digits and the
     * power of ten at most 22 (one correctly rounded operation on exact doubles), otherwise as
     * {@link Double#parseDouble} reads it; NaN where it is no number (and for {@code nan}); the
     * infinities as {@code inf} and {@code Infinity} with an optional sign.
     */
    static double parseDouble(byte[] b, int from, int to) {
      int i = from;
      boolean negative = false;
      if (i < to && (b[i] == '-' || b[i] == '+')) {
        negative = b[i] == '-';
        i++;
      }
      long m = 0;
      int digits = 0;
      int scale = 0;
      boolean any = false;
      for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
        any = true;
        if (m == 0 && b[i] == '0') {
          continue; // leading zeros count for nothing
        }
        if (digits < 18) {
          m = m * 10 + (b[i] - '0');
          digits++;
        } else {
          return slow(b, from, to);
        }
      }
      if (i < to && b[i] == '.') {
        i++;
        for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
          any = true;
          if (m == 0 && b[i] == '0') {
            scale++;
            continue;
          }
          if (digits < 18) {
            m = m * 10 + (b[i] - '0');
            digits++;
            scale++;
          } else {
            return slow(b, from, to);
          }
        }
      }
      if (!any) {
        return special(b, from, to);
      }
      int exponent = 0;
      if (i < to && (b[i] == 'e' || b[i] == 'E')) {
        i++;
        boolean negativeExponent = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
          negativeExponent = b[i] == '-';
          i++;
        }
        int start = i;
        for (; i < to && b[i] >= '0' && b[i] <= '9' && i - start < 6; i++) {
          exponent = exponent * 10 + (b[i] - '0');
        }
        if (i == start) {
          return Double.NaN;
        }
        exponent = negativeExponent ? -exponent : exponent;
      }
      if (i != to) {
        return i < to && (b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9')) ? slow(b, from, to) : Double.NaN;
      }
      int e = exponent - scale;
      double v;
      if (m == 0) {
        v = 0;
      } else if (digits <= 15 && e >= -22 && e <= 22) {
        v = e >= 0 ? m * POWERS[e] : m / POWERS[-e];
      } else {
        return slow(b, from, to);
      }
      return negative ? -v : v;
    }

    private static double slow(byte[] b, int from, int to) {
      try {
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    private static double special(byte[] b, int from, int to) {
      int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
      if (is(b, i, to, "inf") || is(b, i, to, "infinity")) {
        return b[from] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      return Double.NaN;
    }
  }
}
