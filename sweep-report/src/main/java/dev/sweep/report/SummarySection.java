package dev.sweep.report;

import dev.sweep.population.Population;
import dev.sweep.trial.TrialStatus;
import java.util.List;
import java.util.Locale;

/**
 * The sweeps' definitions, then their status table: what each sweep ran and how its trials ended.
 */
final class SummarySection {
  private final List<ReportedSweep> sweeps;

  SummarySection(List<ReportedSweep> sweeps) {
    this.sweeps = sweeps;
  }

  void write(StringBuilder h) {
    definitions(h);
    statusTable(h);
  }

  private void definitions(StringBuilder h) {
    h.append("<h2>Sweeps</h2>\n");
    for (int i = 0; i < sweeps.size(); i++) {
      ReportedSweep s = sweeps.get(i);
      h.append("<details")
          .append(i == 0 ? " open" : "")
          .append("><summary>")
          .append(Html.escape(s.label()))
          .append(": ")
          .append(s.population().size())
          .append(" trials</summary>\n");
      if (s.definition() != null) {
        h.append("<pre>").append(Html.escape(s.definition())).append("</pre>\n");
      } else {
        h.append("<p class=\"note\">No definition given.</p>\n");
      }
      h.append("</details>\n");
    }
  }

  private void statusTable(StringBuilder h) {
    h.append("<h2>Status</h2>\n<table><tr><th class=\"l\">sweep</th><th>trials</th>");
    for (TrialStatus s : TrialStatus.values()) {
      h.append("<th>").append(s.name().toLowerCase(Locale.ROOT)).append("</th>");
    }
    h.append("<th>best</th><th>median</th></tr>\n");
    for (ReportedSweep s : sweeps) {
      Population p = s.population();
      h.append("<tr><td class=\"l\">")
          .append(Html.escape(s.label()))
          .append("</td><td>")
          .append(p.size())
          .append("</td>");
      p.statusCounts().values().forEach(c -> h.append("<td>").append(c).append("</td>"));
      h.append("<td>")
          .append(
              p.best().map(t -> Cells.orEmpty(t.metrics().get(p.objective().metric()))).orElse("–"))
          .append("</td><td>")
          .append(Cells.orDash(p.quantile(0.5)))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }
}
