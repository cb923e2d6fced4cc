package dev.sweep.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

/**
 * {@code sweep status --watch}: the status printed again every interval until the sweep ends or no
 * driver runs it. On a terminal the block is redrawn in place, each line cut to the width;
 * otherwise a new block each time, after a blank line.
 */
final class StatusWatch {
  /** Where a sweep stands, as one look at it found it. */
  enum Phase {
    /** A driver (or, for a stored sweep, an agent) is running it: there is more to see. */
    RUNNING,
    /** Nothing runs it: its status will not change until someone runs it again. */
    IDLE,
    /** Every trial ended. */
    ENDED
  }

  /** One look at a sweep: prints its status, and says where it stands. */
  @FunctionalInterface
  interface Look {
    Phase print(PrintWriter out);
  }

  private static final String HOME = "\u001b[H";
  private static final String CLEAR_SCREEN = "\u001b[2J";
  private static final String CLEAR_LINE_END = "\u001b[K";
  private static final String CLEAR_BELOW = "\u001b[J";

  private final PrintWriter out;
  private final Terminal terminal;
  private final Duration interval;

  StatusWatch(PrintWriter out, Terminal terminal, Duration interval) {
    this.out = out;
    this.terminal = terminal;
    this.interval = interval;
  }

  /** Looks until the sweep is no longer running; returns the last phase seen. */
  Phase watch(Look look) throws InterruptedException {
    for (int round = 0; ; round++) {
      StringWriter block = new StringWriter();
      Phase phase;
      try (PrintWriter buffer = new PrintWriter(block)) {
        phase = look.print(buffer);
      }
      draw(block.toString(), round == 0);
      if (phase != Phase.RUNNING) {
        return phase;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private void draw(String block, boolean first) {
    if (terminal.interactive()) {
      // from the top left, each line over the last block's, then what is left of that block cleared
      int room = Math.max(1, terminal.columns() - 1);
      StringBuilder s = new StringBuilder(first ? HOME + CLEAR_SCREEN : HOME);
      block
          .lines()
          .forEach(
              l ->
                  s.append(l.length() > room ? l.substring(0, room) : l)
                      .append(CLEAR_LINE_END)
                      .append(System.lineSeparator()));
      out.print(s.append(CLEAR_BELOW));
    } else {
      if (!first) {
        out.println();
      }
      out.print(block);
    }
    out.flush();
  }
}
