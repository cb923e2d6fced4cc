package dev.sweep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sample;
import dev.sweep.store.SharedStore;
import dev.sweep.store.SharedStore.Change;
import dev.sweep.store.SharedStore.Claim;
import dev.sweep.store.StoreException;
import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresStoreTest {
  private PostgresTestSupport pg;
  private SweepDatabase db;

  @BeforeEach
  void setUp() {
    pg = PostgresTestSupport.require();
    db = pg.db;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private PostgresStore open(String id) {
    return (PostgresStore) db.join(id, PostgresTestSupport.FAST).open(PostgresTestSupport.definition("t", 0));
  }

  private static Sample sample(long i) {
    Map<String, Object> params = Map.of("x", i / 100.0);
    return new Sample(i, params, Config.of(params));
  }

  private static TrialRecord record(long i, TrialStatus status, String failure) {
    Map<String, Object> params = Map.of("x", i / 100.0);
    return new TrialRecord(i, "x=" + i, params, Config.of(params), status, Map.of("loss", (double) i),
        List.of(new CurvePoint(1, Map.of("loss", i + 1.0))), Optional.ofNullable(failure), Instant.now(),
        Duration.ofMillis(5));
  }

  /** Claims, creates, starts and finishes one fresh trial; its index, or -1 when the store has none. */
  private static long runOne(PostgresStore store) {
    Claim claim = store.claim();
    if (!(claim instanceof Claim.Fresh fresh)) {
      return -1;
    }
    store.created(sample(fresh.index()));
    store.started(fresh.index(), 1);
    store.finished(record(fresh.index(), TrialStatus.COMPLETED, null), 1);
    return fresh.index();
  }

  @Test
  void createsJoinsAndRefusesAForeignDefinition() {
    String id = db.create(PostgresTestSupport.definition("lr", 5), "name: lr\n");
    assertThat(id).matches("[a-z2-7]{8}");
    assertThat(db.spec(id)).contains("name: lr\n");
    assertThat(db.definition(id).orElseThrow()).containsEntry("name", "lr").containsEntry("trials", 5);
    try (SharedStore store = open(id)) {
      assertThat(store.description()).contains(id).doesNotContain(PostgresTestSupport.PASSWORD + "@");
    }
    Map<String, Object> other = PostgresTestSupport.definition("lr", 5);
    other.put("space", "{x: uniform(0, 2)}");
    assertThatThrownBy(() -> db.join(id, PostgresTestSupport.FAST).open(other))
        .isInstanceOf(StoreException.class).hasMessageContaining("space").hasMessageContaining("uniform(0, 2)");
    assertThatThrownBy(() -> db.join("nosuchid", PostgresTestSupport.FAST).open(other))
        .isInstanceOf(StoreException.class).hasMessageContaining("no sweep 'nosuchid'");
    // sweep(id) creates it once, whoever comes first
    Map<String, Object> def = PostgresTestSupport.definition("mine", 3);
    db.sweep("my-sweep", PostgresTestSupport.FAST).open(def).close();
    db.sweep("my-sweep", PostgresTestSupport.FAST).open(def).close();
    assertThat(db.definition("my-sweep").orElseThrow()).containsEntry("trials", 3);
  }

  @Test
  void migrationsApplyOnceEvenWhenStartedAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(pool.submit(() -> Stores.postgres(PostgresTestSupport.dataSource(pg.schema)).migrate()));
    }
    for (Future<?> f : all) {
      f.get();
    }
    pool.shutdown();
    try (Connection c = pg.source.getConnection(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*), max(version) FROM sweep_migrations")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(Schema.MIGRATIONS.size());
      assertThat(r.getInt(2)).isEqualTo(Schema.MIGRATIONS.size());
    }
  }

  @Test
  void everyIndexIsClaimedExactlyOnceByManyRuns() throws Exception {
    String id = db.create(PostgresTestSupport.definition("many", 300), null);
    Map<Long, Integer> seen = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> runs = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      runs.add(pool.submit(() -> {
        try (PostgresStore store = open(id)) {
          while (true) {
            Claim claim = store.claim();
            if (claim instanceof Claim.Done) {
              break;
            } else if (claim instanceof Claim.Wait) {
              Thread.sleep(20);
              continue;
            }
            long i = ((Claim.Fresh) claim).index();
            store.created(sample(i));
            store.started(i, 1);
            store.finished(record(i, TrialStatus.COMPLETED, null), 1);
            seen.merge(i, 1, Integer::sum);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : runs) {
      f.get();
    }
    pool.shutdown();
    assertThat(seen).hasSize(300);
    assertThat(seen.values()).containsOnly(1);
    Map<Long, TrialState> trials = db.trials(id);
    assertThat(trials).hasSize(300);
    assertThat(trials.values()).allMatch(s -> s.attempts() == 1 && s.last().orElseThrow().status() == TrialStatus.COMPLETED);
    assertThat(trials.get(7L).last().orElseThrow().curve()).containsExactly(new CurvePoint(1, Map.of("loss", 8.0)));
  }

  @Test
  void aStaleAttemptIsTakenOverAfterTheTimeout() throws Exception {
    String id = db.create(PostgresTestSupport.definition("stale", 2), null);
    PostgresStore first = open(id);
    Claim.Fresh claim = (Claim.Fresh) first.claim();
    first.created(sample(claim.index()));
    first.started(claim.index(), 1);
    first.note(claim.index(), "ckpt", Map.of("step", 3));
    assertThat(first.holds(claim.index(), 1)).isTrue();
    first.stopBeating(); // as if the run hung or was cut off

    try (PostgresStore second = open(id)) {
      assertThat(second.claim()).isInstanceOf(Claim.Fresh.class); // index 1: nothing stale yet
      long t0 = System.nanoTime();
      Claim again;
      while ((again = second.claim()) instanceof Claim.Wait) {
        Thread.sleep(100);
      }
      long waited = (System.nanoTime() - t0) / 1_000_000;
      assertThat(waited).isGreaterThan(500);
      Claim.Again a = (Claim.Again) again;
      assertThat(a.id()).isEqualTo(claim.index());
      assertThat(a.attempts()).isEqualTo(1);
      assertThat(a.params()).isEqualTo(sample(claim.index()).params());
      assertThat(a.notes()).containsEntry("ckpt", Map.of("step", 3));
      assertThat(a.failure()).isEmpty(); // a lost attempt is no failure of the trial
      assertThat(a.lost()).isEqualTo(1);
      assertThat(a.lastLost()).hasValueSatisfying(f -> assertThat(f).contains("lost").contains(first.agent()));
      assertThat(first.holds(claim.index(), 1)).isFalse();

      second.started(a.id(), 2);
      // the old holder's late end is not recorded
      first.finished(record(claim.index(), TrialStatus.COMPLETED, null), 1);
      second.finished(record(a.id(), TrialStatus.COMPLETED, null), 2);
      List<Attempt> attempts = db.attempts(id).stream().filter(x -> x.trial() == a.id()).toList();
      assertThat(attempts).extracting(Attempt::status).containsExactly("LOST", "COMPLETED");
      assertThat(attempts.get(0).ended().orElseThrow()).isBeforeOrEqualTo(attempts.get(1).started());
      assertThat(attempts.get(0).message()).hasValueSatisfying(m -> assertThat(m).contains(first.agent()));
    }
    first.close();
  }

  @Test
  void aClosedStoresRunningAttemptGoesStaleAndAFailedOneIsRetriedElsewhere() throws Exception {
    String id = db.create(PostgresTestSupport.definition("closed", 2), null);
    PostgresStore first = open(id);
    Claim.Fresh c0 = (Claim.Fresh) first.claim();
    Claim.Fresh c1 = (Claim.Fresh) first.claim();
    first.created(sample(c0.index()));
    first.started(c0.index(), 1);
    first.created(sample(c1.index()));
    first.started(c1.index(), 1);
    first.finished(record(c0.index(), TrialStatus.FAILED, "boom"), 1, true); // to retry, but the run stops: open at close
    first.close(); // trial c1 still running there
    assertThat(first.holds(c1.index(), 1)).isFalse();

    try (PostgresStore second = open(id)) {
      Claim.Again failed = (Claim.Again) second.claim();
      assertThat(failed.id()).isEqualTo(c0.index());
      assertThat(failed.failure()).contains("boom");
      second.started(failed.id(), 2);
      second.finished(record(failed.id(), TrialStatus.COMPLETED, null), 2);
      Claim lost;
      while ((lost = second.claim()) instanceof Claim.Wait) {
        Thread.sleep(100);
      }
      assertThat(((Claim.Again) lost).id()).isEqualTo(c1.index());
      second.started(c1.index(), 2);
      second.finished(record(c1.index(), TrialStatus.COMPLETED, null), 2);
      assertThat(second.claim()).isInstanceOf(Claim.Done.class);
    }
  }

  @Test
  void aFailedTrialGivenUpIsDoneAndItsLastFailureIsKept() {
    String id = db.create(PostgresTestSupport.definition("giveup", 1), null);
    try (PostgresStore store = open(id)) {
      Claim.Fresh c = (Claim.Fresh) store.claim();
      store.created(sample(c.index()));
      store.started(c.index(), 1);
      store.finished(record(c.index(), TrialStatus.FAILED, "boom"), 1);
      assertThat(store.claim()).isInstanceOf(Claim.Done.class); // not retried: the failure is its result
    }
    assertThat(db.trials(id).get(0L).last().orElseThrow().failure()).contains("boom");
  }

  @Test
  void changesNeverMissNorRepeatAnEventUnderConcurrentWriters() throws Exception {
    int writers = 4;
    int perWriter = 60;
    String id = db.create(PostgresTestSupport.definition("changes", writers * perWriter), null);
    List<Change> heard = new CopyOnWriteArrayList<>();
    try (PostgresStore reader = open(id)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> runs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        runs.add(pool.submit(() -> {
          try (PostgresStore store = open(id)) {
            for (long i; (i = store.claim() instanceof Claim.Fresh f ? f.index() : -1) >= 0; ) {
              store.created(sample(i));
              store.started(i, 1);
              store.reported(i, 1, new CurvePoint(1, Map.of("loss", 1.0)));
              store.finished(record(i, TrialStatus.COMPLETED, null), 1);
            }
          }
          return null;
        }));
      }
      boolean done = false;
      while (!done) {
        done = runs.stream().allMatch(Future::isDone);
        heard.addAll(reader.changes());
      }
      heard.addAll(reader.changes());
      for (Future<?> f : runs) {
        f.get();
      }
      pool.shutdown();
    }
    Map<String, Set<Long>> byKind = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    List<Long> order = new ArrayList<>();
    for (Change c : heard) {
      String kind = c.getClass().getSimpleName();
      long trial = c instanceof Change.Created cr ? cr.id() : c instanceof Change.Reported r ? r.id()
          : ((Change.Finished) c).record().id();
      byKind.computeIfAbsent(kind, k -> new HashSet<>()).add(trial);
      counts.merge(kind, 1, Integer::sum);
      if (c instanceof Change.Finished) {
        order.add(trial);
      }
      if (c instanceof Change.Created) {
        assertThat(byKind.getOrDefault("Finished", Set.of())).doesNotContain(trial); // created before finished
      }
    }
    int n = writers * perWriter;
    assertThat(counts).containsEntry("Created", n).containsEntry("Reported", n).containsEntry("Finished", n);
    assertThat(byKind.get("Created")).hasSize(n);
    assertThat(byKind.get("Finished")).hasSize(n);
    assertThat(Collections.frequency(order, 0L)).isEqualTo(1);
  }

  @Test
  void aCancelledSweepIsDoneAndRunsSeeIt() {
    String id = db.create(PostgresTestSupport.definition("cancel", 10), null);
    try (PostgresStore store = open(id)) {
      runOne(store);
      assertThat(store.isCancelled()).isFalse();
      db.cancel(id);
      store.changes();
      assertThat(store.isCancelled()).isTrue();
      assertThat(store.claim()).isInstanceOf(Claim.Done.class);
    }
    assertThat(db.isCancelled(id)).isTrue();
    assertThatThrownBy(() -> db.cancel("nosuchid")).hasMessageContaining("no sweep 'nosuchid'");
  }

  @Test
  void rerunTrialsAreClaimedAgainWithTheirAttemptsKept() {
    String id = db.create(PostgresTestSupport.definition("rerun", 3), null);
    try (PostgresStore store = open(id)) {
      while (runOne(store) >= 0) {
        // all three
      }
      assertThat(store.claim()).isInstanceOf(Claim.Done.class);
      db.rerun(id, List.of(1L));
      Claim.Again again = (Claim.Again) store.claim();
      assertThat(again.id()).isEqualTo(1);
      assertThat(again.attempts()).isEqualTo(1);
      assertThat(again.failure()).isEmpty();
      store.started(1, 2);
      store.finished(record(1, TrialStatus.COMPLETED, null), 2);
      assertThat(store.claim()).isInstanceOf(Claim.Done.class);
    }
    assertThat(db.trials(id).get(1L).attempts()).isEqualTo(2);
    assertThat(db.attempts(id)).hasSize(4);
    assertThatThrownBy(() -> db.rerun(id, List.of(1L, 9L))).hasMessageContaining("has no trials [9]");
  }
}
