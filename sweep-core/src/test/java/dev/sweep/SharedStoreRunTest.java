package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.SharedStore;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Runs that share one store ({@link SharedStore}: agents of one sweep) run each trial once between
 * them, give trial {@code i} the config one run alone would, keep their samplers in step with each
 * other, and take over the trials of a run that was lost.
 */
class SharedStoreRunTest {
  private static final Space SPACE = Space.builder().add("x", Floats.uniform(0, 1)).build();

  private static Sweep.Builder agent(SharedBoard board, String name, Runner runner) {
    return agent(board, name, runner, Long.MAX_VALUE / 2);
  }

  /** An agent that claims at most {@code count} trials. */
  private static Sweep.Builder agent(SharedBoard board, String name, Runner runner, long count) {
    return Sweep.builder(SPACE, runner)
        .sampler(Samplers.random(7))
        .maxTrials(count)
        .threads(2)
        .store(definition -> board.agent(name));
  }

  private static Thread startThread(Runnable body) {
    Thread t = new Thread(body);
    t.start();
    return t;
  }

  private static List<Population> runAll(List<Sweep> sweeps) throws InterruptedException {
    List<Population> populations = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (Sweep sweep : sweeps) {
      threads.add(startThread(() -> populations.add(sweep.run())));
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    return populations;
  }

  @Test
  void runsSharingAStoreRunEachTrialOnceWithTheConfigsOfOneRunAlone() throws Exception {
    SharedBoard board = new SharedBoard(60);
    Map<Long, String> ranBy = new ConcurrentHashMap<>();
    AtomicInteger twice = new AtomicInteger();
    List<Sweep> agents = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      agents.add(
          agent(
                  board,
                  name,
                  trial -> {
                    if (ranBy.putIfAbsent(trial.id(), name) != null) {
                      twice.incrementAndGet();
                    }
                    Thread.sleep(1);
                    return Result.of(trial.config().getDouble("x"));
                  })
              .build());
    }

    List<Population> populations = runAll(agents);

    assertThat(twice).hasValue(0);
    assertThat(ranBy).hasSize(60);
    assertThat(Set.copyOf(ranBy.values())).hasSizeGreaterThan(1);
    Population alone =
        Sweep.builder(SPACE, trial -> Result.of(trial.config().getDouble("x")))
            .sampler(Samplers.random(7))
            .maxTrials(60)
            .build()
            .run();
    Map<Long, Object> expected = new TreeMap<>();
    alone.trials().forEach(t -> expected.put(t.id(), t.params().get("x")));
    Map<Long, Object> shared = new TreeMap<>();
    board.params().forEach((id, params) -> shared.put(id, params.get("x")));
    assertThat(shared).isEqualTo(expected);
    assertThat(board.finals).hasSize(60).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    for (Population p :
        populations) { // each run's population holds every trial, its own and the others'
      assertThat(p.size()).isEqualTo(60);
    }
  }

  @Test
  void aRunsOwnCapBoundsWhatItClaimsAndTheStoreBoundsTheSweep() throws Exception {
    SharedBoard board = new SharedBoard(30);
    AtomicInteger ranByA = new AtomicInteger();
    AtomicInteger ranByB = new AtomicInteger();
    Sweep a = agent(board, "a", trial -> Result.of(ranByA.incrementAndGet()), 5).build();
    Sweep b = agent(board, "b", trial -> Result.of(ranByB.incrementAndGet())).build();

    a.run();
    runAll(List.of(b));

    assertThat(ranByA).hasValue(5);
    assertThat(ranByB).hasValue(25);
  }

  @Test
  void aLostRunsTrialsAreRunAgainByAnother_aLostAttemptBeingNoFailure() throws Exception {
    SharedBoard board = new SharedBoard(4);
    CountDownLatch aRunning = new CountDownLatch(2);
    List<String> stoppedInA = Collections.synchronizedList(new ArrayList<>());
    Sweep a =
        agent(
                board,
                "a",
                trial -> {
                  aRunning.countDown();
                  while (!trial.shouldStop()) {
                    Thread.sleep(2);
                  }
                  stoppedInA.add(trial.id() + "/" + trial.attempt());
                  throw new InterruptedException("stopped");
                },
                2)
            .build();
    RunningSweep runningA = a.start();
    assertThat(aRunning.await(10, TimeUnit.SECONDS)).isTrue();

    board.lose("a"); // its heartbeat lapsed: it no longer holds its attempts, and stops them
    runningA.join();
    Population b =
        agent(board, "b", trial -> Result.of(trial.attempt())).build().run(); // no retries

    assertThat(stoppedInA).containsExactlyInAnyOrder("0/1", "1/1");
    assertThat(board.attempts)
        .contains("0/2 by b", "1/2 by b")
        .doesNotContain("0/2 by a", "1/2 by a");
    assertThat(b.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.COMPLETED);
    assertThat(b.trials())
        .filteredOn(t -> t.id() < 2)
        .extracting(t -> t.metrics().get("value"))
        .containsOnly(2.0);
  }

