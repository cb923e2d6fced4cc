package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A population read from CSV: what writeCsv writes, and what other tools write. */
class PopulationCsvTest {
  private static TrialRecord trial(
      long id,
      Map<String, Object> params,
      TrialStatus status,
      Map<String, Double> metrics,
      String failure) {
    return new TrialRecord(
        id,
        "t" + id,
        params,
        Config.ofFlat(params),
        status,
        metrics,
        List.of(),
        Optional.ofNullable(failure),
        Instant.parse("2026-12-01T09:30:00.123456Z").plusSeconds(id),
        Duration.ofMillis(1500 + id));
  }

  private static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void writeCsv_readsBack_asTheSameTrials(@TempDir Path dir) {
    Population written =
        Population.of(
            Objective.minimize("error"),
            List.of(
                trial(
                    0,
                    params("optim.name", "sgd", "optim.lr", 0.1, "model.depth", 8L, "ema", true),
                    TrialStatus.COMPLETED,
                    Map.of("error", 0.25, "loss", 0.5),
                    null),
                trial(
                    1,
                    params(
                        "optim.name",
                        "adam, \"the\" best",
                        "optim.lr",
                        1e-4,
                        "model.depth",
                        16L,
                        "ema",
                        false),
                    TrialStatus.FAILED,
                    Map.of(),
                    "boom,\n\"quoted\" line"),
                trial(
                    2,
                    params("optim.name", "sgd", "optim.lr", 2.5e-300, "ema", true),
                    TrialStatus.COMPLETED,
                    Map.of("error", Double.NaN, "loss", Double.POSITIVE_INFINITY),
                    null)));
    Path file = dir.resolve("trials.csv");
    written.writeCsv(file);

    Population read = Population.readCsv(file, Objective.minimize("error"));

    assertThat(read.size()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      TrialRecord a = written.trials().get(i);
      TrialRecord b = read.trials().get(i);
      assertThat(b.id()).isEqualTo(a.id());
      assertThat(b.name()).isEqualTo(a.name());
      assertThat(b.params()).isEqualTo(a.params());
      assertThat(b.status()).isEqualTo(a.status());
      assertThat(b.metrics()).isEqualTo(a.metrics());
      assertThat(b.failure()).isEqualTo(a.failure());
      assertThat(b.started()).isEqualTo(a.started());
      assertThat(b.duration()).isEqualTo(a.duration());
      assertThat(b.config())
          .as("the parameters are the config")
          .isEqualTo(Config.ofFlat(a.params()));
    }
    assertThat(read.best()).map(TrialRecord::id).hasValue(0L);
  }

  @Test
  void aPlainCsv_hasParametersBeforeTheObjective_andMetricsFromIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("runs.csv");
    Files.writeString(
        file, "lr,opt,error,acc\r\n0.1,sgd,0.3,0.7\r\n0.01,adam,0.1,0.9\r\n\r\n0.001,adam,,\r\n");

    Population p = Population.readCsv(file, Objective.minimize("error"));

