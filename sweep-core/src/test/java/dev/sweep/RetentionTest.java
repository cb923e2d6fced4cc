package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which checkpoint files stay in trial folders: each policy, on trials that write three checkpoints
 * and a log; links are never followed and a running trial's files are never touched.
 */
class RetentionTest {
  @TempDir Path tmp;

  private static final List<String> CHECKPOINTS = List.of("checkpoints/model_epoch_*.pyth");

  private final Space space = Space.builder().add("x", Choices.of(3, 1, 2)).build();

  /** Writes epochs 1 to 3 as checkpoints (10 bytes each) and a log; error = x. */
  private static Result train(Trial t) {
    try {
      Path dir = Files.createDirectories(t.workDir().resolve("checkpoints"));
      for (int epoch = 1; epoch <= 3; epoch++) {
        Files.writeString(dir.resolve("model_epoch_%04d.pyth".formatted(epoch)), "0123456789");
      }
      Files.writeString(t.workDir().resolve("train.log"), "done\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Result.of("error", t.config().getDouble("x"));
  }

  private Population run(Retention retention, Runner runner) {
    return Sweep.builder(space, runner)
        .objective(Objective.minimize("error"))
        .sampler(Samplers.grid())
        .directory(tmp.resolve("sweep"))
        .retention(retention)
        .build()
        .run();
  }

  private Path trialDir(TrialRecord t) {
    return SweepFolder.trialDir(tmp.resolve("sweep"), t.id(), t.name());
  }

  /** The files left in the trial's folder, relative to it, sorted. */
  private List<String> left(TrialRecord t) throws IOException {
    Path dir = trialDir(t);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> Files.isRegularFile(f) || Files.isSymbolicLink(f))
          .map(f -> dir.relativize(f).toString())
          .filter(f -> f.startsWith("checkpoints/") || f.equals("train.log"))
          .sorted()
          .toList();
    }
  }

  @Test
  void keepAll_isTheDefault_andKeepsEveryCheckpoint() throws IOException {
    Population p = run(Retention.ALL, RetentionTest::train);

    for (TrialRecord t : p.trials()) {
      assertThat(left(t)).hasSize(4);
    }
  }

  @Test
  void keepLast_keepsTheLastCheckpointByName_ofEveryTrial_andOtherFiles() throws IOException {
    Population p = run(Retention.last(CHECKPOINTS), RetentionTest::train);

    for (TrialRecord t : p.trials()) {
      assertThat(left(t)).containsExactly("checkpoints/model_epoch_0003.pyth", "train.log");
    }
  }

  @Test
  void keepNone_deletesEveryMatchingFile() throws IOException {
    Population p = run(Retention.none(CHECKPOINTS), RetentionTest::train);

    for (TrialRecord t : p.trials()) {
      assertThat(left(t)).containsExactly("train.log");
    }
  }

  @Test
  void keepBest_keepsTheCheckpointsOfTheBestTrialsOnly() throws IOException {
    Population p = run(Retention.best(1, CHECKPOINTS), RetentionTest::train);

    for (TrialRecord t : p.trials()) {
      if (t.config().getDouble("x") == 1) {
        assertThat(left(t)).as("the best trial").hasSize(4);
      } else {
        assertThat(left(t)).as("trial x=%s", t.config().get("x")).containsExactly("train.log");
      }
    }
  }

  @Test
  void aResumedRun_appliesItWhenItEnds_toTrialsOfEarlierRuns() throws IOException {
    run(Retention.ALL, RetentionTest::train);

    Population again = run(Retention.last(CHECKPOINTS), t -> Result.of("error", 99.0));

    assertThat(again.trials()).hasSize(3); // all kept from the first run: none ran again
    for (TrialRecord t : again.trials()) {
      assertThat(left(t)).containsExactly("checkpoints/model_epoch_0003.pyth", "train.log");
    }
  }

