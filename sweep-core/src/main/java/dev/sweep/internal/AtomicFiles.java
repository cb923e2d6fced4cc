package dev.sweep.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes whole files so that a reader, or a crash, sees either the old content or the new, never a
 * part: a temporary file beside the target, forced to disk, then renamed over it.
 */
public final class AtomicFiles {
  /**
   * Temporary files end with this; {@link dev.sweep.store.SweepFolder} removes leftovers when it
   * opens.
   */
  public static final String TEMP_SUFFIX = ".sweep-tmp";

  private AtomicFiles() {}

  /**
   * Replaces {@code file} with {@code content} atomically, without forcing it to disk: a killed
   * process leaves the old or the new file, and the sweep's journal (which is forced) can rebuild
   * it after a power cut. This is what trial files use; a flush per file would cost milliseconds.
   */
  public static void write(Path file, byte[] content) throws IOException {
    write(file, content, false);
  }

  /**
   * Replaces {@code file} with {@code content} atomically and forces it to disk before the rename.
   */
  public static void writeDurably(Path file, byte[] content) throws IOException {
    write(file, content, true);
  }

  private static void write(Path file, byte[] content, boolean force) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp =
        dir.resolve(
            "."
                + file.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + Thread.currentThread().getId()
                + TEMP_SUFFIX);
    try {
      // A new file, never a link: whatever a trial left under this name is removed, not followed.
      Files.deleteIfExists(tmp);
      try (FileChannel out =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        if (force) {
          out.force(true);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Makes {@code file} a new, empty regular file: whatever was there (a file, or a link, which is
   * removed and not followed) is gone first. For the files a process writes through a name the
   * sweep opens for it, in a folder the process itself could have changed.
   */
  public static void replaceWithEmpty(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.newByteChannel(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)
        .close();
  }

  /** Replaces {@code file} with {@code text} (UTF-8) atomically. */
  public static void write(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
