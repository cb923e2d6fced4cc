package dev.sweep.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The reaper of one driver's trial processes: a small JVM that the driver starts with a pipe as
 * its standard input (see {@link Containment}). It waits for the end of that pipe, which comes when
 * the driver's JVM ends in any way, or for a SIGTERM of its own, then ends every process that
 * carries the driver's mark: SIGTERM, and SIGKILL to those still alive after the grace period.
 * The driver writes the grace period of each runner it starts a trial for as a line
 * {@code grace MILLIS}; the longest one counts.
 *
 * <p>Not an API: the driver starts it as {@code java -cp … dev.sweep.process.Reaper TOKEN}. It
 * uses only the JDK.
 */
public final class Reaper {
  /** The word of the lines that give a grace period. */
  static final String GRACE = "grace";

  private final String mark;
  private volatile long graceMillis = 10_000; // until a runner says otherwise

  private Reaper(String token) {
    this.mark = Containment.DRIVER_VARIABLE + "=" + token;
  }

  /**
   * Reads grace periods until standard input ends, then reaps.
   *
   * @param args the driver's token
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: Reaper TOKEN");
    }
    Reaper reaper = new Reaper(args[0]);
    // In a hook, so that a SIGTERM reaps as well: a driver inside a trial (a nested sweep) and its
    // reaper get one when the outer sweep ends that trial.
    Runtime.getRuntime().addShutdownHook(new Thread(reaper::reap, "reap"));
    reaper.readGracePeriods(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)));
  }

  private void reap() {
    ProcessTree.kill(List.of(), () -> ProcessTable.withEnvironment(List.of(mark)), Duration.ofMillis(graceMillis));
  }

  private void readGracePeriods(BufferedReader in) throws IOException {
    boolean first = true;
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.split(" ");
      if (words.length == 2 && words[0].equals(GRACE)) {
        long millis = Long.parseLong(words[1]);
        graceMillis = first ? millis : Math.max(graceMillis, millis);
        first = false;
      }
    }
  }
}
