package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sample;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seam a run records through: what a folder and memory make of the same events. */
class SweepStoreTest {
  private static final Map<String, Object> PARAMS = Map.of("lr", 0.1);
  private static final Config CONFIG = Config.of(Map.of("lr", 0.1));

  private static TrialRecord finished(long id) {
    return new TrialRecord(
        id,
        "lr=0.1",
        PARAMS,
        CONFIG,
        TrialStatus.COMPLETED,
        Map.of("error", 0.5),
        List.of(new CurvePoint(1, Map.of("error", 0.5))),
        Optional.empty(),
        Instant.ofEpochMilli(1_000),
        Duration.ofSeconds(2));
  }

  private static void record(SweepStore store) {
    store.created(new Sample(0, PARAMS, CONFIG));
    store.started(0, 1);
    store.reported(0, 1, new CurvePoint(1, Map.of("error", 0.5)));
    store.note(0, "job", Map.of("id", "42"));
    store.finished(finished(0), 1);
  }

  @Test
  void aFolder_replaysWhatARunRecorded(@TempDir Path dir) {
    try (SweepStore store = SweepFolder.open(dir, Map.of("name", "s"))) {
      record(store);
      assertThat(store.directory()).hasValue(dir);
      assertThat(store.description()).isEqualTo("sweep folder " + dir);
    }
    try (SweepStore store = SweepFolder.open(dir, Map.of("name", "s"))) {
      Map<Long, TrialState> past = store.replay();
      assertThat(past).containsOnlyKeys(0L);
      TrialState trial = past.get(0L);
      assertThat(trial.hash()).isEqualTo(CONFIG.hash());
      assertThat(trial.attempts()).isEqualTo(1);
      assertThat(trial.notes()).containsEntry("job", Map.of("id", "42"));
      assertThat(trial.last())
          .hasValueSatisfying(
              last -> {
                assertThat(last.status()).isEqualTo(TrialStatus.COMPLETED);
                assertThat(last.curve()).extracting(CurvePoint::step).containsExactly(1L);
              });
    }
  }

  @Test
  void aFolder_journalsNoReport_theFinishedEventHoldsTheCurve(@TempDir Path dir) throws Exception {
    try (SweepStore store = SweepFolder.open(dir, Map.of("name", "s"))) {
      store.created(new Sample(0, PARAMS, CONFIG));
      store.started(0, 1);
      byte[] before = Files.readAllBytes(dir.resolve(SweepFolder.JOURNAL));
      store.reported(0, 1, new CurvePoint(1, Map.of("error", 0.5)));
      assertThat(dir.resolve(SweepFolder.JOURNAL)).hasBinaryContent(before);
    }
  }

  @Test
  void memory_keepsNothingAndReplaysNothing() {
    try (SweepStore store = SweepStore.inMemory()) {
      record(store);
      assertThat(store.replay()).isEmpty();
      assertThat(store.directory()).isEmpty();
      assertThat(store.isFull()).isFalse();
      assertThat(store.description()).isEqualTo("memory");
    }
  }
}
