package dev.sweep.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * The reaper of one driver's trial processes: a small JVM that the driver starts with a pipe as
 * its standard input (see {@link Containment}). It waits for the end of that pipe, which comes when
 * the driver's JVM ends in any way, or for a SIGTERM of its own, then ends every process that
 * carries the driver's mark: SIGTERM, and SIGKILL to those still alive after the grace period.
 *
 * <p>Not an API: the driver starts it as {@code java -cp … dev.sweep.process.Reaper TOKEN
 * GRACE_MILLIS}. It uses only the JDK.
 */
public final class Reaper {
  private Reaper() {}

  /**
   * Waits for standard input to end, then reaps.
   *
   * @param args the driver's token and the grace period in milliseconds
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: Reaper TOKEN GRACE_MILLIS");
    }
    String mark = Containment.DRIVER_VARIABLE + "=" + args[0];
    Duration grace = Duration.ofMillis(Long.parseLong(args[1]));
    // In a hook, so that a SIGTERM reaps as well: a driver inside a trial (a nested sweep) and its
    // reaper get one when the outer sweep ends that trial.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> ProcessTree.kill(List.of(), () -> ProcessTable.withEnvironment(List.of(mark)), grace), "reap"));
    awaitEnd(System.in);
  }

  private static void awaitEnd(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the driver writes nothing; only the end matters
      }
    } catch (IOException e) {
      // a broken pipe is an end too
    }
  }
}
