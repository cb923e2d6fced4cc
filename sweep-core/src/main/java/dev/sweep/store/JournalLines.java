package dev.sweep.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A journal file read line by line as bytes, in a buffer of bounded size, never as one string: each
 * line comes with its number, its byte offset and whether it ended with a newline (a torn last line
 * does not). {@link #problem} says what is wrong with a line that is not one JSON event. Not
 * thread-safe.
 */
final class JournalLines implements AutoCloseable {
  /** The longest line read; a longer one is reported as a bad line of this length, not held. */
  static final int MAX_LINE = 64 << 20;

  private static final JsonFactory JSON = Journal.JSON.getFactory();

  private final InputStream in;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[1024];
  private int length;
  private boolean complete;
  private boolean oversized;
  private long lineNo;
  private long offset;
  private long nextOffset;

  JournalLines(Path file) throws IOException {
    this(file, 0, 0);
  }

  /** Reads on from byte {@code offset}, where line {@code lineNo} + 1 starts. */
  JournalLines(Path file, long offset, long lineNo) throws IOException {
    this.in = Files.newInputStream(file);
    long skipped = 0;
    while (skipped < offset) {
      long n = in.skip(offset - skipped);
      if (n <= 0) {
        break;
      }
      skipped += n;
    }
    this.offset = skipped;
    this.nextOffset = skipped;
    this.lineNo = lineNo;
  }

  /** Reads the next line; false at the end of the file. */
  boolean next() throws IOException {
    offset = nextOffset;
    length = 0;
    oversized = false;
    long total = 0;
    while (true) {
      if (chunkPos == chunkEnd) {
        chunkEnd = in.read(chunk, 0, chunk.length);
        chunkPos = 0;
        if (chunkEnd <= 0) {
          chunkEnd = 0;
          complete = false;
          nextOffset = offset + total;
          if (total == 0) {
            return false;
          }
          lineNo++;
          return true;
        }
      }
      int end = chunkPos;
      while (end < chunkEnd && chunk[end] != '\n') {
        end++;
      }
      int n = end - chunkPos;
      append(n);
      total += n;
      boolean newline = end < chunkEnd;
      chunkPos = newline ? end + 1 : end;
      if (newline) {
        complete = true;
        nextOffset = offset + total + 1;
        lineNo++;
        return true;
      }
    }
  }

  private void append(int n) {
    if (oversized || n == 0) {
      return;
    }
    if (length + n > MAX_LINE) {
      oversized = true;
      line = new byte[1024];
      length = 0;
      return;
    }
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(length + n, line.length * 2)));
    }
    System.arraycopy(chunk, chunkPos, line, length, n);
    length += n;
  }

  /** The line's bytes, without its newline: {@code bytes()[0..length())}. */
  byte[] bytes() {
    return line;
  }

  int length() {
    return length;
  }

  /** Its length in bytes, without the newline, even when it was too long to keep. */
  long size() {
    return nextOffset - offset - (complete ? 1 : 0);
  }

  /** Whether it ended with a newline: a line without one is torn, its write never finished. */
  boolean complete() {
    return complete;
  }

  /** The line's number, from 1. */
  long lineNo() {
    return lineNo;
  }

  /** The byte offset where it starts. */
  long offset() {
    return offset;
  }

  boolean isBlank() {
    if (oversized) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * What keeps the current line from being one JSON event (a JSON object in UTF-8 with nothing
   * after it), with its column from 1; null when it is one.
   */
  String problem() {
    if (oversized) {
      return "longer than " + MAX_LINE + " bytes (" + size() + ")";
    }
    return problem(line, 0, length);
  }

  static String problem(byte[] b, int from, int to) {
    String encoding = utf8Problem(b, from, to);
    if (encoding != null) {
      return encoding;
    }
    try (JsonParser p = JSON.createParser(b, from, to - from)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return notAnObject();
      }
      p.skipChildren();
      return trailing(p);
    } catch (JsonParseException e) {
      return notJson(e);
    } catch (IOException e) {
      return "not JSON: " + e.getMessage();
    }
  }

  /** The first byte that is not UTF-8, as a problem; null if there is none. */
  static String utf8Problem(byte[] b, int from, int to) {
    int bad = firstInvalidUtf8(b, from, to);
    return bad < 0
        ? null
        : "column "
            + (bad - from + 1)
            + ": not UTF-8 (byte 0x"
            + String.format("%02x", b[bad] & 0xff)
            + ")";
  }

  static String notAnObject() {
    return "column 1: not a JSON object";
  }

  /** After the object's end: null, or the problem of what follows it. */
  static String trailing(JsonParser p) throws IOException {
    return p.nextToken() == null
        ? null
        : "column " + p.currentTokenLocation().getColumnNr() + ": more after the JSON object";
  }

  static String notJson(JsonParseException e) {
    return "column " + e.getLocation().getColumnNr() + ": not JSON: " + e.getOriginalMessage();
  }

  /**
   * The index of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or >
   * U+10FFFF); -1 if none.
   */
  static int firstInvalidUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      int n;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + n >= to) {
        return i;
      }
      int cp = c & (0x3f >> n);
      for (int k = 1; k <= n; k++) {
        int cont = b[i + k] & 0xff;
        if ((cont & 0xc0) != 0x80) {
          return i;
        }
        cp = (cp << 6) | (cont & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return i;
      }
      i += n + 1;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