  @Test
  void aTrialLostThreeTimesIsRecordedFailedWithoutRunningAgain() throws Exception {
    SharedBoard board = new SharedBoard(1);
    for (String name : List.of("a1", "a2", "a3")) { // each run is lost while it runs the trial
      CountDownLatch running = new CountDownLatch(1);
      RunningSweep lost =
          agent(
                  board,
                  name,
                  trial -> {
                    running.countDown();
                    while (!trial.shouldStop()) {
                      Thread.sleep(2);
                    }
                    return Result.of(1);
                  },
                  1)
              .build()
              .start();
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      board.lose(name);
      lost.join();
    }
    AtomicInteger ranInB = new AtomicInteger();

    Population b = agent(board, "b", trial -> Result.of(ranInB.incrementAndGet())).build().run();

    assertThat(ranInB).hasValue(0);
    TrialRecord trial = b.trials().get(0);
    assertThat(trial.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(trial.failure())
        .hasValueSatisfying(
            f -> assertThat(f).contains("lost 3 times", "lost: a3 stopped beating"));
  }

  @Test
  void aTrialWhoseRunsDiedThreeTimesBeforeRecordingItIsRecordedFailed() {
    List<TrialRecord> recorded = new ArrayList<>();
    SharedStore store =
        new SharedStore() {
          private boolean claimed;

          @Override
          public Claim claim() {
            if (claimed) {
              return new Claim.Done();
            }
            claimed = true;
            return new Claim.Fresh(0, 3); // three attempts started, none recorded what it ran
          }

          @Override
          public List<Change> changes() {
            return List.of();
          }

          @Override
          public boolean holds(long id, int attempt) {
            return true;
          }

          @Override
          public boolean isCancelled() {
            return false;
          }

          @Override
          public void finished(TrialRecord record, int attempt, boolean retrying) {
            recorded.add(record);
          }

          @Override
          public void created(Sample sample) {}

          @Override
          public void started(long id, int attempt) {}

          @Override
          public void reported(long id, int attempt, dev.sweep.trial.CurvePoint point) {}

          @Override
          public void note(long id, String key, Map<String, ?> value) {}

          @Override
          public String description() {
            return "a store of one fresh trial";
          }

          @Override
          public void close() {}
        };
    AtomicInteger ran = new AtomicInteger();

    Population p =
        Sweep.builder(SPACE, trial -> Result.of(ran.incrementAndGet()))
            .sampler(Samplers.random(7))
            .maxTrials(10)
            .store(definition -> store)
            .build()
            .run();

    assertThat(ran).hasValue(0);
    assertThat(recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(TrialStatus.FAILED);
              assertThat(r.failure())
                  .hasValueSatisfying(
                      f -> assertThat(f).contains("lost 3 times", "before it was recorded"));
            });
    assertThat(p.trials()).extracting(TrialRecord::status).containsExactly(TrialStatus.FAILED);
  }

  @Test
  void aSweepCancelledInTheStoreStopsEveryRun() throws Exception {
    SharedBoard board = new SharedBoard(1_000);
    CountDownLatch started = new CountDownLatch(2);
    List<Sweep> agents = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      agents.add(
          agent(
                  board,
                  name,
                  trial -> {
                    started.countDown();
                    Thread.sleep(5);
                    return Result.of(1);
                  })
              .build());
    }
    Thread canceller =
        startThread(
            () -> {
              try {
                started.await();
                board.cancel();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    List<Population> populations = runAll(agents);
    canceller.join();

    assertThat(populations).hasSize(2).allSatisfy(p -> assertThat(p.size()).isLessThan(1_000));
  }

  @Test
  void anAdaptiveSamplerCountsEveryRunsTrialsAsRunningAndLearnsEveryRunsResults() throws Exception {
    SharedBoard board = new SharedBoard(40);
    Map<String, Recording> samplings = new ConcurrentHashMap<>();
    List<Sweep> agents = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      Sampler sampler =
          space ->
              samplings.computeIfAbsent(name, n -> new Recording(Samplers.random(3).start(space)));
      agents.add(
          Sweep.builder(
                  SPACE,
                  trial -> {
                    Thread.sleep(2);
                    return Result.of(trial.config().getDouble("x"));
                  })
              .sampler(sampler)
              .maxTrials(Long.MAX_VALUE / 2)
              .threads(2)
              .store(definition -> board.agent(name))
              .build());
    }

    runAll(agents);

    for (Recording r :
        samplings
            .values()) { // every trial was asked for here or adopted from the other run, then told
      Set<Long> seen = new java.util.HashSet<>(r.asked);
      seen.addAll(r.adopted);
      assertThat(seen).hasSize(40);
      assertThat(Collections.disjoint(r.asked, r.adopted)).isTrue();
      assertThat(r.told).hasSize(40).doesNotHaveDuplicates();
    }
    assertThat(Collections.disjoint(samplings.get("a").asked, samplings.get("b").asked)).isTrue();
    assertThat(samplings.get("a").asked.size() + samplings.get("b").asked.size()).isEqualTo(40);
  }

  /**
   * An adaptive sampling that proposes as {@code inner} does and records what it is asked, adopts
   * and is told.
   */
  private static final class Recording implements Sampler.Sampling {
    private final Sampler.Sampling inner;
    final List<Long> asked = Collections.synchronizedList(new ArrayList<>());
    final List<Long> adopted = Collections.synchronizedList(new ArrayList<>());
    final List<Long> told = Collections.synchronizedList(new ArrayList<>());

    Recording(Sampler.Sampling inner) {
      this.inner = inner;
    }

    @Override
    public Sample ask(long index) {
      asked.add(index);
      return inner.ask(index);
    }

    @Override
    public void tell(TrialRecord record) {
      told.add(record.id());
    }

    @Override
    public boolean adaptive() {
      return true;
    }

    @Override
    public void adopt(long index, Map<String, Object> params) {
      adopted.add(index);
    }
  }
}
