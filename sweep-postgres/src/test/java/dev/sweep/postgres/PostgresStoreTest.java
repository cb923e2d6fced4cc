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
    return open(id, PostgresTestSupport.FAST);
  }

  private PostgresStore open(String id, Agent agent) {
    return (PostgresStore) db.join(id, agent).open(PostgresTestSupport.definition("t", 0));
  }

  private static Sample sample(long i) {
    Map<String, Object> params = Map.of("x", i / 100.0);
    return new Sample(i, params, Config.of(params));
  }

  private static TrialRecord record(long i, TrialStatus status, String failure) {
    Map<String, Object> params = Map.of("x", i / 100.0);
    return new TrialRecord(
        i,
        "x=" + i,
        params,
        Config.of(params),
        status,
        Map.of("loss", (double) i),
        List.of(new CurvePoint(1, Map.of("loss", i + 1.0))),
        Optional.ofNullable(failure),
        Instant.now(),
        Duration.ofMillis(5));
  }

  /**
   * Claims, creates, starts and finishes one fresh trial; its index, or -1 when the store has none.
   */
  private static long runOne(PostgresStore store) {
    Claim claim = store.claim();
    if (!(claim instanceof Claim.Fresh fresh)) {
      return -1;
    }
    store.created(sample(fresh.index()));
    store.started(fresh.index(), fresh.attempts() + 1);
    store.finished(record(fresh.index(), TrialStatus.COMPLETED, null), fresh.attempts() + 1);
    return fresh.index();
  }

  @Test
  void createsJoinsAndRefusesAForeignDefinition() {
    String id = db.create(PostgresTestSupport.definition("lr", 5), "name: lr\n");
    assertThat(id).matches("[a-z2-7]{8}");
    assertThat(db.spec(id)).contains("name: lr\n");
    assertThat(db.definition(id).orElseThrow())
        .containsEntry("name", "lr")
        .containsEntry("trials", 5);
    try (SharedStore store = open(id)) {
      assertThat(store.description())
          .contains(id)
          .doesNotContain(PostgresTestSupport.PASSWORD + "@");
    }
    Map<String, Object> other = PostgresTestSupport.definition("lr", 5);
    other.put("space", "{x: uniform(0, 2)}");
    assertThatThrownBy(() -> db.join(id, PostgresTestSupport.FAST).open(other))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("space")
        .hasMessageContaining("uniform(0, 2)");
    assertThatThrownBy(() -> db.join("nosuchid", PostgresTestSupport.FAST).open(other))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no sweep 'nosuchid'");
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
      all.add(
          pool.submit(() -> Stores.postgres(PostgresTestSupport.dataSource(pg.schema)).migrate()));
    }
    for (Future<?> f : all) {
      f.get();
    }
    pool.shutdown();
    try (Connection c = pg.source.getConnection();
        Statement s = c.createStatement();
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
      runs.add(
          pool.submit(
              () -> {
                try (PostgresStore store = open(id, PostgresTestSupport.STEADY)) {
                  while (true) {
                    Claim claim = store.claim();
                    if (claim instanceof Claim.Done) {
                      break;
                    } else if (claim instanceof Claim.Wait) {
                      Thread.sleep(20);
                      continue;
                    }
                    long i = ((Claim.Fresh) claim).index();
                    int attempt = ((Claim.Fresh) claim).attempts() + 1;
                    store.created(sample(i));
                    store.started(i, attempt);
                    store.finished(record(i, TrialStatus.COMPLETED, null), attempt);
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
    assertThat(trials.values())
        .allMatch(s -> s.last().orElseThrow().status() == TrialStatus.COMPLETED);
    assertThat(trials.get(7L).last().orElseThrow().curve())
        .containsExactly(new CurvePoint(1, Map.of("loss", 8.0)));
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
      Claim again = second.claim();
      while (again instanceof Claim.Wait) {
        Thread.sleep(100);
        again = second.claim();
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
      assertThat(a.lastLost())
          .hasValueSatisfying(f -> assertThat(f).contains("lost").contains(first.agent()));
      assertThat(first.holds(claim.index(), 1)).isFalse();

      second.started(a.id(), 2);
      // the old holder's late end is not recorded
      first.finished(record(claim.index(), TrialStatus.COMPLETED, null), 1);
      second.finished(record(a.id(), TrialStatus.COMPLETED, null), 2);
      List<Attempt> attempts = db.attempts(id).stream().filter(x -> x.trial() == a.id()).toList();
      assertThat(attempts).extracting(Attempt::status).containsExactly("LOST", "COMPLETED");
      assertThat(attempts.get(0).ended().orElseThrow())
          .isBeforeOrEqualTo(attempts.get(1).started());
      assertThat(attempts.get(0).message())
          .hasValueSatisfying(m -> assertThat(m).contains(first.agent()));
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
    first.finished(
        record(c0.index(), TrialStatus.FAILED, "boom"),
        1,
        true); // to retry, but the run stops: open at close
    first.close(); // trial c1 still running there
    assertThat(first.holds(c1.index(), 1)).isFalse();

    try (PostgresStore second = open(id)) {
      Claim.Again failed = (Claim.Again) second.claim();
      assertThat(failed.id()).isEqualTo(c0.index());
      assertThat(failed.failure()).contains("boom");
      second.started(failed.id(), 2);
      second.finished(record(failed.id(), TrialStatus.COMPLETED, null), 2);
      Claim lost = second.claim();
      while (lost instanceof Claim.Wait) {
        Thread.sleep(100);
        lost = second.claim();
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
      assertThat(store.claim())
          .isInstanceOf(Claim.Done.class); // not retried: the failure is its result
    }
    assertThat(db.trials(id).get(0L).last().orElseThrow().failure()).contains("boom");
  }

  @Test
  void changesNeverMissNorRepeatAnEventUnderConcurrentWriters() throws Exception {
    int writers = 4;
    int perWriter = 60;
    String id =
        db.create(PostgresTestSupport.definition("changes", (long) writers * perWriter), null);
    List<Change> heard = new CopyOnWriteArrayList<>();
    try (PostgresStore reader = open(id)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> runs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        runs.add(
            pool.submit(
                () -> {
                  try (PostgresStore store = open(id)) {
                    while (store.claim() instanceof Claim.Fresh f) {
                      long i = f.index();
                      int attempt = f.attempts() + 1;
                      store.created(sample(i));
                      store.started(i, attempt);
                      store.reported(i, attempt, new CurvePoint(1, Map.of("loss", 1.0)));
                      store.finished(record(i, TrialStatus.COMPLETED, null), attempt);
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
      long trial =
          c instanceof Change.Created cr
              ? cr.id()
              : c instanceof Change.Reported r ? r.id() : ((Change.Finished) c).record().id();
      byKind.computeIfAbsent(kind, k -> new HashSet<>()).add(trial);
      counts.merge(kind, 1, Integer::sum);
      if (c instanceof Change.Finished) {
        order.add(trial);
      }
      if (c instanceof Change.Created) {
        assertThat(byKind.getOrDefault("Finished", Set.of()))
            .doesNotContain(trial); // created before finished
      }
    }
    int n = writers * perWriter;
    assertThat(counts)
        .containsEntry("Created", n)
        .containsEntry("Reported", n)
        .containsEntry("Finished", n);
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
    assertThatThrownBy(() -> db.rerun(id, List.of(1L, 9L)))
        .hasMessageContaining("has no trials [9]");
  }

  /**
   * Adds what {@code store} hears to {@code heard} until it holds {@code n} changes (5 s at most);
   * returns it.
   */
  private static List<Change> heard(PostgresStore store, List<Change> heard, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (heard.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
      heard.addAll(store.changes());
    }
    return heard;
  }

  @Test
  void aThreadRunsATrialInOneRoundTrip_theFinishClaimsItsNext() {
    String id = db.create(PostgresTestSupport.definition("one-trip", 50), null);
    try (PostgresStore store = open(id)) {
      runOne(store); // the first claim is a round trip of its own
      long before = store.calls();
      for (int k = 0; k < 40; k++) {
        assertThat(runOne(store)).isEqualTo(k + 1);
      }
      assertThat(store.calls() - before).as("round trips for 40 trials").isEqualTo(40);
    }
    assertThat(db.trials(id)).hasSize(41);
    assertThat(db.attempts(id))
        .hasSize(41)
        .allSatisfy(a -> assertThat(a.status()).isEqualTo("COMPLETED"));
  }

  @Test
  void aPrefetchedClaimNotTakenIsReleasedAtClose_asIfNeverClaimed() {
    String id = db.create(PostgresTestSupport.definition("prefetch", 3), null);
    try (PostgresStore store = open(id)) {
      runOne(store); // its finish claims trial 1 for this thread
      List<Attempt> attempts = db.attempts(id);
      assertThat(attempts).extracting(Attempt::trial).containsExactly(0L, 1L);
      assertThat(attempts.get(1).status()).isEqualTo("RUNNING");
    }
    assertThat(db.attempts(id)).extracting(Attempt::trial).containsExactly(0L);
    try (PostgresStore other = open(id)) {
      Claim.Fresh again = (Claim.Fresh) other.claim();
      assertThat(again.index()).isEqualTo(1);
      assertThat(again.attempts()).isZero();
    }
  }

  @Test
  void aPrefetchedClaimIsTheThreadsOwn() throws Exception {
    String id = db.create(PostgresTestSupport.definition("threads", 10), null);
    try (PostgresStore store = open(id)) {
      runOne(store); // trial 0; prefetches trial 1 for this thread
      ExecutorService other = Executors.newSingleThreadExecutor();
      long elsewhere = other.submit(() -> ((Claim.Fresh) store.claim()).index()).get();
      other.shutdown();
      assertThat(elsewhere).isEqualTo(2);
      assertThat(((Claim.Fresh) store.claim()).index()).isEqualTo(1);
    }
  }

  @Test
  void aRunningTrialsSampleIsRecordedSoon_andOthersHearOfItBeforeItsEnd() throws Exception {
    String id = db.create(PostgresTestSupport.definition("soon", 5), null);
    try (PostgresStore store = open(id);
        PostgresStore other = open(id)) {
      other.changes();
      Claim.Fresh c = (Claim.Fresh) store.claim();
      store.created(sample(c.index()));
      store.started(c.index(), 1);
      assertThat(db.trials(id)).isEmpty(); // not yet
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (db.trials(id).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(db.trials(id)).containsKey(c.index());
      assertThat(heard(other, new ArrayList<>(), 1))
          .containsExactly(new Change.Created(c.index(), sample(c.index()).params()));
      store.finished(record(c.index(), TrialStatus.COMPLETED, null), 1);
      assertThat(heard(other, new ArrayList<>(), 1))
          .hasSize(1)
          .allMatch(ch -> ch instanceof Change.Finished);
    }
  }

  @Test
  void aFollowingRunHearsTheOthersWithItsFinish_withoutARoundTrip() throws Exception {
    String id = db.create(PostgresTestSupport.definition("follow", 20), null);
    try (PostgresStore reader = open(id);
        PostgresStore writer = open(id)) {
      assertThat(reader.changes()).isEmpty();
      long w0 = runOne(writer);
      long r0 = runOne(reader);
      long before = reader.calls();
      List<Change> heard = new ArrayList<>(reader.changes());
      assertThat(reader.calls()).isEqualTo(before);
      heard(
          reader, heard,
          2); // all of them, unless a transaction older than the writer's was still running
      assertThat(heard).hasSize(2);
      assertThat(heard.get(0)).isInstanceOf(Change.Created.class);
      assertThat(((Change.Finished) heard.get(1)).record().id()).isEqualTo(w0);
      assertThat(r0).isNotEqualTo(w0);
      assertThat(reader.changes())
          .isEmpty(); // nothing new: a round trip of its own, which reads none
      long w1 = runOne(writer);
      runOne(reader);
      assertThat(heard(reader, new ArrayList<>(reader.changes()), 2))
          .extracting(ch -> ch instanceof Change.Finished f ? f.record().id() : -1L)
          .containsExactly(-1L, w1);
    }
  }

  @Test
  void theHeartbeatSeesACancelWithoutChanges_andAPrefetchedClaimIsNotHandedOut() throws Exception {
    String id = db.create(PostgresTestSupport.definition("cancel-beat", 10), null);
    try (PostgresStore store = open(id)) {
      runOne(store); // prefetches trial 1
      db.cancel(id);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!store.isCancelled() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(store.isCancelled()).isTrue();
      assertThat(store.claim()).isInstanceOf(Claim.Done.class);
    }
    assertThat(db.attempts(id)).hasSize(1);
  }

  @Test
  void aFreshTrialLostBeforeItsSampleWasRecordedIsFreshAgain_withItsLostAttemptKept()
      throws Exception {
    String id = db.create(PostgresTestSupport.definition("lost-fresh", 1), null);
    PostgresStore first = open(id);
    Claim.Fresh c = (Claim.Fresh) first.claim();
    first.created(sample(c.index()));
    first.started(c.index(), 1);
    first.stopBeating(); // killed: its sample was never written
    try (PostgresStore second = open(id)) {
      Claim again = second.claim();
      while (again instanceof Claim.Wait) {
        Thread.sleep(100);
        again = second.claim();
      }
      Claim.Fresh fresh = (Claim.Fresh) again;
      assertThat(fresh.index()).isEqualTo(c.index());
      assertThat(fresh.attempts()).isEqualTo(1);
      second.created(sample(c.index()));
      second.started(c.index(), 2);
      second.finished(record(c.index(), TrialStatus.COMPLETED, null), 2);
    }
    List<Attempt> attempts = db.attempts(id);
    assertThat(attempts).extracting(Attempt::status).containsExactly("LOST", "COMPLETED");
    assertThat(attempts.get(0).ended().orElseThrow()).isBeforeOrEqualTo(attempts.get(1).started());
    assertThat(db.trials(id).get(0L).attempts()).isEqualTo(2);
    first.close();
  }
}
