package dev.sweep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real sweeps (sweep-core's Sweep) run by several runs at once on one shared sweep. */
class PostgresSweepTest {
  private final Space space = Space.builder().add("x", Floats.uniform(0, 1)).build();
  private PostgresTestSupport pg;

  @BeforeEach
  void setUp() {
    pg = PostgresTestSupport.require();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private Sweep sweep(String id, long trials, Agent agent, long sleepMs) {
    return Sweep.builder(
            space,
            t -> {
              Thread.sleep(sleepMs);
              return Result.of("error", t.config().getDouble("x"));
            })
        .name("shared")
        .objective(Objective.minimize("error"))
        .maxTrials(trials)
        .threads(2)
        .store(pg.db.sweep(id, agent))
        .build();
  }

  /** Runs {@code runs} runs of the sweep at once; each run's population. */
  private List<Population> runAll(
      int runs, String id, long trials, Agent agent, long sleepMs, Runnable meanwhile)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    List<Future<Population>> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      all.add(pool.submit(() -> sweep(id, trials, agent, sleepMs).run()));
    }
    meanwhile.run();
    List<Population> populations = new ArrayList<>();
    for (Future<Population> f : all) {
      populations.add(f.get());
    }
    pool.shutdown();
    return populations;
  }

  /** Every trial done once, completed, and no two attempts of a trial overlapping in time. */
  private void assertEveryTrialDoneOnce(String id, long trials) {
    Map<Long, TrialState> states = pg.db.trials(id);
    assertThat(states.keySet()).hasSize((int) trials);
    assertThat(states.values())
        .allSatisfy(
            s -> assertThat(s.last().orElseThrow().status()).isEqualTo(TrialStatus.COMPLETED));
    Map<Long, List<Attempt>> byTrial =
        pg.db.attempts(id).stream().collect(Collectors.groupingBy(Attempt::trial));
    byTrial.forEach(
        (trial, attempts) -> {
          for (int i = 1; i < attempts.size(); i++) {
            assertThat(attempts.get(i - 1).ended()).as("trial %d attempt %d", trial, i).isPresent();
            assertThat(attempts.get(i - 1).ended().get())
                .isBeforeOrEqualTo(attempts.get(i).started());
          }
          assertThat(attempts.stream().filter(a -> a.status().equals("COMPLETED"))).hasSize(1);
        });
  }

  @Test
  void threeRunsOfOneSweepRunEveryTrialOnce() throws Exception {
    List<Population> populations =
        runAll(3, "three-runs", 60, PostgresTestSupport.FAST, 5, () -> {});
    assertEveryTrialDoneOnce("three-runs", 60);
    assertThat(pg.db.attempts("three-runs")).hasSize(60);
    for (Population p : populations) {
      assertThat(p.size()).isEqualTo(60); // each run took up the others' results
    }
  }

  @Test
  void aDatabaseRestartMidRunLosesNothing() throws Exception {
    Path script = Path.of("..", "scripts", "postgres.sh");
    Assumptions.assumeTrue(
        System.getenv("SWEEP_TEST_POSTGRES") == null && Files.exists(script),
        "restarts only the server of scripts/postgres.sh");
    Agent agent =
        Agent.defaults()
            .withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(5))
            .withRetryFor(Duration.ofSeconds(90));
    runAll(
        3,
        "restart",
        150,
        agent,
        40,
        () -> {
          try {
            Thread.sleep(300); // the runs take about a second without the restart
            Process p =
                new ProcessBuilder("bash", script.toString(), "restart").inheritIO().start();
            assertThat(p.waitFor()).isZero();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    assertEveryTrialDoneOnce("restart", 150);
  }
}
