package dev.sweep.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * The progress line, drawn from {@link ProgressCounts}: a pure function of the counts, the width
 * and the colour flag.
 *
 * <p>Plain: {@code 12/40 done, 2 running, 1 pruned, 1 failed; best error=0.0251 (trial 21); 1m05s,
 * ETA 2m10s} (the pruned count only when there are some, so that the lines of sweeps without a
 * stopping rule read as before). Live: {@code 12/40 done [######.........] 2 running, 1 pruned, 1
 * failed; best error=0.0251 (trial 21); 1m05s, ETA 2m10s}, cut to the width one part at a time, the
 * least important first (see {@link #live}), never wrapped.
 */
final class ProgressLine {
  /**
   * The bar's cells at most; it shrinks first when the width is short, and goes below the least.
   */
  static final int BAR_MOST = 30;

  static final int BAR_LEAST = 5;

  /**
   * What is left out, one step at a time, until the line fits: the elapsed time, the best trial's
   * id, the counts that are zero, the best value, the pruned count, the ETA, the running count, the
   * failed count. {@code done/total} always stays.
   */
  private enum Cut {
    NOTHING,
    ELAPSED,
    BEST_TRIAL,
    ZEROS,
    BEST,
    PRUNED,
    ETA,
    RUNNING,
    FAILED
  }

  private ProgressLine() {}

  /** The line of plain mode: every part, no colour, no bar. */
  static String plain(ProgressCounts c) {
    StringBuilder s =
        new StringBuilder()
            .append(c.done())
            .append('/')
            .append(c.total())
            .append(" done, ")
            .append(c.running())
            .append(' ')
            .append(c.active());
    if (c.pruned() > 0) {
      s.append(", ").append(c.pruned()).append(" pruned");
    }
    s.append(", ").append(c.failed()).append(" failed");
    c.best().ifPresent(b -> s.append("; best ").append(best(b, true)));
    s.append("; ").append(Format.duration(c.elapsed()));
    c.eta().ifPresent(eta -> s.append(", ETA ").append(Format.duration(eta)));
    return s.toString();
  }

  /**
   * The live line: at most {@code width - 1} characters shown (a terminal that wraps at the last
   * column would scroll), with ANSI colours when {@code colour}: the bar and the done count green,
   * pruned yellow, failed red, the best value bold; counts of zero uncoloured.
   */
  static String live(ProgressCounts c, int width, boolean colour) {
    int room = Math.max(1, width - 1);
    for (Cut cut : Cut.values()) {
      List<Part> parts = parts(c, cut);
      int length = length(parts);
      if (length <= room) {
        int cells = Math.min(BAR_MOST, room - length - 3); // " [" and "]"
        if (cells >= BAR_LEAST) {
          parts.addAll(1, bar(c, cells));
        }
        return render(parts, colour);
      }
    }
    // narrower than "done/total": cut that, the one part left
    return render(List.of(new Part(text(parts(c, Cut.FAILED)).substring(0, room), "")), colour);
  }

  private static List<Part> parts(ProgressCounts c, Cut cut) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Part(c.done() + "/" + c.total() + " done", Style.fg_green.on()));
    List<Part> counts = new ArrayList<>();
    boolean zeros = cut.compareTo(Cut.ZEROS) < 0;
    if (cut.compareTo(Cut.RUNNING) < 0 && (zeros || c.running() > 0)) {
      counts.add(new Part(c.running() + " " + c.active(), ""));
    }
    if (cut.compareTo(Cut.PRUNED) < 0 && (zeros || c.pruned() > 0)) {
      counts.add(new Part(c.pruned() + " pruned", c.pruned() > 0 ? Style.fg_yellow.on() : ""));
    }
    if (cut.compareTo(Cut.FAILED) < 0 && (zeros || c.failed() > 0)) {
      counts.add(new Part(c.failed() + " failed", c.failed() > 0 ? Style.fg_red.on() : ""));
    }
    for (int i = 0; i < counts.size(); i++) {
      parts.add(new Part(i == 0 ? " " : ", ", ""));
      parts.add(counts.get(i));
    }
    if (cut.compareTo(Cut.BEST) < 0 && c.best().isPresent()) {
      parts.add(new Part("; best ", ""));
      parts.add(new Part(best(c.best().get(), cut.compareTo(Cut.BEST_TRIAL) < 0), Style.bold.on()));
    }
    List<String> times = new ArrayList<>();
    if (cut.compareTo(Cut.ELAPSED) < 0) {
      times.add(Format.duration(c.elapsed()));
    }
    if (cut.compareTo(Cut.ETA) < 0) {
      c.eta().ifPresent(eta -> times.add("ETA " + Format.duration(eta)));
    }
    if (!times.isEmpty()) {
      parts.add(new Part("; " + String.join(", ", times), ""));
    }
    return parts;
  }

  private static String best(ProgressCounts.Best b, boolean withTrial) {
    return b.metric()
        + "="
        + Format.number(b.value())
        + (withTrial ? " (trial " + b.trial() + ")" : "");
  }

  /** {@code " [######......]"}: the share of trials done, in {@code cells} cells. */
  private static List<Part> bar(ProgressCounts c, int cells) {
    int full = c.total() <= 0 ? 0 : (int) Math.min(cells, (double) c.done() / c.total() * cells);
    return List.of(
        new Part(" [", ""),
        new Part("#".repeat(full), Style.fg_green.on()),
        new Part(".".repeat(cells - full), ""),
        new Part("]", ""));
  }

  private static int length(List<Part> parts) {
    return parts.stream().mapToInt(p -> p.text().length()).sum();
  }

  private static String text(List<Part> parts) {
    return render(parts, false);
  }

  private static String render(List<Part> parts, boolean colour) {
    StringBuilder s = new StringBuilder();
    for (Part p : parts) {
      boolean styled = colour && !p.style().isEmpty() && !p.text().isEmpty();
      s.append(styled ? p.style() : "").append(p.text()).append(styled ? Style.reset.on() : "");
    }
    return s.toString();
  }

  /** A piece of the line and the ANSI code that starts its style ({@code ""}: none). */
  private record Part(String text, String style) {}
}
