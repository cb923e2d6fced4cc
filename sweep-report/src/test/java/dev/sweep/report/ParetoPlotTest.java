package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.config.Config;
import dev.sweep.internal.Json;
import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's Pareto front ({@code plots.pareto}) of a sweep folder with several objectives, checked
 * by hand on a small sweep: minimise error, maximise throughput, memory at most 16.
 *
 * <pre>
 * trial  error  throughput  memory
 *   0    0.10     100         8     front (best error)
 *   1    0.20     300         8     front (best throughput)
 *   2    0.15     150         8     front (between them)
 *   3    0.25     120         8     rank 1: 1 beats it on both
 *   4    0.05     500        32     beats all on both objectives, but breaks memory ≤ 16: every
 *                                   feasible trial beats it, 5 (rank 2) too, so rank 3
 *   5    0.30      50         8     rank 2: 0 and 3 beat it
 *   6    failed                     no values, not drawn
 *   7    0.01     (none)      8     completed without a throughput: not drawn
 * </pre>
 */
class ParetoPlotTest {
  @TempDir Path dir;

  private static final double[][] TRIALS = {
    {0.10, 100, 8}, {0.20, 300, 8}, {0.15, 150, 8}, {0.25, 120, 8}, {0.05, 500, 32}, {0.30, 50, 8},
  };

  @Test
  void twoObjectives_theSnapshotCarriesEveryPoint_itsRank_andTheFrontByPrimaryObjective()
      throws Exception {
    Map<String, Object> definition = definition(false);
    write(definition);

    JsonNode pareto = pareto();

    assertThat(pareto.path("objectives").toString())
        .isEqualTo(
            "[{\"metric\":\"error\",\"goal\":\"minimize\"},"
                + "{\"metric\":\"throughput\",\"goal\":\"maximize\"}]");
    assertThat(pareto.path("constraints").toString())
        .isEqualTo("[{\"metric\":\"memory\",\"max\":16.0}]");
    Map<Long, String> points = new LinkedHashMap<>();
    for (JsonNode p : pareto.path("points")) {
      points.put(p.get(0).asLong(), p.toString());
    }
    assertThat(points)
        .as("[id, error, throughput, rank, feasible]; failed 6 and valueless 7 not drawn")
        .containsExactly(
            Map.entry(0L, "[0,0.1,100.0,0,true]"),
            Map.entry(1L, "[1,0.2,300.0,0,true]"),
            Map.entry(2L, "[2,0.15,150.0,0,true]"),
            Map.entry(3L, "[3,0.25,120.0,1,true]"),
            Map.entry(4L, "[4,0.05,500.0,3,false]"),
            Map.entry(5L, "[5,0.3,50.0,2,true]"));
    List<Long> front = new ArrayList<>();
    pareto.path("front").forEach(f -> front.add(f.path("id").asLong()));
    assertThat(front).as("the front's trials, lowest error first").containsExactly(0L, 2L, 1L);
    assertThat(pareto.path("front").get(0).path("values").toString()).isEqualTo("[0.1,100.0]");
    assertThat(pareto.path("front").get(0).path("params").path("x").asInt()).isZero();
    assertThat(pareto.path("n").asInt()).isEqualTo(6);
    assertThat(pareto.path("front_size").asInt()).isEqualTo(3);
    assertThat(pareto.path("points_shown").asInt()).isEqualTo(6);
  }

  @Test
  void threeObjectives_everyPointCarriesEachObjective_forTheParallelAxes() throws Exception {
    write(definition(true));

    JsonNode pareto = pareto();

    assertThat(pareto.path("objectives")).hasSize(3);
    assertThat(pareto.path("constraints")).isEmpty();
    assertThat(pareto.path("points")).hasSize(6);
    for (JsonNode p : pareto.path("points")) {
      assertThat(p).as("id, three values, rank, feasible").hasSize(6);
    }
    List<Long> front = new ArrayList<>();
    pareto.path("front").forEach(f -> front.add(f.path("id").asLong()));
    assertThat(front)
        .as("trial 4 uses more memory than every other: on the front with memory an objective")
        .containsExactly(4L, 0L, 2L, 1L);
  }

  @Test
  void oneObjective_noFront() throws Exception {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("name", "t");
    definition.put("objective", Objective.minimize("error").toMap());
    write(definition);

    JsonNode s = Json.reader().readTree(new LiveFolder("t", dir).poll().orElseThrow());

    assertThat(s.path("plots").has("contour")).isTrue();
    assertThat(s.path("plots").has("pareto")).isFalse();
  }

  @Test
  void aBigSweep_drawsAtMost2000Points_everyFrontTrialAmongThem() {
    Objectives seek = Objective.minimize("error").andMaximize("throughput");
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      // a front of every tenth trial (error + throughput / 1000 = 1), the rest behind it
      double error = (i % 1000) / 1000.0;
      double throughput = 1000 * (1 - error) - (i % 10 == 0 ? 0 : 1 + i % 7);
      trials.add(record(i, new double[] {error, throughput, 8}, TrialStatus.COMPLETED));
    }
    Set<Long> front =
        Set.copyOf(
            Population.of(seek, trials).paretoFront(seek).stream().map(TrialRecord::id).toList());

