package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.config.Config;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts and cancellation end the whole process tree of a step. */
class KillTest {
  @TempDir Path tmp;

  /** A shell that starts a child {@code sleep 1000}, writes both pids, and waits. */
  private static CommandTemplate tree(String prelude) {
    return CommandTemplate.of(
        List.of(
            "/bin/sh",
            "-c",
            prelude
                + "sleep 1000 & echo $! > \"$SWEEP_TRIAL_DIR/child.pid\"; echo $$ > \"$SWEEP_TRIAL_DIR/sh.pid\"; wait"));
  }

  private static long pid(Path dir, String name) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve(name)).strip());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessTree::isAlive).orElse(false);
  }

  @Test
  void timeout_killsTheProcessAndItsChild() throws Exception {
    TestTrial trial = new TestTrial(4, Config.empty(), tmp.resolve("trial"));
    ProcessRunner runner =
        ProcessRunner.builder().step("train", tree("")).timeout(Duration.ofMillis(500)).build();
    Path dir = trial.workDir();

    assertThatThrownBy(() -> runner.run(trial))
        .isInstanceOf(TimeoutException.class)
        .satisfies(
            e ->
                assertThat(e)
                    .hasMessage(
                        "trial 4 timed out after 500 ms in step 'train'; its processes (pid "
                            + pid(dir, "sh.pid")
                            + " and its descendants) were stopped"));
    assertThat(alive(pid(dir, "sh.pid"))).isFalse();
    assertThat(alive(pid(dir, "child.pid"))).isFalse();
  }

  @Test
  void timeout_alsoEndsADaemonThatLeftTheTreeAndTheSession_andAChildWhoseParentExited()
      throws Exception {
    TestTrial trial = new TestTrial(5, Config.empty(), tmp.resolve("trial"));
    // setsid: a daemon in a session of its own, no parent link to the step; the subshell exits, so
    // its sleep has lost its parent too but stays in the step's session
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "train",
                CommandTemplate.of(
                    List.of(
                        "/bin/sh",
                        "-c",
                        "setsid sh -c 'echo $$ > \"$SWEEP_TRIAL_DIR/daemon.pid\"; exec sleep 1000' & "
                            + "(sleep 1000 & echo $! > \"$SWEEP_TRIAL_DIR/orphan.pid\") ; wait")))
            .timeout(Duration.ofMillis(800))
            .build();
    Path dir = trial.workDir();

    assertThatThrownBy(() -> runner.run(trial)).isInstanceOf(TimeoutException.class);
    assertThat(alive(pid(dir, "daemon.pid"))).as("the daemon").isFalse();
    assertThat(alive(pid(dir, "orphan.pid"))).as("the orphan").isFalse();
  }

  @Test
  void aRetry_firstEndsADaemonOfTheFailedAttempt_evenWhenTheAttemptDeletedItsRecord()
      throws Exception {
    Path daemon = tmp.resolve("daemon.pid");
    Path seen = tmp.resolve("seen");
    // attempt 1 leaves a daemon, removes attempt.json and fails; attempt 2 looks whether the daemon
    // still runs
    String script =
        "if [ ! -e '"
            + daemon
            + "' ]; then "
            + "setsid sh -c 'echo $$ > \""
            + daemon
            + "\"; exec sleep 1000' & "
            + "while [ ! -s '"
            + daemon
            + "' ]; do sleep 0.05; done; rm -f \"$SWEEP_TRIAL_DIR/attempt.json\"; exit 1; fi; "
            // a zombie (ended, not yet reaped by whoever inherited it) has ended
            + "state=$(cut -d' ' -f3 /proc/$(cat '"
            + daemon
            + "')/stat 2>/dev/null); "
            + "if [ -n \"$state\" ] && [ \"$state\" != Z ]; then echo alive > '"
            + seen
            + "'; else echo ended > '"
            + seen
            + "'; fi; "
            + "echo '{\"loss\": 1}' >> \"$SWEEP_METRICS\"";
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "train",
                CommandTemplate.of(
                    List.of("/bin/sh", "-c", script.replace("{", "{{").replace("}", "}}"))))
            .grace(Duration.ofMillis(500))
            .build();
    Space space = Space.builder().add("x", Ints.range(1, 1)).build();

    Population p =
        Sweep.builder(space, runner)
            .objective(dev.sweep.trial.Objective.minimize("loss"))
            .sampler(Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .retries(1)
            .build()
            .run();

    assertThat(p.trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.COMPLETED);
    assertThat(seen).hasContent("ended");
    assertThat(alive(pid(tmp, "daemon.pid"))).isFalse();
  }

  @Test
  void processesThatIgnoreSigterm_getSigkillAfterTheGracePeriod() throws Exception {
    TestTrial trial = TestTrial.of(java.util.Map.of(), tmp);
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("train", tree("trap '' TERM; "))
            .timeout(Duration.ofMillis(300))
            .grace(Duration.ofMillis(400))
            .build();
    Path dir = trial.workDir();
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> runner.run(trial))
        .isInstanceOf(TimeoutException.class)
        .hasMessageEndingWith("were stopped, 2 of them with SIGKILL after the 400 ms grace period");
    assertThat((System.nanoTime() - t0) / 1e6).isBetween(700.0, 5000.0);
    assertThat(alive(pid(dir, "sh.pid"))).isFalse();
    assertThat(alive(pid(dir, "child.pid"))).isFalse();
  }

  @Test
  void stopRequest_killsPromptly() throws Exception {
    TestTrial trial = TestTrial.of(java.util.Map.of(), tmp);
    Path dir = trial.workDir();
    Thread stopper =
        new Thread(
            () -> {
              awaitFiles(List.of(dir.resolve("sh.pid")));
              trial.stop.set(true);
            });
    stopper.start();

    assertThatThrownBy(() -> ProcessRunner.builder().step("train", tree("")).build().run(trial))
        .isInstanceOf(CancellationException.class)
        .hasMessageStartingWith("trial 0 was cancelled in step 'train' after ")
        .hasMessageEndingWith(
            "; its processes (pid " + pid(dir, "sh.pid") + " and its descendants) were stopped");
    stopper.join();
    assertThat(alive(pid(dir, "child.pid"))).isFalse();
  }

  @Test
  void sweepCancel_killsRunningTrialsPromptly_andStopsTrialsWaitingForASlot() throws Exception {
    Space space = Space.builder().add("x", Ints.range(1, 6)).build();
    ProcessRunner runner =
        ProcessRunner.builder().step("train", tree("")).slots(List.of("0", "1")).build();
    Sweep sweep =
        Sweep.builder(space, runner).sampler(Samplers.grid()).directory(tmp).threads(3).build();
    RunningSweep driver = sweep.start();
    long t0;
    List<Long> pids;
    try {
      awaitPidFiles(4); // two trials hold the slots; the third thread waits for one
      Thread.sleep(200);
      pids = allPids();
      t0 = System.nanoTime();
    } finally {
      driver.cancel(); // also when the test fails: leave no process behind
      driver.await(Duration.ofSeconds(5));
    }

    assertThat(driver.isDone()).isTrue();
    assertThat((System.nanoTime() - t0) / 1e6).isLessThan(2000.0);
    List<TrialRecord> trials = driver.join().trials();
    assertThat(trials).extracting(TrialRecord::id).containsExactly(0L, 1L, 2L);
    assertThat(trials).extracting(TrialRecord::status).containsOnly(TrialStatus.CANCELLED);
    assertThat(trials)
        .extracting(
            t ->
                t.failure()
                    .orElseThrow()
                    .replaceAll("after [0-9.]+ m?s", "after T")
                    .replaceAll("\\d+", "N"))
        .containsOnly(
            "java.util.concurrent.CancellationException: trial N was cancelled in step 'train' after T; "
                + "its processes (pid N and its descendants) were stopped",
            "java.util.concurrent.CancellationException: trial N was cancelled while it waited for one of the slots [N, N]");
    assertThat(trials).filteredOn(t -> t.failure().orElseThrow().contains("waited")).hasSize(1);
    assertThat(pids).hasSize(4).noneMatch(KillTest::alive);
  }

  private List<Long> allPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        String text = Files.readString(file);
        if (text.endsWith("\n")) { // written in full
          pids.add(Long.parseLong(text.strip()));
        }
      }
    }
    return pids;
  }

  /** Waits up to 5 s for {@code n} pid files under the sweep folder. */
  private void awaitPidFiles(int n) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (allPids().size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + allPids().size() + " of " + n + " pid files after 5 s");
      }
      Thread.sleep(10);
    }
  }

  /** Waits up to 5 s for files to exist with a line in them. */
  private static void awaitFiles(List<Path> files) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (files.stream()
          .allMatch(
              f -> {
                try {
                  return Files.exists(f) && Files.readString(f).endsWith("\n");
                } catch (IOException e) {
                  return false;
                }
              })) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no " + files + " after 5 s");
  }
}
