package dev.sweep.population;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The records of a CSV file (RFC 4180), one at a time, cut into cells in place: a cell is a range
 * of the read buffer, or, where it was quoted, a byte array of its own. Nothing is decoded until a
 * cell is asked for as text, so a reader can parse numbers straight from the bytes ({@link
 * CsvNumbers}). Errors name the file, the line and the column.
 */
final class CsvRecords {
  private static final int BUFFER = 1 << 20;

  private final Path file;
  private final InputStream in;
  private byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;
  private boolean eof;
  private long line = 0; // of the record being read
  private long recordLines = 1; // of the record before: the header is line 1
  private long consumed; // bytes before buf[0]
  // the cells of the current record: [cellStart[i], cellEnd[i]) of buf, or of unquoted[i] if quoted
  private int cells;
  private int[] cellStart = new int[32];
  private int[] cellEnd = new int[32];
  private byte[][] unquoted = new byte[32][];

  CsvRecords(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** The line the current record starts on, 1-based. */
  long line() {
    return line;
  }

  /** The bytes of the file read so far, up to the start of the next record. */
  long offset() {
    return consumed + pos;
  }

  /** How many cells the current record has. */
  int cells() {
    return cells;
  }

  /** Whether the current record is a blank line: one empty cell, unquoted. */
  boolean isBlankLine() {
    return cells == 1 && cellEnd[0] == cellStart[0] && unquoted[0] == null;
  }

  // ---------------------------------------------------------------- cells

  boolean isEmpty(int i) {
    return to(i) == from(i) && unquoted[i] == null;
  }

  byte[] bytes(int i) {
    return unquoted[i] != null ? unquoted[i] : buf;
  }

  int from(int i) {
    return unquoted[i] != null ? 0 : cellStart[i];
  }

  int to(int i) {
    return unquoted[i] != null ? unquoted[i].length : cellEnd[i];
  }

  String text(int i) {
    return new String(bytes(i), from(i), to(i) - from(i), StandardCharsets.UTF_8);
  }

  long longCell(int i, String column, String allowed) {
    if (!CsvNumbers.isLong(bytes(i), from(i), to(i))) {
      throw error(line, i + 1, column + " '" + text(i) + "' is not " + allowed);
    }
    return CsvNumbers.parseLong(bytes(i), from(i), to(i));
  }

  double doubleCell(int i, String column, String allowed) {
    double d = CsvNumbers.parseDouble(bytes(i), from(i), to(i));
    if (Double.isNaN(d) && !CsvNumbers.isNaN(bytes(i), from(i), to(i))) {
      throw error(line, i + 1, column + " '" + text(i) + "' is not " + allowed);
    }
    return d;
  }

  IllegalArgumentException error(long atLine, int column, String message) {
    return new IllegalArgumentException(
        file + ":" + atLine + ": column " + column + ": " + message);
  }

  // ---------------------------------------------------------------- records

  /**
   * Splits the next record into cells; false at the end of the file. A record without quotes is cut
   * in the one pass that finds its end; one with quotes is first brought whole into the buffer (its
   * end is the first newline outside quotes), then cut.
   */
  boolean next() throws IOException {
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
        return nextQuoted();
      }
      i++;
    }
    int next = i < limit ? i + 1 : i;
    int end = i > cellFrom && buf[i - 1] == '\r' ? i - 1 : i;
    addCell(cellFrom, end, null);
    pos = next;
    return true;
  }

  /** {@link #next()} for a record with quotes, from {@code pos}. */
  private boolean nextQuoted() throws IOException {
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
    recordLines = newlines + 1L;
    pos = next;
    return true;
  }

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
          throw error(
              line,
              cells + 1,
              "a quoted cell must end at its closing quote, found '"
                  + (char) buf[i]
                  + "' after it");
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

  /**
   * {@link #refill()}, telling how far down the buffer's contents moved; -1 at the end of the file.
   */
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
}
