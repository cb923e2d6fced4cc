package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.config.Config;
import dev.sweep.internal.Json;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder looked at again reads what was appended, and a rewritten journal afresh. */
class LiveFolderTest {
  @TempDir Path dir;

  @Test
  void aLook_afterAppends_andAfterARewrite_showsTheJournalAsItIs() throws Exception {
    Map<String, Object> definition =
        Map.of("name", "t", "trials", 4, "objective", Objective.minimize("error").toMap());
    try (SweepFolder folder = SweepFolder.open(dir, definition)) {
      run(folder, 0, 0.5);
      run(folder, 1, 0.4);
    }
    LiveFolder live = new LiveFolder("t", dir);
    JsonNode s = Json.reader().readTree(live.poll().orElseThrow());
    assertThat(s.path("counts").path("completed").asInt()).isEqualTo(2);
    assertThat(s.path("best").path("id").asLong()).isEqualTo(1);

    try (SweepFolder folder = SweepFolder.open(dir, definition)) {
      run(folder, 2, 0.1);
    }
    s = Json.reader().readTree(live.poll().orElseThrow());
    assertThat(s.path("counts").path("completed").asInt()).isEqualTo(3);
    assertThat(s.path("best").path("id").asLong()).isEqualTo(2);
    assertThat(s.path("history_best")).hasSize(3);
    assertThat(s.path("shown").path("of").asInt()).isEqualTo(3);

    Path journal = dir.resolve(SweepFolder.JOURNAL);
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    Files.writeString(journal, text.replace("\"error\":0.5", "\"error\":0.05"));
    s = Json.reader().readTree(live.poll().orElseThrow());
    assertThat(s.path("best").path("id").asLong()).as("read afresh").isEqualTo(0);
    assertThat(s.path("trials").get(0).path("value").asDouble()).isEqualTo(0.05);
  }

  private static void run(SweepFolder folder, long id, double error) {
    Map<String, Object> params = Map.of("x", (int) id);
    folder.created(id, "t" + id, params, Config.ofFlat(params));
    folder.started(id, 1);
    folder.finished(
        new TrialRecord(
            id,
            "t" + id,
            params,
            Config.ofFlat(params),
            TrialStatus.COMPLETED,
            Map.of("error", error),
            List.of(),
            Optional.empty(),
            Instant.parse("2026-01-01T00:00:00Z"),
            Duration.ofSeconds(1)),
        1);
  }
}
