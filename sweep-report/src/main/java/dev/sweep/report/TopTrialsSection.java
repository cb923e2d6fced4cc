package dev.sweep.report;

import dev.sweep.population.Population;
import dev.sweep.trial.TrialRecord;
import java.util.List;

/** The table of the top trials: rank, id, the first five metrics, every parameter, duration. */
final class TopTrialsSection {
  private static final int METRICS = 5;

  private final Population main;
  private final int topTrials;

  TopTrialsSection(Population main, int topTrials) {
    this.main = main;
    this.topTrials = topTrials;
  }

  /** Writes nothing if there is no trial to rank. */
  void write(StringBuilder h) {
    List<TrialRecord> top = main.top(topTrials);
    if (top.isEmpty()) {
      return;
    }
    List<String> metrics = main.metricNames().stream().limit(METRICS).toList();
    List<String> params = main.parameterNames();
    h.append("<h2>Top ")
        .append(top.size())
        .append(" trials</h2>\n<table><tr><th>rank</th><th>id</th>");
    metrics.forEach(m -> h.append("<th>").append(Html.escape(m)).append("</th>"));
    params.forEach(p -> h.append("<th>").append(Html.escape(p)).append("</th>"));
    h.append("<th>duration</th></tr>\n");
    for (int i = 0; i < top.size(); i++) {
      row(h, i + 1, top.get(i), metrics, params);
    }
    h.append("</table>\n");
  }

  private static void row(
      StringBuilder h, int rank, TrialRecord t, List<String> metrics, List<String> params) {
    h.append("<tr><td>").append(rank).append("</td><td>").append(t.id()).append("</td>");
    for (String m : metrics) {
      h.append("<td>").append(Cells.orEmpty(t.metrics().get(m))).append("</td>");
    }
    for (String p : params) {
      Object v = t.params().get(p);
      h.append(
              v instanceof Number n
                  ? "<td>" + Cells.orDash(n.doubleValue())
                  : "<td class=\"l\">" + Html.escape(v == null ? "" : v.toString()))
          .append("</td>");
    }
    h.append("<td>")
        .append(Cells.orDash(t.duration().toMillis() / 1000.0))
        .append(" s</td></tr>\n");
  }
}
