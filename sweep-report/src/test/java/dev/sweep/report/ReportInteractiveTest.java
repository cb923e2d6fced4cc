package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.config.Config;
import dev.sweep.population.Population;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The analysis page's interactive charts: the live page's data for the first sweep, embedded so
 * that no value of a sweep can break out of it, and bounded as the live page's snapshots are.
 */
class ReportInteractiveTest {
  /** A value that would end the data's element, open a comment, or end a line in old parsers. */
  static final String HOSTILE =
      "</script><script>alert(1)</script><!-- <b>bold</b> & \u2028\u2029 '\" -->";

  /**
   * The fixture's sweep with one more trial whose name, string parameter and failure are hostile.
   */
  static Population hostile() {
    List<TrialRecord> trials = new ArrayList<>(ReportFixtures.sweep(40, 7, 0).trials());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("optim.lr", 0.001);
    params.put("optim.name", HOSTILE);
    params.put("model.width", 32L);
    trials.add(
        new TrialRecord(
            40,
            HOSTILE,
            params,
            Config.ofFlat(params),
            TrialStatus.FAILED,
            Map.of(),
            List.of(new CurvePoint(1, Map.of("error", 0.5))),
            Optional.of(HOSTILE),
            Instant.parse("2026-12-01T10:00:00Z"),
            Duration.ofSeconds(3)));
    return Population.of(Objective.minimize("error"), trials);
  }

  @Test
  void hostileValues_stayInsideTheEmbeddedData_andReadBackTheSame() {
    String html = Report.builder().sweep("s </script>", hostile()).build().html();

    String json = ReportPages.embeddedJson(html);
    assertThat(json)
        .as("no character that HTML or an old JavaScript parser reads as markup or a line end")
        .doesNotContain("<", ">", "&", "\u2028", "\u2029")
        .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)", "\\u2028\\u2029");
    assertThat(html).doesNotContain("<script>alert(1)", "<b>bold</b>");
    assertThat(ReportPages.scriptTags(html)).hasSize(3);

    JsonNode data = ReportPages.embeddedData(html);
    JsonNode trial = data.path("trials").path("40");
    assertThat(trial.path("name").asText()).isEqualTo(HOSTILE);
    assertThat(trial.path("failure").asText()).isEqualTo(HOSTILE);
    assertThat(trial.path("config").path("optim").path("name").asText()).isEqualTo(HOSTILE);
    assertThat(data.path("sweep").path("name").asText()).isEqualTo("s </script>");
  }

  @Test
  void theEmbeddedData_isTheLivePagesSnapshotOfTheFirstSweep_withItsPlotsAndTrials() {
    Population lr = ReportFixtures.sweep(300, 1, 0);
    String html =
        Report.builder()
            .sweep(
                "lr sweep",
                lr,
                "{\"space\": \"Space[optim.lr: logUniform[1.0E-5, 0.1], model.width: intRange[16, 128]]\"}")
            .sweep("baseline", ReportFixtures.sweep(50, 2, 0.05))
            .logAxes(List.of("optim.lr"))
            .build()
            .html();
    JsonNode data = ReportPages.embeddedData(html);
    JsonNode s = data.path("sweep");

    assertThat(s.path("name").asText()).isEqualTo("lr sweep");
    assertThat(s.path("objective").path("metric").asText()).isEqualTo("error");
    assertThat(
            s.path("counts").path("completed").asLong() + s.path("counts").path("failed").asLong())
        .isEqualTo(300);
    assertThat(s.path("trials").size()).isEqualTo(300);
    assertThat(s.path("shown").path("of").asInt()).isEqualTo(300);
    assertThat(s.path("best").path("id").isNumber()).isTrue();
    assertThat(s.path("edf").size()).isEqualTo(s.path("counts").path("completed").asInt());
    assertThat(s.path("plots").path("domains").path("optim.lr").path("log").asBoolean())
        .as("the search domain, from the definition's space: log where it is log")
        .isTrue();
    assertThat(s.path("plots").path("importance").get(0).path("method").asText()).isNotEmpty();
    assertThat(s.path("plots").path("contour").path("z").isArray()).isTrue();

    assertThat(data.path("trials").size()).as("the details of every trial shown").isEqualTo(300);
    JsonNode first = data.path("trials").path("0");
    assertThat(first.path("config").path("optim").has("lr")).isTrue();
    assertThat(first.path("metrics").has("error")).isTrue();
    assertThat(first.path("curves").path("loss").size()).isEqualTo(10);
  }

  @Test
  void theSpace_givesTheDomainsTheAxesSpan_whenTheDefinitionIsASweepYaml() {
    String html =
        Report.builder()
            .sweep("lr sweep", ReportFixtures.sweep(30, 1, 0), "space:\n  optim.lr: {log: true}\n")
            .space("optim.lr: logUniform[1.0E-6, 1.0], model.width: intRange[8, 256]")
            .build()
            .html();
    JsonNode domains = ReportPages.embeddedData(html).path("sweep").path("plots").path("domains");
    assertThat(domains.path("optim.lr").path("lo").asDouble()).isEqualTo(1e-6);
    assertThat(domains.path("optim.lr").path("log").asBoolean()).isTrue();
    assertThat(domains.path("model.width").path("hi").asDouble()).isEqualTo(256);
  }

  @Test
  void aBigSweep_showsTheLivePagesSample_andOnlyItsTrialsDetails() {
    Population big = ReportFixtures.sweep(10_000, 3, 0);
    String html = Report.builder().sweep("big", big).build().html();
    JsonNode data = ReportPages.embeddedData(html);

    int shown = data.path("sweep").path("shown").path("trials").asInt();
    assertThat(shown).isBetween(LiveSnapshot.SAMPLE * 9 / 10, LiveSnapshot.SAMPLE);
    assertThat(data.path("sweep").path("trials").size()).isEqualTo(shown);
    assertThat(data.path("sweep").path("shown").path("of").asInt()).isEqualTo(10_000);
    assertThat(data.path("trials").size()).as("details of the trials shown only").isEqualTo(shown);
    assertThat(html.getBytes(StandardCharsets.UTF_8).length)
        .as("bounded: 2,000 trials' details, not 10,000")
        .isLessThan(5_000_000);
  }

  @Test
  void pastTheCurvesOfTheLivePage_eachTrialsDetailsHaveCoarserCurves() {
    Population few = ReportFixtures.sweep(LiveSnapshot.CURVES, 3, 0, 300);
    Population more = ReportFixtures.sweep(LiveSnapshot.CURVES + 1, 3, 0, 300);

    assertThat(lossPoints(few, 0)).isEqualTo(LiveSnapshot.CURVE_POINTS);
    assertThat(lossPoints(more, 0)).isEqualTo(InteractiveSection.DETAIL_POINTS);
  }

  private static int lossPoints(Population p, long trial) {
    String html = Report.builder().sweep("s", p).build().html();
    return ReportPages.embeddedData(html)
        .path("trials")
        .path(String.valueOf(trial))
        .path("curves")
        .path("loss")
        .size();
  }
}
