package dev.sweep.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a sweep folder, as its {@code sweep.lock} tells people: {@code host h, pid p, started
 * s, since t}, where {@code s} is when that process started (texts written before it was recorded
 * have none). The lock itself is the operating system's; this text is information, and a driver
 * killed with {@code kill -9} leaves it behind, so {@link #runsHere()} checks it against the
 * processes of this host. Immutable.
 */
public final class LockHolder {
  private static final Pattern TEXT =
      Pattern.compile("host (\\S+), pid (\\d{1,18})(?:, started (\\S+))?, since (\\S+)");

  /**
   * What {@link #host} is when this host cannot name itself; such a host is never taken for this
   * one.
   */
  private static final String UNKNOWN_HOST = "unknown";

  /**
   * How far two readings of one process's start may differ. Java derives it from the boot time,
   * which a step of the system clock shifts (NTP steps offsets over 128 ms); no pid comes back
   * within a second of its first process's start.
   */
  private static final Duration START_SLACK = Duration.ofSeconds(1);

  private final String host;
  private final long pid;
  private final Instant started; // null: an older driver's text, or a platform that does not tell
  private final String since;

  private LockHolder(String host, long pid, Instant started, String since) {
    this.host = host;
    this.pid = pid;
    this.started = started;
    this.since = since;
  }

  /** This process, from now. */
  static LockHolder current() {
    ProcessHandle self = ProcessHandle.current();
    return new LockHolder(
        localHost(), self.pid(), self.info().startInstant().orElse(null), Instant.now().toString());
  }

  /**
   * The holder a lock file's text names: {@code host h, pid p, started s, since t} or, as older
   * drivers wrote it, {@code host h, pid p, since t}; empty for anything else.
   */
  public static Optional<LockHolder> parse(String text) {
    Matcher m = TEXT.matcher(requireNonNull(text, "text == null").trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Instant started = m.group(3) == null ? null : Instant.parse(m.group(3));
      return Optional.of(
          new LockHolder(m.group(1), Long.parseLong(m.group(2)), started, m.group(4)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The holder that the lock file of sweep folder {@code dir} names, read without taking the lock
   * (and without disturbing one this JVM holds); empty when it names none: no driver has run, the
   * last one closed the folder, or the file is unreadable.
   */
  public static Optional<LockHolder> read(Path dir) {
    return FolderLock.holder(requireNonNull(dir, "dir == null"));
  }

  public String host() {
    return host;
  }

  public long pid() {
    return pid;
  }

  /** When the holding process started, where the text says. */
  public Optional<Instant> started() {
    return Optional.ofNullable(started);
  }

  /** When it took the lock, as written. */
  public String since() {
    return since;
  }

  /** Whether it names this host (never when the host could not be named). */
  public boolean isLocal() {
    return !host.equals(UNKNOWN_HOST) && host.equals(localHost());
  }

  /**
   * Whether the process it names runs on this host: its pid is alive and, where the text records
   * one, started at the recorded time; a pid that another process has taken since does not count.
   * False for another host's holder, whose processes cannot be seen from here.
   */
  public boolean runsHere() {
    if (!isLocal()) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return false;
    }
    return started == null || process.get().info().startInstant().map(this::startedAt).orElse(true);
  }

  /** Whether it names this very process. */
  boolean isThisProcess() {
    ProcessHandle self = ProcessHandle.current();
    return isLocal()
        && pid == self.pid()
        && (started == null || self.info().startInstant().map(this::startedAt).orElse(true));
  }

  private boolean startedAt(Instant actual) {
    return Duration.between(started, actual).abs().compareTo(START_SLACK) <= 0;
  }

  /**
   * What to tell people when this stale holder's lock, which nothing holds any more, is taken over:
   * {@code took over sweep.lock of host h pid p: that driver no longer runs}.
   */
  public String takeOverNote() {
    String why;
    if (!isLocal()) {
      why = "forced; nothing on this host holds its lock";
    } else if (runsHere()) {
      why = "that process no longer holds the lock";
    } else {
      why = "that driver no longer runs";
    }
    return "took over " + SweepFolder.LOCK + " of host " + host + " pid " + pid + ": " + why;
  }

  /** The lock file's text: {@code host h, pid p, started s, since t}. */
  @Override
  public String toString() {
    return "host "
        + host
        + ", pid "
        + pid
        + (started == null ? "" : ", started " + started)
        + ", since "
        + since;
  }

  static String localHost() {
    return LocalHost.NAME;
  }

  /** The host's name, looked up once (a lookup may wait on DNS). */
  private static final class LocalHost {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return UNKNOWN_HOST;
      }
    }
  }
}
