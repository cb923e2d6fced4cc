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

/** {@link Replay#update}: only what was appended is read; a rewritten journal is read whole. */
class ReplayUpdateTest {
  @TempDir Path dir;

  @Test
  void anUpdate_readsOnlyTheAppendedLines_andEqualsAWholeReplay() throws IOException {
    try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
      run(folder, 0, 0.5);
      run(folder, 1, 0.4);
      folder.created(2, "t2", Map.of("x", 2), Config.ofFlat(Map.of("x", 2)));
    }
    Replay first = SweepFolder.replay(dir);
    assertThat(first.readWhole()).isTrue();
    assertThat(first.attempts(2)).isZero();

    Replay same = first.update();
    assertThat(same.readWhole()).isFalse();
    assertThat(same.readIds()).isEmpty();
    assertThat(same).isEqualTo(first);

    try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
      folder.started(2, 1);
      folder.finished(completed(2, 0.1), 1);
      run(folder, 3, 0.9);
    }
    Replay next = first.update();
    assertThat(next.readWhole()).isFalse();
    assertThat(next.readIds()).containsExactlyInAnyOrder(2L, 3L);
    assertThat(next).isEqualTo(SweepFolder.replay(dir));
    assertThat(next.best(Objective.minimize("error"))).map(TrialRecord::id).contains(2L);
    assertThat(first.attempts(2)).as("the earlier replay stays as it was").isZero();
    assertThat(first).hasSize(3);
  }

  @Test
  void aRewrittenJournal_isReadWhole() throws IOException {
    try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
      run(folder, 0, 0.5);
      run(folder, 1, 0.4);
    }
    Replay first = SweepFolder.replay(dir);
    Path journal = dir.resolve(SweepFolder.JOURNAL);
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    Files.writeString(journal, text.replace("\"error\":0.5", "\"error\":0.7"));
    Replay next = first.update();
    assertThat(next.readWhole()).isTrue();
    assertThat(next.get(0L).last().orElseThrow().metrics()).containsEntry("error", 0.7);

    Files.writeString(journal, text.substring(0, text.indexOf('\n') + 1));
    Replay cut = next.update();
    assertThat(cut.readWhole()).isTrue();
    assertThat(cut).hasSize(1);
  }

  @Test
  void aTornLastLine_isReadOnceItsWriteEnds_andNotesAreTheUpdatesOwn() throws IOException {
    try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
      run(folder, 0, 0.5);
      folder.note(0, "seen", Map.of("n", 1));
    }
    Replay first = SweepFolder.replay(dir);
    Path journal = dir.resolve(SweepFolder.JOURNAL);
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
      run(folder, 1, 0.4);
      folder.note(0, "seen", Map.of("n", 2));
    }
    String appended = Files.readString(journal, StandardCharsets.UTF_8).substring(text.length());
    Files.writeString(journal, text + appended.substring(0, 20)); // a write under way
    Replay torn = first.update();
    assertThat(torn.readWhole()).isFalse();
    assertThat(torn).hasSize(1);
    Files.writeString(journal, text + appended);
    Replay whole = torn.update();
    assertThat(whole.readWhole()).isFalse();
    assertThat(whole).isEqualTo(SweepFolder.replay(dir)).hasSize(2);
    assertThat(whole.get(0L).notes()).containsEntry("seen", Map.of("n", 2));
    assertThat(first.get(0L).notes()).containsEntry("seen", Map.of("n", 1));
  }

  private static void run(SweepFolder folder, long id, double error) {
    folder.created(id, "t" + id, Map.of("x", (int) id), Config.ofFlat(Map.of("x", (int) id)));
    folder.started(id, 1);
    folder.finished(completed(id, error), 1);
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
