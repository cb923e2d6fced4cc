package dev.sweep.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only event log of a sweep folder, one JSON object per line: the single source of truth
 * from which a resumed sweep rebuilds its state.
 *
 * <p>Each event is written with one {@code write} of a whole line, so a killed driver leaves at
 * most one torn last line, which reading ignores and opening for append cuts off. Events that
 * record a result are forced to disk at most every {@link #FORCE_INTERVAL_NANOS} (group commit): a
 * killed process loses nothing, a power cut at most the results of that interval. Thread-safe.
 */
final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final long FORCE_INTERVAL_NANOS = 200_000_000L;

  private final Path file;
  private final FileChannel channel;
  private final Object
      fileKey; // the file's identity (device and inode), to notice it deleted or replaced
  private long lastForce = System.nanoTime();
  private boolean dirty;
  private StoreWriteException broken; // the failed write after which no event is appended

  private Journal(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.fileKey =
        Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  /** Opens (creating if needed) the journal for appending, first cutting off a torn last line. */
  static Journal open(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long size = channel.size();
    long end = size;
    if (size > 0) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      if (last.get(0) != '\n') {
        end = lastNewline(channel, size) + 1;
        log.warn("{}: cut a torn last line ({} bytes) left by a crash", file, size - end);
        channel.truncate(end);
      }
    }
    channel.position(end);
    return new Journal(file, channel);
  }

  private static long lastNewline(FileChannel channel, long size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    long pos = size;
    while (pos > 0) {
      int n = (int) Math.min(buffer.capacity(), pos);
      pos -= n;
      buffer.clear().limit(n);
      channel.read(buffer, pos);
      for (int i = n - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          return pos + i;
        }
      }
    }
    return -1;
  }

  /**
   * Appends one event; {@code durable} events are forced to disk by the group commit.
   *
   * <p>A write that fails part-way (a full disk) is cut back to the last whole line, and the
   * journal takes no event after it: a later event must never follow a torn line, and the events of
   * a sweep that goes on without its journal would be lost anyway.
   *
   * @throws StoreWriteException if this write, or an earlier one, failed
   */
  synchronized void append(Map<String, Object> event, boolean durable) {
    if (broken != null) {
      throw new StoreWriteException(
          "the journal "
              + file
              + " takes no more events after a failed write ("
              + broken.reason()
              + ")",
          broken.reason(),
          broken);
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "an event of the journal cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
    long start = -1;
    try {
      start = channel.position();
      ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
      while (line.hasRemaining()) {
        channel.write(line);
      }
      dirty |= durable;
      if (dirty && System.nanoTime() - lastForce >= FORCE_INTERVAL_NANOS) {
        force();
      }
    } catch (IOException e) {
      throw fail("write", e, start);
    }
  }

  /**
   * Marks the journal broken after a failed write, cutting what the write left off at {@code
   * start}.
   */
  private StoreWriteException fail(String what, IOException e, long start) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    String cut = "";
    if (start >= 0) {
      try {
        channel.truncate(start);
        channel.position(start);
      } catch (IOException again) {
        cut = "; a part of the event may be left as a torn last line, which the next run cuts off";
      }
    }
    broken =
        new StoreWriteException(
            "cannot " + what + " the journal " + file + ": " + reason + cut, reason, e);
    return broken;
  }

  private void forceQuietly() {
    try {
      channel.force(false);
    } catch (IOException e) {
      // the failure that broke the journal was reported; this one adds nothing
    }
  }

  private void force() throws IOException {
    channel.force(false);
    dirty = false;
    lastForce = System.nanoTime();
    if (!isInPlace()) { // looked at with each group commit, not each event: a stat per event would
      // cost
      throw new IOException(
          "the file is gone or was replaced while the sweep ran (was the sweep folder deleted?)");
    }
  }

  /**
   * Whether the journal file is still the one this journal writes: a trial that deleted or replaced
   * the sweep folder (or the journal) leaves this journal writing to a file no one reads.
   */
  private boolean isInPlace() {
    try {
      Object open =
          Files.readAttributes(
                  file,
                  java.nio.file.attribute.BasicFileAttributes.class,
                  java.nio.file.LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      return open == null || open.equals(fileKey);
    } catch (IOException gone) {
      return false;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel.isOpen()) {
      try {
        if (broken == null) {
          try {
            force();
          } catch (IOException e) {
            throw fail("close", e, -1);
          }
        } else {
          forceQuietly(); // what was appended before the failed write is still to be kept
        }
      } finally {
        channel.close();
      }
    }
  }

  /**
   * Every complete event of a journal file, in order; a torn last line is skipped. Read line by
   * line, for tests and tools; replay reads the journal without building trees ({@link Replay}).
   *
   * @throws StoreException naming the file and line of a malformed complete line
   */
  static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    try (JournalLines lines = new JournalLines(file)) {
      while (lines.next() && lines.complete()) {
        if (lines.isBlank()) {
          continue;
        }
        String problem = lines.problem();
        if (problem != null) {
          throw ReplayScan.badLine(file, lines.lineNo(), problem);
        }
        events.add(JSON.readTree(lines.bytes(), 0, lines.length()));
      }
    }
    return events;
  }
}