  @Test
  void aCancelledTrial_keepsItsFiles_forTheResumeThatRunsItAgain() throws Exception {

    CountDownLatch started = new CountDownLatch(1);
    Sweep sweep =
        Sweep.builder(
                space,
                t -> {
                  train(t);
                  started.countDown();
                  while (!t.shouldStop()) {
                    Thread.sleep(10);
                  }
                  return Result.of("error", 1.0);
                })
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .retention(Retention.none(CHECKPOINTS))
            .build();
    RunningSweep running = sweep.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    running.cancel();
    Population p = running.join();

    TrialRecord cancelled = p.trials().get(0);
    assertThat(cancelled.status()).isEqualTo(TrialStatus.CANCELLED);
    assertThat(left(cancelled)).hasSize(4);
  }

  @Test
  void aLinkInTheTrialFolder_isNeverFollowedNorDeleted() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("model_epoch_0001.pyth"), "keep me");
    Population p =
        run(
            Retention.none(List.of("checkpoints/model_epoch_*.pyth", "linked/*.pyth")),
            t -> {
              Result r = train(t);
              try {
                Files.createSymbolicLink(t.workDir().resolve("linked"), outside);
                Files.createSymbolicLink(
                    t.workDir().resolve("checkpoints/model_epoch_0009.pyth"), precious);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return r;
            });

    for (TrialRecord t : p.trials()) {
      assertThat(left(t))
          .containsExactly("checkpoints/model_epoch_0009.pyth", "train.log"); // the link stays
    }
    assertThat(precious).hasContent("keep me");
  }

  @Test
  void aRunningTrialsFiles_areUntouched_whileAnotherTrialEnds() throws Exception {
    CountDownLatch othersEnded = new CountDownLatch(2);
    CountDownLatch checked = new CountDownLatch(1);
    AtomicReference<Path> runningDir = new AtomicReference<>();
    AtomicReference<List<String>> seen = new AtomicReference<>();
    Population p =
        Sweep.builder(
                space,
                (Runner)
                    t -> {
                      if (t.config().getInt("x") != 3) {
                        Result r = train(t);
                        othersEnded.countDown();
                        return r;
                      }
                      train(t); // writes its checkpoints, then keeps running
                      runningDir.set(t.workDir());
                      othersEnded.await(30, TimeUnit.SECONDS);
                      Thread.sleep(200); // the other trials' retention has run
                      try (Stream<Path> files = Files.list(t.workDir().resolve("checkpoints"))) {
                        seen.set(files.map(f -> f.getFileName().toString()).sorted().toList());
                      }
                      checked.countDown();
                      return Result.of("error", 3.0);
                    })
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .threads(3)
            .retention(Retention.none(CHECKPOINTS))
            .build()
            .run();

    assertThat(checked.getCount()).isZero();
    assertThat(seen.get())
        .containsExactly("model_epoch_0001.pyth", "model_epoch_0002.pyth", "model_epoch_0003.pyth");
    assertThat(p.trials()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    assertThat(runningDir.get().resolve("checkpoints")).isEmptyDirectory(); // freed once it ended
  }

  @Test
  void retention_rejectsGlobsThatLeaveTheTrialFolder_andBadCounts() {
    assertThatThrownBy(() -> Retention.none(List.of("../other/*.pyth")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "retention glob '../other/*.pyth' has a '..' part; retention never leaves the trial folder");
    assertThatThrownBy(() -> Retention.last(List.of("/ckpt/*.pyth")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "retention glob '/ckpt/*.pyth' is absolute; give it relative to the trial folder");
    assertThatThrownBy(() -> Retention.best(0, CHECKPOINTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retention keep best needs the number of best trials >= 1, got 0");
    assertThatThrownBy(() -> Retention.none(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retention keep none needs the files it applies to, e.g. checkpoints/*.pyth");
    assertThat(Retention.best(3, CHECKPOINTS))
        .hasToString("keep best 3 of [checkpoints/model_epoch_*.pyth]");
  }
}
