package dev.sweep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An agent cut off from the database (its packets dropped, nothing closed) while its trials run: it
 * stops them before its heartbeat's timeout, another agent runs them again after it, so no trial
 * ever runs in two agents at once; once the network is back the cut-off agent goes on without
 * crashing, and every trial has one result.
 */
class CutOffTest {
  private static final Agent AGENT =
      Agent.defaults()
          .withHeartbeat(Duration.ofMillis(300), Duration.ofSeconds(2))
          .withRetryFor(Duration.ofSeconds(60));
  private final Space space = Space.builder().add("x", Floats.uniform(0, 1)).build();
  private PostgresTestSupport pg;
  private PausableProxy proxy;

  /** When one run ran one attempt of a trial, by this JVM's clock. */
  private record Span(long trial, String run, long from, long to, boolean stopped) {}

  private final List<Span> spans = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    pg = PostgresTestSupport.require();
    PGSimpleDataSource direct = PostgresTestSupport.dataSource(pg.schema);
    proxy = new PausableProxy(direct.getServerNames()[0], direct.getPortNumbers()[0]);
  }

  @AfterEach
  void tearDown() throws Exception {
    proxy.close();
    pg.close();
  }

  private Sweep run(String name, SweepDatabase db, int threads) {
    return Sweep.builder(
            space,
            trial -> {
              long from = System.nanoTime();
              boolean stopped = false;
              while (System.nanoTime() - from < TimeUnit.MILLISECONDS.toNanos(1_500)) {
                if (trial.shouldStop()) {
                  stopped = true;
                  break;
                }
                Thread.sleep(10);
              }
              spans.add(new Span(trial.id(), name, from, System.nanoTime(), stopped));
              return Result.of("error", trial.config().getDouble("x"));
            })
        .name("cut")
        .objective(Objective.minimize("error"))
        .maxTrials(6)
        .threads(threads)
        .store(db.sweep("cut-off", AGENT))
        .build();
  }

  @Test
  @Timeout(120)
  void aCutOffAgentStopsItsTrialsBeforeAnotherTakesThemOver_andGoesOnOnceBack() throws Exception {
    PGSimpleDataSource viaProxy = PostgresTestSupport.dataSource(pg.schema);
    viaProxy.setServerNames(new String[] {"127.0.0.1"});
    viaProxy.setPortNumbers(new int[] {proxy.port()});
    viaProxy.setConnectTimeout(2);
    viaProxy.setSocketTimeout(5);
    try (SweepDatabase cutOff = Stores.postgres(viaProxy)) {
      RunningSweep a = run("a", cutOff, 2).start();
      awaitRunning(2);
      proxy.pause();
      Population b = run("b", pg.db, 2).run(); // takes over a's two trials once they are stale
      proxy.resume();
      Population fromA = a.join(); // no exception: a recovers once the network is back

      assertThat(fromA.size()).isGreaterThanOrEqualTo(2);
      assertThat(b.trials()).extracting(t -> t.status()).containsOnly(TrialStatus.COMPLETED);
    }

    List<Span> ofA = spans.stream().filter(s -> s.run().equals("a")).toList();
    assertThat(ofA)
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.stopped()).as("a stopped %s", s).isTrue());
    Map<Long, List<Span>> byTrial = spans.stream().collect(Collectors.groupingBy(Span::trial));
    byTrial.forEach(
        (trial, runs) -> {
          runs.sort(Comparator.comparingLong(Span::from));
          for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).from())
                .as("trial %d: %s", trial, runs)
                .isGreaterThan(runs.get(i - 1).to());
          }
        });
    Map<Long, TrialState> states = pg.db.trials("cut-off");
    assertThat(states).hasSize(6);
    assertThat(states.values())
        .allSatisfy(
            s -> assertThat(s.last().orElseThrow().status()).isEqualTo(TrialStatus.COMPLETED));
    Map<Long, List<Attempt>> attempts =
        pg.db.attempts("cut-off").stream().collect(Collectors.groupingBy(Attempt::trial));
    ofA.forEach(
        s ->
            assertThat(attempts.get(s.trial()))
                .as("trial %d's attempts", s.trial())
                .anySatisfy(at -> assertThat(at.status()).isEqualTo("LOST"))
                .hasSize(2));
  }

  private void awaitRunning(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pg.db.attempts("cut-off").stream().filter(a -> a.status().equals("RUNNING")).count()
        < n) {
      assertThat(System.nanoTime()).as("%d trials start", n).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