    assertThat(p.size()).isEqualTo(3);
    assertThat(p.trials().get(1).params()).isEqualTo(params("lr", 0.01, "opt", "adam"));
    assertThat(p.trials().get(1).metrics()).isEqualTo(Map.of("error", 0.1, "acc", 0.9));
    assertThat(p.trials().get(2).metrics()).isEmpty();
    assertThat(p.trials()).extracting(TrialRecord::id).containsExactly(0L, 1L, 2L);
    assertThat(p.trials().get(0).name()).isEqualTo("lr=0.1,opt=sgd");
    assertThat(p.groupBy("opt").get("adam").count()).isEqualTo(1);
  }

  @Test
  void metricColumns_mayBeNamedSo_anywhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("runs.csv");
    Files.writeString(file, "metric.acc,lr,error\n0.7,0.1,0.3\n");

    TrialRecord t = Population.readCsv(file, Objective.minimize("error")).trials().get(0);

    assertThat(t.params()).isEqualTo(Map.of("lr", 0.1));
    assertThat(t.metrics()).isEqualTo(Map.of("acc", 0.7, "error", 0.3));
  }

  @Test
  void anObjectiveNamedLikeAParameter_isWrittenAsMetricDot_andReadBack(@TempDir Path dir) {
    Population written =
        Population.of(
            Objective.minimize("lr"),
            List.of(
                trial(
                    0,
                    params("lr", 0.1),
                    TrialStatus.COMPLETED,
                    Map.of("lr", 0.25, "loss", 0.5),
                    null)));
    Path file = dir.resolve("clash.csv");
    written.writeCsv(file);

    TrialRecord t = Population.readCsv(file, Objective.minimize("lr")).trials().get(0);

    assertThat(t.params()).isEqualTo(Map.of("lr", 0.1));
    assertThat(t.metrics()).isEqualTo(Map.of("lr", 0.25, "loss", 0.5));
  }

  @Test
  void aLongFile_crossesTheReadBuffer_cellByCell(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("id,name,x,note,error\n");
    for (int i = 0; i < 50_000; i++) {
      csv.append(i)
          .append(",n")
          .append(i)
          .append(',')
          .append(i * 0.5)
          .append(",\"a, b\"\"")
          .append(i % 7)
          .append("\"\"\",")
          .append(i % 100 / 100.0)
          .append('\n');
    }
    Path file = dir.resolve("long.csv");
    Files.writeString(file, csv);

    Population p = Population.readCsv(file, Objective.minimize("error"));

    assertThat(p.size()).isEqualTo(50_000);
    TrialRecord t = p.trials().get(43_210);
    assertThat(t.name()).isEqualTo("n43210");
    assertThat(t.params()).isEqualTo(params("x", 21605.0, "note", "a, b\"" + 43_210 % 7 + "\""));
    assertThat(t.metrics()).isEqualTo(Map.of("error", 0.1));

    // statistics read the metric's own column here (every trial completed, every error finite)
    double[] sorted =
        p.trials().stream().mapToDouble(r -> r.metrics().get("error")).sorted().toArray();
    double[] qs = {0, 0.1, 0.333, 0.5, 0.9, 1};
    double[] quantiles = p.quantiles(qs);
    for (int i = 0; i < qs.length; i++) {
      assertThat(quantiles[i]).isEqualTo(Edf.quantileOfSorted(sorted, qs[i]));
    }
    assertThat(p.edf().points(11)[5]).containsExactly(sorted[25_000], 25_001 / 50_000.0);
    assertThat(p.parameter("x").bins(4, ParameterStatistics.Binning.EQUAL_WIDTH))
        .extracting(ParameterStatistics.Bin::count)
        .containsExactly(12_500, 12_500, 12_500, 12_500);
  }

  @Test
  void malformedFiles_areNamedWithLineAndColumn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "lr,error\n0.1,0.3\n\"multi\nline\",0.2\n0.2\n");
    assertThatThrownBy(() -> Population.readCsv(file, Objective.minimize("error")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ":5: column 2: this row has 1 cells, the header 2");

    Files.writeString(file, "lr,error\n0.1,zero\n");
    assertThatThrownBy(() -> Population.readCsv(file, Objective.minimize("error")))
        .hasMessage(file + ":2: column 2: metric cell 'zero' is not a number");

    Files.writeString(file, "lr,status,error\n0.1,DONE,0.3\n");
    assertThatThrownBy(() -> Population.readCsv(file, Objective.minimize("error")))
        .hasMessageStartingWith(file + ":2: column 2: status 'DONE' is none of [");

    Files.writeString(file, "lr,error\n\"0.1,0.3\n");
    assertThatThrownBy(() -> Population.readCsv(file, Objective.minimize("error")))
        .hasMessage(file + ":2: column 1: a quoted cell is not closed before the end of the file");

    Files.writeString(file, "lr,lr\n");
    assertThatThrownBy(() -> Population.readCsv(file, Objective.minimize("error")))
        .hasMessage(file + ":1: column 2: column 'lr' appears twice (columns 1 and 2)");

    Files.writeString(file, "lr,loss\n0.1,0.3\n");
    assertThatThrownBy(() -> Population.readCsv(file, Objective.minimize("error")))
        .hasMessage(
            file
                + ":1: column 1: no column is the objective's metric 'error'; the columns are [lr, loss]");

    Files.writeString(file, "");
    assertThatThrownBy(() -> Population.readCsv(file, Objective.minimize("error")))
        .hasMessageContaining("the file is empty");
  }
}
