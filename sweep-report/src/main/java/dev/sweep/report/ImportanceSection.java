package dev.sweep.report;

import dev.sweep.population.Population;
import java.util.List;
import java.util.Locale;

/**
 * Parameter importance: the share of the objective's variance each parameter explains on its own,
 * corrected for chance, with the trials it rests on, its p-value and how it was estimated.
 */
final class ImportanceSection {
  private final Population main;

  ImportanceSection(Population main) {
    this.main = main;
  }

  /** Writes nothing if no parameter has an importance. */
  void write(StringBuilder h) {
    List<Population.ParameterImportance> importance = main.parameterImportance();
    if (importance.isEmpty()) {
      return;
    }
    h.append(
        "<h2>Parameter importance</h2>\n<p class=\"note\">The share of the objective's variance each parameter "
            + "explains on its own, corrected for chance: ε², the between-group over total sum of squares less "
            + "what a parameter that does nothing gets on average, (groups − 1) / (n − 1), shown as 0 below that. "
            + "The groups are the levels, the values of a number with at most 10, else about √n quantile bins. "
            + "The p-value is that of a seeded permutation test (199 shuffles): a large one says the share "
            + "may be chance. Main effects only: what parameters explain together goes to none.</p>\n");
    Plot plot =
        new Plot(
                760,
                60 + 26 * importance.size(),
                "importance (share of variance, ε²)",
                new Plot.Axis(
                    "share of variance explained",
                    0,
                    Math.max(0.05, importance.get(0).share() * 1.2),
                    false),
                new Plot.Axis("", 0, 1, false))
            .leftMargin(
                8 + 7 * importance.stream().mapToInt(i -> i.param().length()).max().orElse(8));
    plot.bars(
        importance.stream().map(Population.ParameterImportance::param).toList(),
        importance.stream().mapToDouble(Population.ParameterImportance::share).toArray(),
        Plot.PALETTE[0]);
    h.append(plot.svg(true, false));
    h.append(
        "<table><tr><th>parameter</th><th>share (ε²)</th><th>p-value</th><th>n</th>"
            + "<th>method</th></tr>\n");
    for (Population.ParameterImportance i : importance) {
      h.append("<tr><td>")
          .append(Html.escape(i.param()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", i.share()))
          .append("</td><td>")
          .append(pValue(i.pValue()))
          .append("</td><td>")
          .append(i.n())
          .append("</td><td>")
          .append(Html.escape(i.method()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /**
   * A p-value as the table shows it: its floor, the smallest a permutation test gives, as a bound.
   */
  static String pValue(double p) {
    return p <= 1.0 / 200 ? "≤ 0.005" : String.format(Locale.ROOT, "%.3f", p);
  }
}
