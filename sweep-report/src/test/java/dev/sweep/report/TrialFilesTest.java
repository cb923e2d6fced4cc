package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.trial.CurvePoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialFilesTest {
  @TempDir Path dir;

  @Test
  void metrics_readsStepsInOrder_skippingATornLastLine() throws Exception {
    Files.writeString(
        dir.resolve("metrics.jsonl"),
        """
        {"step": 10, "loss": 0.5, "note": "x"}
        not json
        {"loss": 0.25}
        {"step": 30, "lo""");
    assertThat(TrialFiles.metrics(dir))
        .containsExactly(
            new CurvePoint(10, Map.of("loss", 0.5)), new CurvePoint(1, Map.of("loss", 0.25)));
  }

  @Test
  void metrics_ofATrialThatWroteNone_isEmpty() {
    assertThat(TrialFiles.metrics(dir)).isEmpty();
  }

  @Test
  void logTails_keepTheLastLinesOfEachLog_only() throws Exception {
    String lines =
        IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    Files.writeString(dir.resolve("train.err"), lines + "\n");
    Files.writeString(dir.resolve("config.json"), "{}");
    Map<String, String> tails = TrialFiles.logTails(dir);
    assertThat(tails).containsOnlyKeys("train.err");
    assertThat(tails.get("train.err")).startsWith("line 61\n").endsWith("line 100\n");
  }

  /** A link in a trial's folder is never followed: what it points to is not served. */
  @Test
  void linksInTheTrialFolder_areNotFollowed(@org.junit.jupiter.api.io.TempDir Path outside)
      throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "{\"loss\": 1}\n");
    Files.createSymbolicLink(dir.resolve("evil.log"), secret);
    Files.createSymbolicLink(dir.resolve("metrics.jsonl"), secret);
    Files.writeString(dir.resolve("run.out"), "ok\n");

    assertThat(TrialFiles.logTails(dir)).containsOnlyKeys("run.out");
    assertThat(TrialFiles.metrics(dir)).isEmpty();
    assertThat(TrialFiles.logTails(Files.createSymbolicLink(outside.resolve("trial"), dir)))
        .isEmpty();
  }
}
