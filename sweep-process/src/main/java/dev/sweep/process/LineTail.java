package dev.sweep.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a file that another process appends to, as {@code tail -f} does: each {@link #poll()}
 * returns the lines completed since the last one. A line not yet ended by {@code \n} waits for the
 * next poll, or for {@link #finish()}. Lines are decoded as UTF-8, with a final {@code \r} removed.
 * Not thread-safe; one trial's thread polls it.
 */
final class LineTail {
  /** Lines longer than this are cut, so that a runaway writer cannot exhaust memory. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private static final int CHUNK = 1 << 16;

  private final Path file;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private ByteBuffer buffer; // allocated when there is something to read: most logs stay empty
  private long position;
  private long lineNumber; // of the last line returned
  private boolean cut;

  LineTail(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** The number of the last line returned, from 1. */
  long lineNumber() {
    return lineNumber;
  }

  /** The lines completed since the last call; none if the file does not exist yet. */
  List<String> poll() {
    List<String> lines = new ArrayList<>();
    try (FileChannel channel = open(file)) {
      if (channel.size() < position) {
        position = 0; // truncated or replaced: start over
        partial.reset();
      }
      long unread = channel.size() - position;
      if (unread == 0) {
        return lines;
      }
      if (buffer == null || buffer.capacity() < Math.min(unread, CHUNK)) {
        buffer = ByteBuffer.allocate((int) Math.min(Math.max(unread, 4096), CHUNK));
      }
      channel.position(position);
      int n;
      while ((n = channel.read(buffer.clear())) > 0) {
        position += n;
        byte[] bytes = buffer.array();
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (bytes[i] == '\n') {
            append(bytes, start, i - start);
            lines.add(take());
            start = i + 1;
          }
        }
        append(bytes, start, n - start);
      }
    } catch (NoSuchFileException e) {
      return lines; // none yet
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + reason(file, e), e);
    }
    return lines;
  }

  /**
   * Opens a file of a trial folder for reading, never through a link: a trial that replaced its log
   * with a link to another file must not have the sweep read (and quote) that file.
   */
  static FileChannel open(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(file)) {
      // a FIFO or a device would block the trial's thread in open or read
      throw new IOException(file + " is not a regular file");
    }
    return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  private static String reason(Path file, IOException e) {
    return Files.isSymbolicLink(file)
        ? "it is a symbolic link, and the sweep follows none in a trial folder"
        : e.getMessage();
  }

  /** The lines completed since the last call, and the last line even if it has no {@code \n}. */
  List<String> finish() {
    List<String> lines = poll();
    if (partial.size() > 0 || cut) {
      lines.add(take());
    }
    return lines;
  }

  private void append(byte[] bytes, int from, int length) {
    int room = MAX_LINE_BYTES - partial.size();
    if (length > room) {
      cut = true;
    }
    partial.write(bytes, from, Math.min(length, Math.max(0, room)));
  }

  private String take() {
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    cut = false;
    lineNumber++;
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /**
   * The last {@code n} lines of a file, each cut to {@code width} characters; empty if it does not
   * exist or is empty. Reads at most its last 64 KiB.
   */
  static List<String> last(Path file, int n, int width) {
    byte[] tail;
    try (FileChannel channel = open(file)) {
      long size = channel.size();
      long from = Math.max(0, size - CHUNK);
      ByteBuffer bytes = ByteBuffer.allocate((int) (size - from));
      channel.read(bytes, from);
      tail = bytes.array();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + reason(file, e) + ")");
    }
    String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> lines = List.of(text.split("\r?\n", -1));
    List<String> lastLines = new ArrayList<>();
    for (String line : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
      lastLines.add(line.length() > width ? line.substring(0, width) + " …" : line);
    }
    return lastLines;
  }

  static boolean isEmpty(Path file) {
    try {
      return !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) == 0;
    } catch (IOException e) {
      return true;
    }
  }
}
