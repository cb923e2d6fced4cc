package dev.sweep.store;

import static java.util.Objects.requireNonNull;

import dev.sweep.internal.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link SweepFolder#repair} did to a journal: how many events it kept, and each line (or part
 * of a line) it dropped. Immutable.
 *
 * @param journal the journal file
 * @param kept the whole events kept, in their order
 * @param dropped the lines dropped, the first {@link #MAX_LISTED} of them
 * @param droppedLines how many lines were dropped in all
 * @param droppedBytes how many bytes they held, newlines included
 * @param backup the copy of the journal as it was, beside it; empty when nothing was dropped
 */
public record JournalRepair(
    Path journal,
    long kept,
    List<Dropped> dropped,
    long droppedLines,
    long droppedBytes,
    Optional<Path> backup) {
  /** The most dropped lines listed one by one; the counts cover them all. */
  public static final int MAX_LISTED = 1000;

  private static final int EXCERPT = 80;
  private static final byte[] EVENT_START = "{\"event\":".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public JournalRepair {
    requireNonNull(journal, "journal == null");
    dropped = List.copyOf(dropped);
    requireNonNull(backup, "backup == null");
  }

  /**
   * A line, or the start of a line, that repair dropped.
   *
   * @param line its number in the old journal, from 1
   * @param offset the byte offset where it starts
   * @param bytes how many bytes were dropped (a whole event found after a torn one on the same line
   *     is kept)
   * @param reason why: not UTF-8, not JSON, torn, ... with the column
   * @param excerpt its first bytes, with anything but printable ASCII escaped
   */
  public record Dropped(long line, long offset, long bytes, String reason, String excerpt) {
    @Override
    public String toString() {
      return "line "
          + line
          + " ("
          + bytes
          + " bytes at offset "
          + offset
          + "): "
          + reason
          + ": \""
          + excerpt
          + "\"";
    }
  }

  /** Whether the journal was whole: nothing dropped, nothing rewritten. */
  public boolean clean() {
    return droppedLines == 0;
  }

  /**
   * Rewrites {@code file} keeping every whole event: the repaired journal is written beside it,
   * forced to disk and renamed over it, after the old one is linked (or copied) to {@code
   * journal.jsonl.bak-<time>}. The caller holds the folder's lock.
   */
  static JournalRepair repair(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + file.getFileName() + ".repair" + AtomicFiles.TEMP_SUFFIX);
    List<Dropped> dropped = new ArrayList<>();
    long kept = 0;
    long droppedLines = 0;
    long droppedBytes = 0;
    try {
      Files.deleteIfExists(tmp); // a new file, never a link someone left under the name
      try (JournalLines lines = new JournalLines(file);
          FileChannel channel =
              FileChannel.open(
                  tmp,
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS);
          OutputStream out =
              new BufferedOutputStream(
                  java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
        while (lines.next()) {
          long lineBytes = lines.size() + (lines.complete() ? 1 : 0);
          String problem =
              lines.complete()
                  ? (lines.isBlank() ? "blank" : lines.problem())
                  : "torn: no newline at its end";
          if (problem == null) {
            out.write(lines.bytes(), 0, lines.length());
            out.write('\n');
            kept++;
            continue;
          }
          int from = lines.complete() ? wholeEventAfter(lines.bytes(), lines.length()) : -1;
          long lost = from < 0 ? lineBytes : from;
          if (from >= 0) {
            out.write(lines.bytes(), from, lines.length() - from);
            out.write('\n');
            kept++;
            problem += "; the whole event after it on the same line is kept";
          }
          droppedLines++;
          droppedBytes += lost;
          if (dropped.size() < MAX_LISTED) {
            dropped.add(
                new Dropped(
                    lines.lineNo(),
                    lines.offset(),
                    lost,
                    problem,
                    excerpt(
                        lines.bytes(),
                        Math.min(lines.length(), from < 0 ? lines.length() : from),
                        column(problem))));
          }
        }
        out.flush();
        channel.force(true);
      }
      if (droppedLines == 0) {
        return new JournalRepair(file, kept, dropped, 0, 0, Optional.empty());
      }
      Path backup = dir.resolve(file.getFileName() + ".bak-" + STAMP.format(Instant.now()));
      for (int n = 2; Files.exists(backup); n++) {
        backup = dir.resolve(file.getFileName() + ".bak-" + STAMP.format(Instant.now()) + "-" + n);
      }
      try {
        Files.createLink(backup, file);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      forceDirectory(dir);
      return new JournalRepair(
          file, kept, dropped, droppedLines, droppedBytes, Optional.of(backup));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Where a whole event starts after the line's first byte, as when a torn write was followed by
   * the next event on the same line; -1 if none does.
   */
  static int wholeEventAfter(byte[] line, int length) {
    for (int at = indexOf(line, length, 1); at >= 0; at = indexOf(line, length, at + 1)) {
      if (JournalLines.problem(line, at, length) == null) {
        return at;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] line, int length, int from) {
    outer:
    for (int i = from; i + EVENT_START.length <= length; i++) {
      for (int k = 0; k < EVENT_START.length; k++) {
        if (line[i + k] != EVENT_START[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The column a problem names ({@code column 48: ...}), from 1; 1 if it names none. */
  private static int column(String problem) {
    if (!problem.startsWith("column ")) {
      return 1;
    }
    try {
      return Integer.parseInt(problem.substring(7, problem.indexOf(':')));
    } catch (RuntimeException e) {
      return 1;
    }
  }

  /**
   * Some bytes of a line, from its start or from a little before the {@code column} where it
   * breaks, with anything but printable ASCII escaped ({@code \xff}: bytes, not decoded).
   */
  static String excerpt(byte[] line, int length, int column) {
    StringBuilder s = new StringBuilder();
    int i = column - 1 > EXCERPT / 2 ? Math.min(length, column - 1 - EXCERPT / 4) : 0;
    if (i > 0) {
      s.append("...");
    }
    for (; i < length && s.length() < EXCERPT; i++) {
      int b = line[i] & 0xff;
      if (b == '"' || b == '\\') {
        s.append('\\').append((char) b);
      } else if (b >= 0x20 && b < 0x7f) {
        s.append((char) b);
      } else {
        s.append(String.format("\\x%02x", b));
      }
    }
    return i < length ? s.append("...").toString() : s.toString();
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot open a folder; the rename is still atomic
    }
  }
}
