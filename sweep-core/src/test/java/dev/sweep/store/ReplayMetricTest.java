package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
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

/** The objective's metric read from a journal line without building the trial's record. */
class ReplayMetricTest {
  @TempDir Path dir;

  /**
   * A metric the journal holds as a string that is no number, or as null or a boolean (a journal
   * written by hand or by another tool), is no value: the trial is ranked without it. This used to
   * throw a NullPointerException from unboxing the null of an unparsable value.
   */
  @Test
  void aMetricThatIsNoNumber_isNoValue() throws IOException {
    try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
      for (long id = 0; id < 4; id++) {
        folder.created(id, "t" + id, Map.of("x", (int) id), Config.ofFlat(Map.of("x", (int) id)));
        folder.started(id, 1);
        folder.finished(completed(id, 0.5 + id), 1);
      }
    }
    Path journal = dir.resolve(SweepFolder.JOURNAL);
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    text = text.replace("\"error\":0.5", "\"error\":\"n/a\"");
    text = text.replace("\"error\":1.5", "\"error\":null");
    text = text.replace("\"error\":2.5", "\"error\":true");
    Files.writeString(journal, text, StandardCharsets.UTF_8);

    Replay replay = SweepFolder.replay(dir);
    Objective objective = Objective.minimize("error");
    assertThat(replay.best(objective)).map(TrialRecord::id).contains(3L);
    assertThat(replay.ranking(objective).size()).isEqualTo(4);
    assertThat(replay.ranking(objective).best()).map(TrialRecord::id).contains(3L);
  }

  private static TrialRecord completed(long id, double error) {
    return new TrialRecord(
        id,
        "t" + id,
        Map.of("x", (int) id),
        Config.ofFlat(Map.of("x", (int) id)),
        TrialStatus.COMPLETED,
        Map.of("error", error),
        List.of(),
        Optional.empty(),
        Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofSeconds(1));
  }
}
