package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real drivers ({@code sweep run} in a JVM of its own) killed while their trials run: with {@code
 * kill -9} fifty times over, and with a terminal's Ctrl-C. Each trial holds an exclusive {@code
 * flock} for as long as any process of its attempt lives (its {@code &} child and a daemon that
 * double-forked out of its session inherit the descriptor), so a second copy of a trial that starts
 * while any process of an earlier one still runs finds the lock taken and says so.
 */
class DriverKillFaultTest {
  @TempDir Path dir;
  private Path locks;

  @BeforeEach
  void onLinuxWithFlockAndSetsid() {
    assumeTrue(
        Files.isDirectory(Path.of("/proc/self"))
            && Files.isExecutable(Path.of("/usr/bin/flock"))
            && Files.isExecutable(Path.of("/usr/bin/setsid")),
        "needs /proc, flock and setsid");
    locks = dir.resolve("locks");
  }

  /**
   * A trial of {@code steps} half seconds: a child, a double-forked daemon, and a line per step.
   * Trial 1 ignores SIGTERM, so it outlives a driver's reaper for the grace period.
   */
  private Path trialScript(int steps) throws IOException {
    Files.createDirectories(locks);
    Path script = dir.resolve("trial.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        exec 9>"%1$s/$1"
        flock -n 9 || echo "trial $1: pid $$ started while an earlier attempt still ran" >> "%1$s/violations"
        [ "$1" = 1 ] && trap '' TERM
        sleep 600 &
        setsid sleep 600 &
        k=0
        while [ "$k" -lt %2$d ]; do
          k=$((k + 1))
          echo "attempt $$ step $k"
          echo "{\\"step\\": $k, \\"loss\\": $k}" >> "$SWEEP_METRICS"
          sleep 0.5
        done
        echo "{\\"loss\\": $1}" >> "$SWEEP_METRICS"
        """
            .formatted(locks, steps));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private Path spec(Path script, int trials) throws IOException {
    Path file = dir.resolve("sweep.yaml");
    Files.writeString(
        file,
        """
        name: kills
        sampler: grid
        objective: {metric: loss}
        directory: %s
        parameters:
          i: {int: [0, %d]}
        command: [%s, "{i}"]
        slots: [a, b]
        grace: 2s
        """
            .formatted(dir.resolve("sweep"), trials - 1, script));
    return file;
  }

  private Process driver(Path spec, ProcessBuilder.Redirect log) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "-q",
            spec.toString())
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
  }

  @Test
  @Timeout(400)
  void fiftyKillsMinusNine_neverRunATrialTwiceAtOnce_andLeaveNoProcess() throws Exception {
    Path spec = spec(trialScript(6), 6);
    Path log = dir.resolve("drivers.log");
    Random random = new Random(20);
    for (int kill = 0; kill < 50; kill++) {
      Process driver = driver(spec, ProcessBuilder.Redirect.appendTo(log.toFile()));
      Thread.sleep(300 + random.nextInt(2200)); // before, while or after trials start
      driver.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    Process last = driver(spec, ProcessBuilder.Redirect.appendTo(log.toFile()));
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last run ends").isTrue();

    assertThat(last.exitValue()).as(Files.readString(log)).isZero();
    assertThat(locks.resolve("violations")).as("no trial ran twice at once").doesNotExist();
    Path folder = dir.resolve("sweep");
    List<TrialRecord> trials = SweepFolder.population(folder, Objective.minimize("loss")).trials();
    assertThat(trials)
        .hasSize(6)
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED);
    for (TrialRecord t : trials) {
      Path out = SweepFolder.trialDir(folder, t.id(), t.name()).resolve("run.out");
      Set<String> attempts = new TreeSet<>();
      for (String line : Files.readAllLines(out)) {
        attempts.add(line.split(" ", -1)[1]);
      }
      assertThat(attempts).as("the attempts whose lines " + out + " holds").hasSize(1);
      assertThat(t.curve()).as("trial %d's curve, of one attempt", t.id()).hasSize(6);
    }
    awaitNoProcessIn(folder);
  }

  @Test
  @Timeout(120)
  void ctrlC_reachesTheDriverOnly_whichCancelsTheTrials_andARunResumesThem() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 to restore SIGINT");
    Path spec = spec(trialScript(60), 3);
    Path folder = dir.resolve("sweep");
    // setsid gives the driver a process group of its own: the terminal's foreground group, which
    // is where a terminal sends SIGINT (the test's own JVM must not get it); Python restores
    // SIGINT's default action, which a shell that started the build in the background ignores
    Process driver =
        new ProcessBuilder(
                "/usr/bin/setsid",
                "/usr/bin/python3",
                "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                spec.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("driver.log").toFile())
            .start();
    await(
        "two trials write their first line", Duration.ofSeconds(60), () -> countLines(folder) >= 2);

    Process ctrlC =
        new ProcessBuilder("/bin/kill", "-INT", "--", "-" + driver.pid()).inheritIO().start();
    assertThat(ctrlC.waitFor()).isZero();
    assertThat(driver.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(driver.exitValue()).as(Files.readString(dir.resolve("driver.log"))).isEqualTo(130);
    assertThat(SweepFolder.population(folder, Objective.minimize("loss")).trials())
        .as("interrupted trials are cancelled, not failed")
        .extracting(TrialRecord::status)
        .containsExactly(TrialStatus.CANCELLED, TrialStatus.CANCELLED);
    awaitNoProcessIn(folder);

    Path quick = spec(trialScript(1), 3);
    Cli.Run resumed = Cli.sweep("run", "-q", quick.toString());
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(SweepFolder.population(folder, Objective.minimize("loss")).trials())
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED)
        .hasSize(3);
  }

  private static long countLines(Path folder) {
    long lines = 0;
    Path trials = folder.resolve(SweepFolder.TRIALS);
    if (!Files.isDirectory(trials)) {
      return 0;
    }
    try (DirectoryStream<Path> each = Files.newDirectoryStream(trials)) {
      for (Path trial : each) {
        Path out = trial.resolve("run.out");
        lines += Files.exists(out) && Files.size(out) > 0 ? 1 : 0;
      }
    } catch (IOException changing) {
      return 0;
    }
    return lines;
  }

  /**
   * Waits (for the reaper, at most its grace period and a little) until no process runs for the
   * folder.
   */
  private static void awaitNoProcessIn(Path folder) throws Exception {
    await(
        "no process of a trial in " + folder + " is left",
        Duration.ofSeconds(20),
        () -> processesIn(folder).isEmpty());
  }

  /** Processes whose environment names a trial folder under {@code folder}. */
  private static List<Long> processesIn(Path folder) {
    byte[] mark = ("SWEEP_TRIAL_DIR=" + folder.toAbsolutePath()).getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try (InputStream in = Files.newInputStream(proc.resolve("environ"))) {
          if (indexOf(in.readAllBytes(), mark) >= 0 && !isZombie(proc)) {
            found.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // ended while we looked
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return found;
  }

  private static boolean isZombie(Path proc) throws IOException {
    String stat = Files.readString(proc.resolve("stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void await(String what, Duration limit, BooleanSupplier condition)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }
}
