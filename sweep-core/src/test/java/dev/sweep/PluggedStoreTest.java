package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.store.StoreWriteException;
import dev.sweep.store.SweepStore;
import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of another module plugs in through {@code Sweep.Builder.store(opener)}: each run records
 * into the store it opens, resumes from what it replays, and closes it; the sweep folder is the
 * same seam's default.
 */
class PluggedStoreTest {
  private static final Space SPACE = Space.builder().add("x", Ints.range(0, 9)).build();

  /**
   * A store that keeps its events and finished trials in lists and maps, as a database would in
   * tables.
   */
  static final class TableStore implements SweepStore {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final Map<Long, TrialState> trials = Collections.synchronizedMap(new TreeMap<>());
    final Map<Long, Sample> created = Collections.synchronizedMap(new TreeMap<>());
    int opened;
    int closed;
    Map<String, Object> definition;
    long failFinishedOf = -1;

    SweepStore open(Map<String, Object> definition) {
      this.definition = definition;
      opened++;
      return this;
    }

    @Override
    public Map<Long, TrialState> replay() {
      return Map.copyOf(trials);
    }

    @Override
    public void created(Sample sample) {
      events.add("created " + sample.index());
      created.put(sample.index(), sample);
    }

    @Override
    public void started(long id, int attempt) {
      events.add("started " + id + "/" + attempt);
    }

    @Override
    public void reported(long id, int attempt, CurvePoint point) {
      events.add("reported " + id + " step " + point.step());
    }

    @Override
    public void note(long id, String key, Map<String, ?> value) {
      events.add("note " + id + " " + key);
    }

    @Override
    public void finished(TrialRecord record, int attempt) {
      if (record.id() == failFinishedOf) {
        throw new StoreWriteException(
            "the table cannot take trial " + record.id(), "connection refused", null);
      }
      events.add("finished " + record.id() + " " + record.status());
      Sample s = created.get(record.id());
      trials.put(
          record.id(),
          new TrialState(
              record.id(),
              s.name(),
              s.params(),
              s.config(),
              s.config().hash(),
              attempt,
              Optional.of(record),
              Map.of()));
    }

    @Override
    public String description() {
      return "table store";
    }

    @Override
    public void close() {
      closed++;
    }
  }

  private static Runner runner(AtomicInteger calls) {
    return trial -> {
      calls.incrementAndGet();
      trial.report(1, "value", trial.config().getInt("x"));
      trial.note("job", Map.of("id", "j" + trial.id()));
      return Result.of(trial.config().getInt("x"));
    };
  }

  @Test
  void aRunRecordsIntoThePluggedStoreAndClosesIt() {
    TableStore table = new TableStore();
    AtomicInteger calls = new AtomicInteger();
    Population population =
        Sweep.builder(SPACE, runner(calls))
            .name("tabled")
            .sampler(Samplers.grid())
            .store(table::open)
            .build()
            .run();

    assertThat(population.size()).isEqualTo(10);
    assertThat(table.opened).isEqualTo(1);
    assertThat(table.closed).isEqualTo(1);
    assertThat(table.definition).containsEntry("name", "tabled").containsEntry("trials", 10L);
    assertThat(table.events.subList(0, 5))
        .containsExactly(
            "created 0", "started 0/1", "reported 0 step 1", "note 0 job", "finished 0 COMPLETED");
    assertThat(table.trials).hasSize(10);
  }

  @Test
  void aLaterRunResumesFromWhatTheStoreReplays_andRunsNothingTwice() {
    TableStore table = new TableStore();
    AtomicInteger calls = new AtomicInteger();
    Sweep sweep =
        Sweep.builder(SPACE, runner(calls)).sampler(Samplers.grid()).store(table::open).build();
    sweep.run();
    Population again = sweep.run();

    assertThat(calls).hasValue(10);
    assertThat(again.trials())
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED)
        .hasSize(10);
    assertThat(table.opened).isEqualTo(2);
    assertThat(table.closed).isEqualTo(2);
  }

  @Test
  void aStoreThatCannotRecordStopsTheRun_andALaterRunRunsWhatItLost() {
    TableStore table = new TableStore();
    table.failFinishedOf = 3;
    AtomicInteger calls = new AtomicInteger();
    Sweep sweep =
        Sweep.builder(SPACE, runner(calls)).sampler(Samplers.grid()).store(table::open).build();

    assertThatThrownBy(sweep::run)
        .isInstanceOf(StoreWriteException.class)
        .hasMessageContaining("trial 3");
    assertThat(table.closed).isEqualTo(1);
    assertThat(table.trials).doesNotContainKey(3L);

    table.failFinishedOf = -1;
    assertThat(sweep.run().size()).isEqualTo(10);
    assertThat(table.trials).containsKey(3L);
  }

  @Test
  void aDirectoryAndAStoreAreRefusedTogether(@TempDir Path dir) {
    TableStore table = new TableStore();
    assertThatThrownBy(
            () ->
                Sweep.builder(SPACE, runner(new AtomicInteger()))
                    .sampler(Samplers.grid())
                    .directory(dir)
                    .store(table::open)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void aStoreWithoutADirectoryGivesTrialsNoWorkFolder() {
    TableStore table = new TableStore();
    Population population =
        Sweep.builder(SPACE, trial -> Result.of(trial.workDir().toString().length()))
            .sampler(Samplers.grid())
            .store(table::open)
            .build()
            .run();
    assertThat(population.trials())
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.FAILED);
    assertThat(population.trials().get(0).failure())
        .hasValueSatisfying(f -> assertThat(f).contains("no work folder"));
  }
}
