package dev.sweep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a live page polls of a stored sweep while a real run holds its trial: the activity mark, the
 * points the running attempt reported, and whether a run is alive.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SweepDatabaseActivityTest {
  /** A run sends its reports in batches of this many at once (PostgresStore.REPORT_BATCH). */
  private static final int STEPS = 64;

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

  @Test
  void aRunningAttempt_showsItsReports_aLiveRun_andTheMarkMovesWhenItEnds() throws Exception {
    Semaphore finish = new Semaphore(0);
    RunningSweep run =
        Sweep.builder(
                Space.builder().add("x", Floats.uniform(0, 1)).build(),
                t -> {
                  for (int step = 1; step <= STEPS; step++) {
                    t.report(step, Map.of("loss", 1.0 / step));
                  }
                  if (!finish.tryAcquire(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never let the trial end");
                  }
                  return Result.of("loss", 0.5);
                })
            .name("watched")
            .objective(Objective.minimize("loss"))
            .maxTrials(1)
            .threads(1)
            .store(pg.db.sweep("watched", PostgresTestSupport.STEADY))
            .build()
            .start();
    try {
      await(() -> pg.db.reported("watched").getOrDefault(0L, List.of()).size() == STEPS);
      List<CurvePoint> points = pg.db.reported("watched").get(0L);
      assertThat(points.get(STEPS - 1))
          .isEqualTo(new CurvePoint(STEPS, Map.of("loss", 1.0 / STEPS)));
      assertThat(pg.db.hasLiveRun("watched")).isTrue();
      String running = pg.db.activity("watched");
      assertThat(pg.db.activity("watched")).as("nothing happened").isEqualTo(running);

      finish.release();
      run.join();
      assertThat(pg.db.activity("watched"))
          .as("the attempt ended, the run left")
          .isNotEqualTo(running);
      assertThat(pg.db.reported("watched")).as("no attempt runs").isEmpty();
      assertThat(pg.db.hasLiveRun("watched")).as("the run closed").isFalse();
    } finally {
      finish.release();
      run.join();
    }
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