    Map<String, Object> pareto = ParetoPlot.of(seek, trials);

    List<?> points = (List<?>) pareto.get("points");
    assertThat(points).hasSize(ParetoPlot.POINTS);
    Set<Long> drawn = new java.util.HashSet<>();
    for (Object p : points) {
      List<?> point = (List<?>) p;
      drawn.add((Long) point.get(0));
      assertThat(point.get(3))
          .as("past 2,000 trials only the front is ranked")
          .isEqualTo(front.contains((Long) point.get(0)) ? (Object) 0 : null);
    }
    assertThat(drawn).containsAll(front);
    assertThat(pareto).containsEntry("n", 5000).containsEntry("front_size", front.size());
    assertThat((List<?>) pareto.get("front")).hasSize(Math.min(ParetoPlot.TABLE, front.size()));
  }

  @Test
  void aDefinitionEditedIntoNonsense_seeksItsPrimaryObjectiveAlone() throws Exception {
    JsonNode twice =
        Json.reader()
            .readTree(
                "{\"objective\": {\"metric\": \"error\"}, \"objectives\": ["
                    + "{\"metric\": \"error\"}, {\"metric\": \"error\", \"goal\": \"maximize\"}]}");

    assertThat(ParetoPlot.objectives(twice)).isEqualTo(Objectives.of(Objective.minimize("error")));
  }

  @Test
  void theAnalysisPage_takesTheObjectivesOfItsPopulation_andCarriesTheFrontTrialsDetails() {
    Objectives seek =
        Objective.minimize("error")
            .andMaximize("throughput")
            .subjectTo(MetricBound.atMost("memory", 16));
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < TRIALS.length; i++) {
      trials.add(record(i, TRIALS[i], TrialStatus.COMPLETED));
    }
    InteractiveSection section =
        new InteractiveSection(
            new ReportedSweep("pareto", Population.of(seek, trials), null), Set.of(), null);

    Map<String, Object> data = section.data();

    @SuppressWarnings("unchecked")
    Map<String, Object> plots =
        (Map<String, Object>) ((Map<String, Object>) data.get("sweep")).get("plots");
    assertThat(ParetoPlot.tableIds(plots)).containsExactly(0L, 2L, 1L);
    assertThat(new ArrayList<Object>(((Map<?, ?>) data.get("trials")).keySet()))
        .contains("0", "1", "2");
  }

  private JsonNode pareto() throws Exception {
    JsonNode s = Json.reader().readTree(new LiveFolder("t", dir).poll().orElseThrow());
    return s.path("plots").path("pareto");
  }

  /** Error and throughput, with memory a third objective or else a constraint. */
  private static Map<String, Object> definition(boolean memoryAnObjective) {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("name", "t");
    definition.put("objective", Objective.minimize("error").toMap());
    Objectives seek = Objective.minimize("error").andMaximize("throughput");
    seek =
        memoryAnObjective
            ? seek.andMinimize("memory")
            : seek.subjectTo(MetricBound.atMost("memory", 16));
    definition.put("objectives", seek.toMaps());
    definition.put(
        "outcome_constraints", seek.constraints().stream().map(MetricBound::toMap).toList());
    return definition;
  }

  private void write(Map<String, Object> definition) {
    try (SweepFolder folder = SweepFolder.open(dir, definition)) {
      for (int i = 0; i < TRIALS.length; i++) {
        finish(folder, record(i, TRIALS[i], TrialStatus.COMPLETED));
      }
      finish(folder, record(6, null, TrialStatus.FAILED));
      Map<String, Object> params = Map.of("x", 7);
      finish(
          folder,
          new TrialRecord(
              7,
              "t7",
              params,
              Config.ofFlat(params),
              TrialStatus.COMPLETED,
              Map.of("error", 0.01, "memory", 8.0),
              List.of(),
              Optional.empty(),
              Instant.parse("2026-01-01T00:00:00Z"),
              Duration.ofSeconds(1)));
    }
  }

  private static TrialRecord record(long id, double[] values, TrialStatus status) {
    Map<String, Object> params = Map.of("x", (int) id);
    return new TrialRecord(
        id,
        "t" + id,
        params,
        Config.ofFlat(params),
        status,
        values == null
            ? Map.of()
            : Map.of("error", values[0], "throughput", values[1], "memory", values[2]),
        List.of(),
        status == TrialStatus.FAILED ? Optional.of("diverged") : Optional.empty(),
        Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofSeconds(1));
  }

  private static void finish(SweepFolder folder, TrialRecord r) {
    folder.created(r.id(), r.name(), r.params(), r.config());
    folder.started(r.id(), 1);
    folder.finished(r, 1);
  }
}
