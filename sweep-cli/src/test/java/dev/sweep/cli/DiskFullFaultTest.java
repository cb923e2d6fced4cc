package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.config.Config;
import dev.sweep.store.StoreWriteException;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep folder on a small tmpfs that fills up while the sweep runs: the journal keeps whole lines
 * only, the run stops with one message, and a run after space is freed loses nothing. Needs root
 * (to mount); CI runs as root.
 */
class DiskFullFaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path disk;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    disk = tmp.resolve("disk");
    Files.createDirectories(disk);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString())
            .redirectErrorStream(true)
            .start();
    boolean mounted = mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
    String why =
        "mounting a tmpfs needs root: "
            + new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!mounted && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(why); // CI runs as root: a skip there would hide the test
    }
    assumeTrue(mounted, why);
  }

  @AfterEach
  void unmount() throws Exception {
    new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(10, TimeUnit.SECONDS);
  }

  /** Fills the disk with a file, to its last byte. */
  private Path fill() throws IOException {
    Path filler = disk.resolve("filler");
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // no space left: as intended
    }
    try (OutputStream out =
        Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      return filler;
    }
  }

  /** Every line of the journal, each whole and JSON: nothing torn, nothing after a tear. */
  private static List<String> wholeLines(Path journal) throws IOException {
    byte[] bytes = Files.readAllBytes(journal);
    assertThat(bytes.length == 0 || bytes[bytes.length - 1] == '\n')
        .as("the journal ends with a whole line")
        .isTrue();
    List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    for (String line : lines) {
      assertThat(JSON.readTree(line).path("event").isTextual()).as(line).isTrue();
    }
    return lines;
  }

  @Test
  void aWriteThatFailsHalfWay_isCutBack_andTheJournalTakesNothingAfterIt() throws Exception {
    Path dir = disk.resolve("sweep");
    SweepFolder folder = SweepFolder.open(dir, Map.of("name", "full"));
    folder.created(0, "x=1", Map.of("x", 1), Config.of(Map.of("x", 1)));
    Path filler = fill();
    Files.write(
        filler, new byte[Math.max(0, (int) Files.size(filler) - 6000)]); // one page and a bit free
    Map<String, Object> big = new HashMap<>();
    big.put("text", "y".repeat(20_000)); // more than is free: the write stops part-way

    assertThatThrownBy(() -> folder.note(0, "big", big))
        .isInstanceOf(StoreWriteException.class)
        .hasMessageContaining(
            "cannot write the journal "
                + dir.resolve(SweepFolder.JOURNAL)
                + ": No space left on device");
    Files.delete(filler);
    assertThatThrownBy(() -> folder.note(0, "small", Map.of("k", 1)))
        .as("after a failed write, even with space again")
        .isInstanceOf(StoreWriteException.class)
        .hasMessageContaining(
            "takes no more events after a failed write (No space left on device)");
    folder.close();

    assertThat(wholeLines(dir.resolve(SweepFolder.JOURNAL))).hasSize(1);
    assertThat(SweepFolder.replay(dir)).containsOnlyKeys(0L);
  }

  @Test
  @Timeout(180)
  void aDiskFullForThreeSeconds_stopsTheRunWithOneMessage_andARunAfterwardsLosesNothing()
      throws Exception {
    Path script = tmp.resolve("trial.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        set -e
        for k in 1 2 3 4 5; do
          echo "{\\"step\\": $k, \\"loss\\": $1, \\"pad\\": \\"%s\\"}" >> "$SWEEP_METRICS"
          sleep 0.1
        done
        """
            .formatted("p".repeat(3000)));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dir = disk.resolve("sweep");
    Path spec = tmp.resolve("sweep.yaml");
    Files.writeString(
        spec,
        """
        name: full
        sampler: grid
        objective: {metric: loss}
        directory: %s
        parameters:
          i: {int: [0, 39]}
        command: [%s, "{i}"]
        slots: [a, b]
        """
            .formatted(dir, script));

    CompletableFuture<Cli.Run> run =
        CompletableFuture.supplyAsync(() -> Cli.sweep("run", "-q", spec.toString()));
    while (completed(dir) < 4) {
      assertThat(run).as("the run goes on until the disk fills").isNotDone();
      Thread.sleep(50);
    }
    Path filler = fill();
    Thread.sleep(3000);
    Files.delete(filler);
    Cli.Run stopped = run.get(60, TimeUnit.SECONDS);

    assertThat(stopped.code()).as(stopped.toString()).isEqualTo(SweepCommand.TRIALS_FAILED);
    assertThat(stopped.err().strip().lines())
        .as(stopped.toString())
        .singleElement()
        .asString()
        .startsWith("sweep full: ")
        .contains(
            "No space left on device",
            "the sweep stopped with ",
            " of 40 trials complete: free space");
    wholeLines(dir.resolve(SweepFolder.JOURNAL));
    Map<Long, TrialRecord> before = new HashMap<>();
    for (TrialRecord t : SweepFolder.population(dir, Objective.minimize("loss")).trials()) {
      assertThat(t.status())
          .as("trial %d: %s", t.id(), t.failure())
          .isIn(TrialStatus.COMPLETED, TrialStatus.CANCELLED);
      before.put(t.id(), t);
    }
    Cli.Run status = Cli.sweep("status", dir.toString());
    assertThat(status.code()).as(status.toString()).isZero();

    Cli.Run resumed = Cli.sweep("run", "-q", spec.toString());
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    List<TrialRecord> after = SweepFolder.population(dir, Objective.minimize("loss")).trials();
    assertThat(after)
        .hasSize(40)
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED);
    for (TrialRecord t : after) {
      TrialRecord earlier = before.get(t.id());
      if (earlier != null && earlier.status() == TrialStatus.COMPLETED) {
        assertThat(t.started())
            .as("trial %d completed before the disk filled: kept, not run again", t.id())
            .isEqualTo(earlier.started());
      }
    }
  }

  @Test
  void repairOnAFullDisk_leavesTheJournalAsItWas_andRepairsItOnceThereIsSpace() throws Exception {
    Path dir = disk.resolve("sweep");
    SweepFolder folder = SweepFolder.open(dir, Map.of("name", "damaged"));
    for (long id = 0; id < 3; id++) {
      folder.created(id, "x=" + id, Map.of("x", id), Config.of(Map.of("x", id)));
    }
    folder.close();
    Path journal = dir.resolve(SweepFolder.JOURNAL);
    List<String> whole = Files.readAllLines(journal);
    // what a driver before the fix left after a short write on a full disk: a torn line, then more
    // events
    Files.writeString(
        journal,
        whole.get(0)
            + "\n"
            + whole.get(1).substring(0, 20)
            + whole.get(1)
            + "\n"
            + whole.get(2)
            + "\n");
    byte[] damaged = Files.readAllBytes(journal);
    Path filler = fill();

    Cli.Run full = Cli.sweep("repair", dir.toString());

    assertThat(full.code()).as(full.toString()).isNotZero();
    assertThat(full.err()).as(full.toString()).contains("No space left on device");
    assertThat(Files.readAllBytes(journal)).as("the journal, untouched").isEqualTo(damaged);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("nothing half-written left")
          .noneMatch(n -> n.endsWith(".sweep-tmp") || n.contains(".bak-"));
    }
    Files.delete(filler);
    Cli.Run repaired = Cli.sweep("repair", dir.toString());
    assertThat(repaired.code()).as(repaired.toString()).isZero();
    assertThat(wholeLines(journal)).hasSize(3);
    assertThat(SweepFolder.replay(dir)).containsOnlyKeys(0L, 1L, 2L);
  }

  private static long completed(Path dir) {
    try {
      return SweepFolder.population(dir, Objective.minimize("loss"))
          .statusCounts()
          .get(TrialStatus.COMPLETED);
    } catch (RuntimeException notYet) {
      return 0;
    }
  }
}
