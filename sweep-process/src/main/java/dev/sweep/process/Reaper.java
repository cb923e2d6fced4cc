package dev.sweep.process;

import java.time.Duration;
import java.util.List;

/**
 * Ends one driver's trial processes once the driver has ended: every process that carries the
 * driver's mark gets SIGTERM, and SIGKILL if still alive after the longest grace period that those
 * processes carry ({@value Containment#GRACE_VARIABLE}; 10 s if none does). The shell that watches
 * the driver (see {@link Containment}) becomes this JVM when something is left to end.
 *
 * <p>Not an API: run as {@code java -cp … dev.sweep.process.Reaper TOKEN}. It uses only the JDK.
 */
public final class Reaper {
  private static final long DEFAULT_GRACE_MILLIS = 10_000;

  private Reaper() {}

  /**
   * Reaps.
   *
   * @param args the driver's token
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: Reaper TOKEN");
    }
    List<String> mark = List.of(Containment.DRIVER_VARIABLE + "=" + args[0]);
    long grace =
        ProcessTable.longest(
            ProcessTable.withEnvironment(mark), Containment.GRACE_VARIABLE, DEFAULT_GRACE_MILLIS);
    ProcessTree.kill(List.of(), () -> ProcessTable.withEnvironment(mark), Duration.ofMillis(grace));
  }
}
