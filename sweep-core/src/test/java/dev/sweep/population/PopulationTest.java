package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.config.Config;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopulationTest {
  private static TrialRecord trial(
      long id, String optim, double lr, TrialStatus status, Double error) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("optim.name", optim);
    params.put("optim.lr", lr);
    Map<String, Double> metrics = error == null ? Map.of() : Map.of("error", error);
    return new TrialRecord(
        id,
        "t" + id,
        params,
        Config.ofFlat(params),
        status,
        metrics,
        List.of(new CurvePoint(0, Map.of("loss", 1.0))),
        status == TrialStatus.FAILED ? Optional.of("boom, \"quoted\"\nline") : Optional.empty(),
        Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofMillis(1500));
  }

  private final Population population =
      Population.of(
          Objective.minimize("error"),
          List.of(
              trial(0, "sgd", 0.1, TrialStatus.COMPLETED, 0.30),
              trial(1, "adam", 0.01, TrialStatus.COMPLETED, 0.10),
              trial(2, "sgd", 0.05, TrialStatus.FAILED, null),
              trial(3, "adam", 0.001, TrialStatus.COMPLETED, 0.20),
              trial(4, "sgd", 0.2, TrialStatus.COMPLETED, 0.10),
              trial(5, "sgd", 0.3, TrialStatus.COMPLETED, Double.POSITIVE_INFINITY)));

  @Test
  void best_andTop_rankCompletedTrialsByTheObjectiveThenId() {
    assertThat(population.best()).map(TrialRecord::id).hasValue(1L);
    assertThat(population.top(3)).extracting(TrialRecord::id).containsExactly(1L, 4L, 3L);
    assertThat(population.top(100)).as("infinite and failed trials are not ranked").hasSize(4);
    assertThat(population.bottom(2)).extracting(TrialRecord::id).containsExactly(0L, 3L);
    assertThat(population.top(0)).isEmpty();
    Population maximize = Population.of(Objective.maximize("error"), population.trials());
    assertThat(maximize.top(2)).extracting(TrialRecord::id).containsExactly(0L, 3L);
  }

  @Test
  void quantiles_interpolateLinearlyAsNumpyDoes() {
    double[] values = population.objectiveValues();
    assertThat(values).containsExactly(0.30, 0.10, 0.20, 0.10);
    DescriptiveStatistics reference = new DescriptiveStatistics(values);
    assertThat(population.quantile(0.5)).isCloseTo(0.15, within(1e-12));
    assertThat(population.quantiles(0, 0.25, 1)).containsExactly(0.10, 0.10, 0.30);
    assertThat(population.summary().mean()).isCloseTo(reference.getMean(), within(1e-12));
    assertThat(population.summary().std())
        .isCloseTo(reference.getStandardDeviation(), within(1e-12));
    assertThat(population.summary().count()).isEqualTo(4);
  }

  @Test
  void edf_givesTheFractionAtOrBelowAValue() {
    Edf edf = population.edf();
    assertThat(edf.at(0.05)).isEqualTo(0.0);
    assertThat(edf.at(0.10)).isEqualTo(0.5);
    assertThat(edf.at(0.25)).isEqualTo(0.75);
    assertThat(edf.at(1.0)).isEqualTo(1.0);
    assertThat(edf.points(10))
        .isDeepEqualTo(new double[][] {{0.10, 0.25}, {0.10, 0.5}, {0.20, 0.75}, {0.30, 1.0}});
  }

  @Test
  void groupBy_summarisesTheObjectivePerLevel() {
    Map<Object, Summary> byOptim = population.groupBy("optim.name");
    assertThat(byOptim).containsOnlyKeys("sgd", "adam");
    assertThat(byOptim.get("sgd").count()).isEqualTo(2);
    assertThat(byOptim.get("sgd").min()).isEqualTo(0.10);
    assertThat(byOptim.get("adam").mean()).isCloseTo(0.15, within(1e-12));
    assertThat(population.split("optim.name").get("sgd").size()).isEqualTo(4);
  }

  @Test
  void filter_andStatusCounts() {
    assertThat(population.filter(t -> t.params().get("optim.name").equals("adam")).size())
        .isEqualTo(2);
    assertThat(population.completed().size()).isEqualTo(5);
    assertThat(population.statusCounts())
        .containsEntry(TrialStatus.COMPLETED, 5L)
        .containsEntry(TrialStatus.FAILED, 1L)
        .containsEntry(TrialStatus.PRUNED, 0L);
  }

  @Test
  void csv_hasOneQuotedRowPerTrial() throws Exception {
    StringWriter out = new StringWriter();
    population.writeCsv(out);
    String[] lines = out.toString().split("\r\n", -1);
    assertThat(lines[0])
        .isEqualTo("id,name,status,optim.name,optim.lr,error,duration_s,started,failure,folder");
    assertThat(lines[1])
        .isEqualTo("0,t0,COMPLETED,sgd,0.1,0.3,1.5,2026-01-01T00:00:00Z,,trials/000000-t0");
    assertThat(out.toString())
        .contains(
            "2,t2,FAILED,sgd,0.05,,1.5,2026-01-01T00:00:00Z,\"boom, \"\"quoted\"\"\nline\","
                + "trials/000002-t2");
  }

  @Test
  void json_holdsEveryTrialWithItsCurve(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/trials.json");
    population.writeJson(file);
    JsonNode doc = new ObjectMapper().readTree(Files.readString(file));
    assertThat(doc.get("objective").get("metric").asText()).isEqualTo("error");
    assertThat(doc.get("trials")).hasSize(6);
    JsonNode first = doc.get("trials").get(0);
    assertThat(first.get("folder").asText()).isEqualTo("trials/000000-t0");
    assertThat(first.get("params").get("optim.lr").asDouble()).isEqualTo(0.1);
    assertThat(first.get("config").get("optim").get("name").asText()).isEqualTo("sgd");
    assertThat(first.get("curve").get(0).get("loss").asDouble()).isEqualTo(1.0);
    try (var files = Files.list(file.getParent())) {
      assertThat(files.toList()).as("no temporary file is left").containsExactly(file);
    }
  }

  @Test
  void groupBy_severalParameters_summarisesEachCombination() {
    Map<List<Object>, Summary> groups = population.groupBy(List.of("optim.name", "optim.lr"));
    assertThat(groups.keySet())
        .containsExactly(
            List.of("sgd", 0.1),
            List.of("adam", 0.01),
            List.of("sgd", 0.05),
            List.of("adam", 0.001),
            List.of("sgd", 0.2),
            List.of("sgd", 0.3));
    assertThat(groups.get(List.of("sgd", 0.1)).count()).isEqualTo(1);
    assertThat(groups.get(List.of("sgd", 0.05)).count()).isZero(); // failed: no objective
    assertThat(population.groupBy(List.of("optim.name")).get(List.of("sgd")).count()).isEqualTo(2);
    assertThat(population.groupBy(List.of("optim.name", "no.such"))).isEmpty();
  }

  @Test
  void json_readsBackAsTheSamePopulation(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("trials.json");
    population.writeJson(file);
    Population back = Population.readJson(file);
    assertThat(back.objective()).isEqualTo(population.objective());
    assertThat(back.trials()).isEqualTo(population.trials());

    Files.writeString(file, "{\"objective\": {\"metric\": \"error\"}, \"trials\": [{\"id\": 3}]}");
    assertThatThrownBy(() -> Population.readJson(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": not a population's JSON, as writeJson writes it: ");
    Files.writeString(file, "{\"objective\": ");
    assertThatThrownBy(() -> Population.readJson(file))
        .hasMessageStartingWith(file + ": not a population's JSON: ");
  }

  @Test
  void emptyPopulation_hasNoBestAndNaNStatistics() {
    Population empty = Population.of(Objective.minimize("error"), new ArrayList<>());
    assertThat(empty.best()).isEmpty();
    assertThat(empty.quantile(0.5)).isNaN();
    assertThat(empty.summary().count()).isZero();
  }
}
