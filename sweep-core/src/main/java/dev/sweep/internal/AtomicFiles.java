package dev.sweep.internal;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
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

  /**
   * What a streamed file holds, written to {@code out}; closing {@code out} only flushes it (the
   * file is closed, forced and renamed afterwards).
   */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code file} with what {@code content} writes, atomically and without forcing it to
   * disk, as {@link #write(Path, byte[])} does, for files too large to hold in memory first.
   */
  public static void write(Path file, Content content) throws IOException {
    write(file, content, false);
  }

  private static void write(Path file, byte[] content, boolean force) throws IOException {
    write(file, out -> out.write(content), force);
  }

  private static void write(Path file, Content content, boolean force) throws IOException {
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
      // Made so, not by createTempFile, it keeps the umask's mode rather than the owner's alone.
      Files.deleteIfExists(tmp);
      try (FileChannel channel =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(new FlushOnClose(out));
        out.flush();
        if (force) {
          channel.force(true);
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

  /** Lets a writer close what it writes to (Jackson does) while the file is still to be forced. */
  private static final class FlushOnClose extends FilterOutputStream {
    FlushOnClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len); // not FilterOutputStream's byte at a time
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
