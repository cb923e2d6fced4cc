package dev.sweep.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Ends a process and everything it started: {@code SIGTERM} to the process and all its descendants
 * at once, a grace period for them to save and exit, then {@code SIGKILL} to whatever is left,
 * children started during the grace period included.
 *
 * <p>Descendants are found through their parent links, so a process whose parent has already exited
 * (a daemon that double-forked) is out of their reach; the callers that know how to find such
 * strays (by session, or by the variables that mark a trial's processes, see {@link Containment})
 * pass them in, and they are searched for again before {@code SIGKILL}.
 */
final class ProcessTree {
  private static final long POLL_MS = 20;

  /** How long to wait for processes to vanish after {@code SIGKILL}. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);

  private ProcessTree() {}

  /**
   * Terminates {@code root} and its descendants, waiting up to {@code grace} before killing them.
   *
   * @return how many processes were still alive when the grace period ended
   */
  static int kill(ProcessHandle root, Duration grace) {
    return kill(List.of(root), List::of, grace);
  }

  /**
   * Terminates {@code roots}, the processes {@code strays} finds and all their descendants, waiting
   * up to {@code grace} before killing what is left (and what {@code strays} finds then).
   *
   * @return how many processes were still alive when the grace period ended
   */
  static int kill(
      Collection<ProcessHandle> roots, Supplier<Collection<ProcessHandle>> strays, Duration grace) {
    Set<ProcessHandle> tree = withDescendants(roots, strays.get());
    for (ProcessHandle p : tree) {
      p.destroy();
    }
    List<ProcessHandle> alive = awaitGone(tree, grace);
    Set<ProcessHandle> rest = withDescendants(alive, strays.get());
    if (rest.isEmpty()) {
      return 0;
    }
    for (ProcessHandle p : rest) {
      p.destroyForcibly();
    }
    awaitGone(rest, AFTER_KILL);
    return rest.size();
  }

  private static Set<ProcessHandle> withDescendants(
      Collection<ProcessHandle> roots, Collection<ProcessHandle> more) {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    for (Collection<ProcessHandle> group : List.of(roots, more)) {
      for (ProcessHandle root : group) {
        if (all.add(root)) {
          root.descendants().forEach(all::add);
        }
      }
    }
    all.removeIf(p -> !isAlive(p));
    return all;
  }

  /** Waits until every process is gone or {@code limit} has passed; returns those still alive. */
  private static List<ProcessHandle> awaitGone(Set<ProcessHandle> processes, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    List<ProcessHandle> alive = new ArrayList<>(processes);
    while (true) {
      alive.removeIf(p -> !isAlive(p));
      if (alive.isEmpty() || System.nanoTime() - deadline >= 0) {
        return alive;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return alive;
      }
    }
  }

  /**
   * Whether a process still runs. A zombie (dead, but not yet reaped by its parent, which in a
   * container may never happen) counts as gone, though {@link ProcessHandle#isAlive()} says it is
   * alive.
   */
  static boolean isAlive(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String text = Files.readString(stat);
      int end = text.lastIndexOf(')'); // the command name may hold spaces and parentheses
      char state = end >= 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return process.isAlive(); // no /proc (macOS): trust the JDK
    }
  }
}
