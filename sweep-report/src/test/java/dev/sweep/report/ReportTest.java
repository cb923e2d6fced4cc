package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the analysis page holds, and that it needs nothing but itself. */
class ReportTest {
  private final Population lr = ReportFixtures.sweep(300, 1, 0);
  private final Population baseline = ReportFixtures.sweep(120, 2, 0.05);

  private String page() {
    return Report.builder()
        .sweep(
            "lr sweep", lr, "name: lr\nparameters:\n  optim.lr: {float: [1e-5, 0.1], log: true}\n")
        .sweep("baseline", baseline)
        .split("optim.name")
        .filter("wide", lr.filter("model.width", w -> ((Number) w).longValue() >= 64))
        .build()
        .html();
  }

  @Test
  void thePage_hasEverySection() {
    String html = page();
    assertThat(html)
        .contains(
            "<h2>Sweeps</h2>",
            "<h2>Status</h2>",
            "EDF of error",
            "error against each parameter",
            "good range",
            "<h2>Parameter importance</h2>",
            "<h2>Parallel coordinates</h2>",
            "<h2>Training curves</h2>",
            "<h2>Top 20 trials</h2>");
    assertThat(html)
        .contains(
            "<th>share (ε²)</th><th>p-value</th><th>n</th><th>method</th>",
            "quantile bins, p from 199 permutations")
        .as("importance: its method, n and p-value beside the bars");
    assertThat(html)
        .contains("optim.lr (log)")
        .as("a learning rate spanning four decades gets a log axis");
    assertThat(html)
        .contains("lr sweep (", "baseline (", "optim.name=sgd (", "wide (")
        .as("EDF legend: sweeps, split, filter");
    assertThat(html)
        .contains("optim.lr: {float: [1e-5, 0.1], log: true}")
        .as("the definition, as written");
  }

  @Test
  void theStatusColumns_areNamedTheSameInEveryDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "FAILED".toLowerCase() is "faıled"
      assertThat(page()).contains("<th>failed</th>").doesNotContain("fa\u0131led");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void thePage_isOneSelfContainedFile_andEscapesWhatTheSweepSays() {
    String html = page();
    String markup = ReportPages.outsideScripts(html);
    assertThat(ReportPages.scriptTags(html))
        .as("every script inline: the embedded data, ECharts and the live page's script")
        .containsExactly(
            "<script type=\"application/json\" id=\"sweep-data\">", "<script>", "<script>");
    assertThat(markup).doesNotContain("src=", "href=", "@import", "<link", "<iframe");
    assertThat(markup.replaceAll("url\\(#clip(-\\d+)+\\)", ""))
        .as("only the page's own clip paths")
        .doesNotContain("url(");
    assertThat(
            markup
                .replace("http://www.w3.org/2000/svg", "")
                .replaceAll("(?s)<details class=\"note\"><summary>Apache ECharts.*?</details>", ""))
        .as("no address but the SVG namespace, and those in the text of ECharts' licence")
        .doesNotContain("http://", "https://");
    assertThat(markup).contains("adam &lt;b&gt;").doesNotContain("adam <b>");
  }

  @Test
  void logAxes_areForLogUniformValues_notForUniformOnesThatStartNearZero() {
    SplittableRandom random = new SplittableRandom(3);
    double[] logUniform = random.doubles(2000).map(u -> Math.pow(10, -5 + 4 * u)).toArray();
    double[] uniform = random.doubles(2000).map(u -> 0.5 * u + 1e-7).toArray();
    double[] narrow = random.doubles(2000).map(u -> 0.8 + 0.2 * u).toArray();
    assertThat(Scales.logScale(logUniform)).isTrue();
    assertThat(Scales.logScale(uniform)).isFalse();
    assertThat(Scales.logScale(narrow)).isFalse();
    assertThat(Scales.logScale(new double[] {-1, 1, 100})).isFalse();
  }

  @Test
  void write_replacesTheFileWhole(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("analysis.html");
    Files.writeString(file, "old");
    Report.builder().sweep("lr", lr).build().write(file);
    assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void populationsWithoutResults_stillMakeAPage() {
    Population none = Population.of(Objective.minimize("error"), List.of());
    Population failed =
        ReportFixtures.sweep(40, 4, 0).filter(t -> t.status() == TrialStatus.FAILED);
    Population one = ReportFixtures.sweep(1, 5, 0);

    for (Population p : List.of(none, failed, one)) {
      String html = Report.builder().sweep("s", p).split("optim.name").build().html();
      assertThat(ReportPages.outsideScripts(html))
          .contains("<h2>Status</h2>", "EDF of error")
          .doesNotContain("NaN", "Infinity");
      assertThat(ReportPages.embeddedData(html).path("sweep").path("trials").size())
          .isEqualTo(p.size());
    }
  }

  @Test
  void aReport_needsASweep() {
    assertThatThrownBy(() -> Report.builder().build()).hasMessageContaining("at least one sweep");
    assertThatThrownBy(() -> Report.builder().sweep("a", lr).bestN(-1))
        .hasMessageContaining("bestN must be >= 0, got -1");
  }
}
