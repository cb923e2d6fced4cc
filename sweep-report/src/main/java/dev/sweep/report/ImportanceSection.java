package dev.sweep.report;

import dev.sweep.population.Population;
import java.util.List;

/**
 * Parameter importance: the share of the objective's variance each parameter explains on its own.
 */
final class ImportanceSection {
  private final Population main;

  ImportanceSection(Population main) {
    this.main = main;
  }

  /** Writes nothing if no parameter has an importance. */
  void write(StringBuilder h) {
    List<Population.Importance> importance = main.importance();
    if (importance.isEmpty()) {
      return;
    }
    h.append(
        "<h2>Parameter importance</h2>\n<p class=\"note\">The share of the objective's variance each parameter "
            + "explains on its own (η², between-bin over total sum of squares, in 10 quantile bins or by value): the "
            + "main effects of a variance decomposition, estimated from the trials themselves.</p>\n");
    Plot plot =
        new Plot(
                760,
                60 + 26 * importance.size(),
                "importance (share of variance)",
                new Plot.Axis(
                    "share of variance explained",
                    0,
                    Math.max(0.05, importance.get(0).share() * 1.2),
                    false),
                new Plot.Axis("", 0, 1, false))
            .leftMargin(
                8 + 7 * importance.stream().mapToInt(i -> i.param().length()).max().orElse(8));
    plot.bars(
        importance.stream().map(Population.Importance::param).toList(),
        importance.stream().mapToDouble(Population.Importance::share).toArray(),
        Plot.PALETTE[0]);
    h.append(plot.svg(true, false));
  }
}
