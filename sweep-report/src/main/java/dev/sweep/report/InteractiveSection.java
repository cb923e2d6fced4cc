package dev.sweep.report;

import dev.sweep.internal.Json;
import dev.sweep.population.Population;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live page's interactive charts in the analysis page, offline: the page's data (a snapshot
 * such as {@code sweep serve} sends, with its plots, and the details of the trials it shows) is
 * embedded as JSON, and the live page's own script draws it, with Apache ECharts inlined from the
 * webjar on the class path. One copy of the charts serves both pages; here the script finds the
 * embedded data and neither connects nor fetches.
 *
 * <p>Bounded as the live page is: at most {@value LiveSnapshot#SAMPLE} trials are drawn (the page
 * says how many of how many) and only those have their details embedded, each metric's curve
 * thinned to {@value LiveSnapshot#CURVE_POINTS} points ({@value #DETAIL_POINTS} past {@value
 * LiveSnapshot#CURVES} trials).
 */
final class InteractiveSection {
  /** The resources of the live page, shared. */
  private static final String LIVE = "live/";

  /** The id of the embedded data, which the script looks for. */
  static final String DATA_ID = "sweep-data";

  /**
   * The points of each metric's curve in a trial's details when the page shows more than {@link
   * LiveSnapshot#CURVES} trials; fewer, {@link LiveSnapshot#CURVE_POINTS}. The live page asks for
   * one trial at a time; this page carries every shown trial's, so a big sweep's are coarser.
   */
  static final int DETAIL_POINTS = 50;

  private final ReportedSweep sweep;
  private final Set<String> logAxes;
  private final String space;

  /** {@code space}: the sweep's space as {@code sweep.json} writes it; null for its definition. */
  InteractiveSection(ReportedSweep sweep, Set<String> logAxes, String space) {
    this.sweep = sweep;
    this.logAxes = logAxes;
    this.space = space;
  }

  /** The live page's style, which the report's own then overrides where both set something. */
  static String style() {
    return resource(LIVE + "live.css");
  }

  void write(StringBuilder h) {
    h.append(
        """
        <h2>Interactive charts</h2>
        <p class="note">Hover a point for its trial, drag or scroll to zoom, click to open the \
        trial's config, metrics and curves. Pruned and failed trials are grey. The sections \
        after these draw the same sweeps without script, for print.</p>
        <noscript><p class="note">Scripts are off: the interactive charts are not drawn; the \
        sections below are.</p></noscript>
        <div id="interactive">
        """);
    h.append(mainOfTheLivePage()).append("</div>\n");
    h.append("<script type=\"application/json\" id=\"" + DATA_ID + "\">")
        .append(scriptSafeJson(data()))
        .append("</script>\n<script>\n")
        .append(scriptText(echarts("dist/echarts.min.js")))
        .append("\n</script>\n<script>\n")
        .append(scriptText(resource(LIVE + "live.js")))
        .append("\n</script>\n");
    h.append(
            "<details class=\"note\"><summary>Apache ECharts, inlined: its licence and"
                + " notice</summary><pre>")
        .append(Html.escape(echarts("NOTICE")))
        .append("\n\n")
        .append(Html.escape(echarts("LICENSE")))
        .append("\n\n")
        .append(Html.escape(echarts("licenses/LICENSE-d3")))
        .append("</pre></details>\n");
  }

  /** {@code {"sweep": snapshot with its plots, "trials": {id: details}}} of the first sweep. */
  Map<String, Object> data() {
    Population p = sweep.population();
    Objective objective = p.objective();
    List<TrialRecord> trials = p.trials();
    Map<String, Object> s =
        LiveSnapshot.ofEnded("analysis", sweep.label(), objective, logAxes, trials).toMap();
    List<TrialRecord> done = new ArrayList<>();
    for (TrialRecord r : trials) {
      if (r.status() == TrialStatus.COMPLETED
          && r.metric(objective.metric()).isPresent()
          && Double.isFinite(r.metric(objective.metric()).getAsDouble())) {
        done.add(r);
      }
    }
    // a sweep.json as the definition names the domains as the space does; a sweep.yaml none
    String domains = space != null ? space : sweep.definition() == null ? "" : sweep.definition();
    Map<String, Object> plots = LivePlots.of(LivePlots.domains(domains), objective, done);
    ParetoPlot.put(plots, p.objectives(), trials);
    s.put("plots", plots);
    Map<Long, TrialRecord> byId = new HashMap<>();
    trials.forEach(r -> byId.put(r.id(), r));
    Map<String, Object> details = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> shown = (List<Map<String, Object>>) s.get("trials");
    int points = shown.size() <= LiveSnapshot.CURVES ? LiveSnapshot.CURVE_POINTS : DETAIL_POINTS;
    for (Map<String, Object> row : shown) {
      TrialRecord r = byId.get((Long) row.get("id"));
      if (r != null) {
        details.put(String.valueOf(r.id()), LiveTrial.of(r, objective, points));
      }
    }
    // the front's table opens its trials too, some of which a big sweep's sample may have left out
    for (long id : ParetoPlot.tableIds(plots)) {
      TrialRecord r = byId.get(id);
      if (r != null) {
        details.putIfAbsent(String.valueOf(id), LiveTrial.of(r, objective, DETAIL_POINTS));
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("sweep", s);
    data.put("trials", details);
    return data;
  }

  /**
   * JSON that an HTML parser reads as text to the end of its {@code <script>}: every {@code <},
   * {@code >} and {@code &} as a JSON escape, so that a value such as {@code </script>} or {@code
   * <!--} cannot end or change the element, and U+2028 and U+2029 escaped too, as older JavaScript
   * parsers took them for line ends. They can stand only within JSON's strings, where the escapes
   * mean the same characters.
   */
  static String scriptSafeJson(Object value) {
    String json = Json.write(value);
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A script's text, safe inside {@code <script>}: a {@code </script} would end the element early
   * and a {@code <!--} change how the rest is parsed. Neither is in the scripts inlined today;
   * should a new version have one, {@code <\/} and {@code <\!} mean the same in JavaScript's
   * strings and regular expressions, where minified code has them.
   */
  static String scriptText(String js) {
    return js.replaceAll("(?i)</(script)", "<\\\\/$1").replace("<!--", "<\\!--");
  }

  /**
   * The live page's {@code <main>}: its panels, charts and trial details, ids as the script knows.
   */
  private static String mainOfTheLivePage() {
    String page = resource(LIVE + "index.html");
    int from = page.indexOf("<main>");
    int to = page.indexOf("</main>");
    if (from < 0 || to < from) {
      throw new IllegalStateException("the live page's index.html has no <main>");
    }
    return page.substring(from, to + "</main>".length()) + "\n";
  }

  private static String resource(String name) {
    try (InputStream in = InteractiveSection.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("not on the class path: " + name + " (a packaging error)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the ECharts webjar, which the report's runtime class path holds. */
  private static String echarts(String file) {
    try (InputStream in = LiveRoutes.echarts(file)) {
      if (in == null) {
        throw new IllegalStateException(
            "the ECharts webjar (org.webjars.npm:echarts) is not on the class path: "
                + file
                + " missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
