package dev.sweep.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep folder's lock: an operating-system file lock on {@value SweepFolder#LOCK}, whose text
 * names the holder for people ({@link LockHolder}). The OS lock is the truth: while a process holds
 * it nobody takes the folder, and once it is free the text is stale whatever it says. One stale
 * text is still respected: one naming another host is taken over only when forced, because on a
 * network file system without lock support another host's lock does not show here.
 */
final class FolderLock {
  private static final Logger log = LoggerFactory.getLogger(FolderLock.class);

  /** At most this much of a lock file is read: a driver writes one short line. */
  private static final int MAX_TEXT = 4096;

  private static final OpenOption[] TAKE = {
    StandardOpenOption.CREATE,
    StandardOpenOption.READ,
    StandardOpenOption.WRITE,
    LinkOption.NOFOLLOW_LINKS
  };
  private static final OpenOption[] PROBE = {
    StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS
  };

  /**
   * The lock files this JVM holds, by real path. POSIX drops every lock a process has on a file
   * when any of its descriptors of that file closes, so a held lock file is never opened again in
   * this JVM, not even to be read. This is the process's state, as its locks are, not a sweep's;
   * guarded by the class's monitor.
   */
  private static final Map<Path, FolderLock> HELD = new HashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final LockHolder holder;

  private FolderLock(Path file, FileChannel channel, FileLock lock, LockHolder holder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /**
   * Takes the lock of the existing folder {@code dir} for this process and writes its text.
   *
   * @throws StoreException if a process holds it, or (unless {@code forceUnlock}) its stale text
   *     names another host
   */
  static synchronized FolderLock take(Path dir, boolean forceUnlock) throws IOException {
    Path file = lockFile(dir);
    refuseIfHeldHere(dir, file, forceUnlock);
    FileChannel channel = FileChannel.open(file, TAKE);
    try {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw inUse(dir, LockHolder.parse(readText(channel)), forceUnlock);
      }
      stale(dir, channel, forceUnlock)
          .ifPresent(old -> log.info("sweep folder {}: {}", dir, old.takeOverNote()));
      LockHolder me = LockHolder.current();
      channel.truncate(0);
      ByteBuffer text = ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8));
      while (text.hasRemaining()) {
        channel.write(text, text.position());
      }
      FolderLock taken = new FolderLock(file, channel, lock, me);
      HELD.put(file, taken);
      return taken;
    } catch (IOException | RuntimeException | Error e) {
      try {
        channel.close(); // releases the lock, if it was taken
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Checks that {@link #take} would succeed now, writing nothing and keeping nothing.
   *
   * @return the stale holder that taking the lock would replace
   * @throws StoreException as {@link #take} would
   */
  static synchronized Optional<LockHolder> check(Path dir, boolean forceUnlock) throws IOException {
    if (!Files.exists(dir.resolve(SweepFolder.LOCK), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Path file = lockFile(dir);
    refuseIfHeldHere(dir, file, forceUnlock);
    try (FileChannel channel = FileChannel.open(file, PROBE)) {
      if (tryLock(channel) == null) {
        throw inUse(dir, LockHolder.parse(readText(channel)), forceUnlock);
      }
      return stale(dir, channel, forceUnlock); // closing the channel releases the lock
    }
  }

  /** The holder the lock file of {@code dir} names; this JVM's own if it holds it. */
  static synchronized Optional<LockHolder> holder(Path dir) {
    if (!Files.exists(dir.resolve(SweepFolder.LOCK), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      Path file = lockFile(dir);
      FolderLock mine = HELD.get(file);
      if (mine != null) {
        return Optional.of(mine.holder);
      }
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return LockHolder.parse(readText(channel));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Empties the text and releases the lock. Idempotent. */
  void release() throws IOException {
    synchronized (FolderLock.class) {
      try {
        if (lock.isValid()) {
          channel.truncate(0);
          lock.release();
        }
        channel.close();
      } finally {
        HELD.remove(file, this);
      }
    }
  }

  private static Path lockFile(Path dir) throws IOException {
    return dir.toRealPath().resolve(SweepFolder.LOCK);
  }

  private static void refuseIfHeldHere(Path dir, Path file, boolean forceUnlock) {
    FolderLock mine = HELD.get(file);
    if (mine != null) {
      throw inUse(dir, Optional.of(mine.holder), forceUnlock);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) { // this JVM holds it through a channel of its own
      return null;
    }
  }

  /**
   * The holder whose text a free lock still carries, unless it is this process or none; a text
   * naming another host is refused unless {@code forceUnlock}.
   */
  private static Optional<LockHolder> stale(Path dir, FileChannel channel, boolean forceUnlock)
      throws IOException {
    Optional<LockHolder> old = LockHolder.parse(readText(channel)).filter(h -> !h.isThisProcess());
    if (old.isPresent() && !old.get().isLocal() && !forceUnlock) {
      LockHolder h = old.get();
      throw new StoreException(
          "sweep folder "
              + dir
              + " is locked by a driver on another host ("
              + h
              + "): this host "
              + "cannot tell whether it still runs, and a network file system may not show its lock here. If no driver "
              + "runs on "
              + h.host()
              + ", force the unlock: --force-unlock on the command line, forceUnlock(true) on a "
              + "Sweep.Builder");
    }
    return old;
  }

  private static StoreException inUse(Path dir, Optional<LockHolder> holder, boolean forceUnlock) {
    return new StoreException(
        "sweep folder "
            + dir
            + " is in use by another driver ("
            + holder.map(LockHolder::toString).orElse("holder unknown")
            + "); stop it or wait for it to finish"
            + (forceUnlock ? " (a lock that a running process holds is never forced)" : ""));
  }

  private static String readText(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_TEXT);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read on: a short read is not the end of the file
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }
}
