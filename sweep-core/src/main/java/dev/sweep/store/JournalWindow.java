package dev.sweep.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A piece of the journal kept in memory, so that reading trials in order reads each block once. The
 * journal only grows by appends, so a line stays where a replay found it, unless the file was
 * replaced: each read from the file checks that it is still the one replayed. Not thread-safe.
 */
final class JournalWindow {
  private static final int SIZE = 1 << 20;

  private final Path file;
  private final Object fileKey; // null: no journal, or a file system without keys
  private byte[] data = new byte[0];
  private long start = -1;
  private int length;

  JournalWindow(Path file, Object fileKey) {
    this.file = file;
    this.fileKey = fileKey;
  }

  /**
   * What identifies the file on its file system (null if nothing does): a replaced file has
   * another.
   */
  static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  /**
   * A buffer that holds the {@code n} bytes at file offset {@code at}, from {@link #offset(long)}.
   */
  byte[] bytes(long at, int n) throws IOException {
    if (start < 0 || at < start || at + n > start + length) {
      fill(at, n);
    }
    return data;
  }

  /** Where file offset {@code at} is in the buffer {@link #bytes} returned. */
  int offset(long at) {
    return (int) (at - start);
  }

  private void fill(long at, int n) throws IOException {
    if (!Objects.equals(fileKey(file), fileKey)) {
      throw new StoreException(
          file + " was replaced while it was read (by `sweep repair`?); run the command again");
    }
    int want = Math.max(n, SIZE);
    if (data.length < want) {
      data = new byte[want];
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(data, 0, want);
      while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) > 0) {
        // read on until the window is full or the file ends
      }
      if (buffer.position() < n) {
        throw new StoreException(file + " was cut while it was read; run the command again");
      }
      start = at;
      length = buffer.position();
    }
  }
}
