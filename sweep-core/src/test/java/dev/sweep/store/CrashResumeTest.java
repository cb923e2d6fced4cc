package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.trial.TrialStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real driver JVMs killed with {@code kill -9} at random moments, then resumed. */
class CrashResumeTest {
  private static final int TRIALS = 1_000;

  private static Process startDriver(Path dir, int trials, int sleepMs) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            CrashTestDriver.class.getName(),
            dir.toString(),
            Integer.toString(trials),
            Integer.toString(sleepMs))
        .redirectErrorStream(true)
        .start();
  }

  /** Waits until the driver says its first trial started; false if it ended first. */
  private static boolean awaitRunning(Process driver) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.equals("running")) {
        Thread reader = new Thread(() -> drain(out)); // keep the pipe from filling up
        reader.setDaemon(true);
        reader.start();
        return true;
      }
    }
    return false;
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (IOException ignored) {
      // the driver was killed
    }
  }

  @Test
  void killedAtTwentyFiveRandomMoments_resumesToExactlyOneResultPerTrial(@TempDir Path dir)
      throws Exception {
    SplittableRandom random = new SplittableRandom(2026);
    int kills = 0;
    for (int round = 0; round < 40 && kills < 25; round++) {
      Process driver = startDriver(dir, TRIALS, 8);
      if (!awaitRunning(driver)) {
        driver.waitFor();
        break; // the sweep finished before we could kill it
      }
      Thread.sleep(random.nextInt(0, 100));
      driver.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      assertThat(driver.waitFor(10, TimeUnit.SECONDS)).isTrue();
      kills++;
    }
    assertThat(kills).as("kills before the sweep could finish").isGreaterThanOrEqualTo(20);

    Process last = startDriver(dir, TRIALS, 8);
    String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as(output).isZero();

    List<JsonNode> events = Journal.read(dir.resolve(SweepFolder.JOURNAL));
    Map<Long, Integer> finished = new HashMap<>();
    Map<Long, Integer> created = new HashMap<>();
    for (JsonNode e : events) {
      long id = e.get("id").asLong();
      switch (e.get("event").asText()) {
        case "finished" -> {
          assertThat(e.get("status").asText()).isEqualTo("COMPLETED");
          finished.merge(id, 1, Integer::sum);
        }
        case "created" -> created.merge(id, 1, Integer::sum);
        default -> {}
      }
    }
    assertThat(finished)
        .hasSize(TRIALS)
        .allSatisfy((id, n) -> assertThat(n).as("results of trial " + id).isEqualTo(1));
    assertThat(created)
        .hasSize(TRIALS)
        .allSatisfy((id, n) -> assertThat(n).as("trial " + id + " created").isEqualTo(1));
    assertThat(
            SweepFolder.population(dir, dev.sweep.trial.Objective.minimize("error")).statusCounts())
        .containsEntry(TrialStatus.COMPLETED, (long) TRIALS);
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(AtomicFiles.TEMP_SUFFIX))).isEmpty();
    }
    try (Stream<Path> trials = Files.list(dir.resolve(SweepFolder.TRIALS))) {
      assertThat(trials)
          .hasSize(TRIALS)
          .allSatisfy(t -> assertThat(t.resolve("result.json")).exists());
    }
  }

  @Test
  void secondDriver_isRefusedNamingTheHolder_andAKilledHolderLeavesNoLock(@TempDir Path dir)
      throws Exception {
    Process holder = startDriver(dir, 1_000, 200);
    try {
      assertThat(awaitRunning(holder)).isTrue();
      assertThatThrownBy(() -> SweepFolder.open(dir, Map.of()))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("sweep folder " + dir + " is in use by another driver (host ")
          .hasMessageContaining(", pid " + holder.pid() + ", started ")
          .hasMessageEndingWith("); stop it or wait for it to finish");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
    try (SweepFolder reopened = SweepFolder.open(dir, Map.of())) {
      assertThat(reopened.replay()).isNotEmpty();
    }
  }
}
