package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.store.SweepFolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock left behind is taken over when nothing holds it, and only then: a driver JVM killed with
 * {@code kill -9}, a pid that another process has taken since, a driver on another host (with
 * {@code --force-unlock}); a lock that a live process holds is refused whatever its text says.
 */
class StaleLockFaultTest {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /**
   * A text from a host that is not this one, as drivers wrote it before they recorded their start.
   */
  private static final String OTHER_HOST =
      "host build-7.elsewhere.example, pid 4242, since 2026-01-01T00:00:01Z";

  @TempDir Path dir;
  private Path folder;
  private String host;
  private final List<ProcessHandle> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    folder = dir.resolve("locked");
    host = InetAddress.getLocalHost().getHostName();
  }

  @AfterEach
  void killWhatWeStarted() {
    for (ProcessHandle p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** One trial; {@code command} is the trial's (a YAML list). Both files sample the same config. */
  private Path sweepFile(String name, String command) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        name: locked
        objective: {metric: error}
        sampler: {type: random, seed: 1}
        trials: 1
        directory: %s
        parameters:
          x: {uniform: [0, 1]}
        command: %s
        """
            .formatted(folder, command));
    return file;
  }

  private Path quick() throws IOException {
    return sweepFile(
        "quick",
        "[/usr/bin/python3, -c, "
            + "\"import json, os; open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=0.5)) + chr(10))\"]");
  }

  private Path slow() throws IOException {
    return sweepFile("slow", "[/bin/sleep, \"60\"]");
  }

  /** {@code sweep run FILE} in a JVM of its own, once it holds the folder and its trial runs. */
  private Process driver(Path file) throws Exception {
    Process driver =
        new ProcessBuilder(
                JAVA,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "-q",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("driver.log").toFile())
            .start();
    started.add(driver.toHandle());
    await(
        "the driver holds the folder and runs its trial",
        () ->
            holds(driver)
                && driver
                    .descendants()
                    .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
    return driver;
  }

  private boolean holds(Process driver) {
    try {
      return lockText().startsWith("host " + host + ", pid " + driver.pid() + ", ");
    } catch (IOException notYet) {
      return false;
    }
  }

  private Process start(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    started.add(p.toHandle());
    return p;
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + "; driver log:\n" + log()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("driver.log"));
    } catch (IOException e) {
      return "(none)";
    }
  }

  private String lockText() throws IOException {
    return Files.readString(folder.resolve(SweepFolder.LOCK));
  }

  private void writeLock(String text) throws IOException {
    Files.writeString(folder.resolve(SweepFolder.LOCK), text + "\n");
  }

  @Test
  @Timeout(60)
  void aDriverKilledWithKill9_leavesALockThatTheNextRunTakesOver() throws Exception {
    Process driver = driver(slow());
    List<ProcessHandle> trial = driver.descendants().toList();
    driver.destroyForcibly(); // SIGKILL: its lock file keeps its text
    assertThat(driver.waitFor(10, TimeUnit.SECONDS)).isTrue();
    trial.forEach(ProcessHandle::destroyForcibly); // its orphaned trial is another fault's business
    assertThat(holds(driver)).as("the killed driver's text is left").isTrue();

    Cli.Run run = sweep("run", "-q", quick().toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "sweep folder "
                + folder
                + ": took over sweep.lock of host "
                + host
                + " pid "
                + driver.pid()
                + ": that driver no longer runs\n");
    assertThat(lockText()).as("released").isEmpty();
  }

  @Test
  @Timeout(60)
  void aPidThatAnotherProcessTookSince_holdsNothing() throws Exception {
    assertThat(sweep("run", "-q", quick().toString()).code()).isZero();
    Process unrelated = start("/bin/sleep", "30"); // alive, and never a driver

    // as drivers wrote it before the start was recorded: the pid runs, but nothing holds the lock
    writeLock("host " + host + ", pid " + unrelated.pid() + ", since 2001-09-09T01:46:41Z");
    Cli.Run run = sweep("run", "-q", quick().toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "sweep folder "
                + folder
                + ": took over sweep.lock of host "
                + host
                + " pid "
                + unrelated.pid()
                + ": that process no longer holds the lock\n");

    // with the start recorded, the reader tells the pid's new process from the driver
    writeLock(
        "host "
            + host
            + ", pid "
            + unrelated.pid()
            + ", started 2001-09-09T01:46:40Z, since 2001-09-09T01:46:41Z");
    assertThat(sweep("status", folder.toString()).out())
        .contains("\n  driver: none (not running)\n");
    Cli.Run cancel = sweep("cancel", folder.toString(), "--wait", "1");
    assertThat(cancel.out()).as(cancel.toString()).contains("no driver is running");
    assertThat(unrelated.isAlive())
        .as("cancel signals no process that merely has the pid")
        .isTrue();
    run = sweep("run", "-q", quick().toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "sweep folder "
                + folder
                + ": took over sweep.lock of host "
                + host
                + " pid "
                + unrelated.pid()
                + ": that driver no longer runs\n");
    assertThat(unrelated.isAlive()).isTrue();
    assertThat(lockText()).isEmpty();
  }

  @Test
  @Timeout(60)
  void aLockOfAnotherHost_isRefusedWithAHint_untilForceUnlock() throws Exception {
    assertThat(sweep("run", "-q", quick().toString()).code()).isZero();
    byte[] journal = Files.readAllBytes(folder.resolve(SweepFolder.JOURNAL));
    writeLock(OTHER_HOST);
    String refusal =
        "sweep folder "
            + folder
            + " is locked by a driver on another host ("
            + OTHER_HOST
            + "): this "
            + "host cannot tell whether it still runs, and a network file system may not show its lock here. If no "
            + "driver runs on build-7.elsewhere.example, force the unlock: --force-unlock on the command line, "
            + "forceUnlock(true) on a Sweep.Builder\n";

    Cli.Run run = sweep("run", "-q", quick().toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err()).isEqualTo("sweep run: " + refusal);
    Cli.Run rerun = sweep("rerun", folder.toString(), "--trial", "0", "-q");
    assertThat(rerun.err()).as(rerun.toString()).isEqualTo("sweep rerun: " + refusal);
    assertThat(lockText()).isEqualTo(OTHER_HOST + "\n");
    assertThat(Files.readAllBytes(folder.resolve(SweepFolder.JOURNAL)))
        .as("journal untouched")
        .isEqualTo(journal);

    Cli.Run forced = sweep("rerun", folder.toString(), "--trial", "0", "-q", "--force-unlock");
    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(forced.err())
        .isEqualTo(
            "sweep folder "
                + folder
                + ": took over sweep.lock of host "
                + "build-7.elsewhere.example pid 4242: forced; nothing on this host holds its lock\n");
    assertThat(lockText()).isEmpty();

    folder = dir.resolve("fresh"); // setup, on a folder no trial has run in
    Files.createDirectories(folder);
    writeLock(OTHER_HOST);
    Cli.Run setup = sweep("setup", quick().toString());
    assertThat(setup.err())
        .as(setup.toString())
        .startsWith(
            "sweep setup: sweep folder "
                + folder
                + " is locked by a "
                + "driver on another host (");
    assertThat(sweep("setup", "--force-unlock", quick().toString()).code()).isZero();
    assertThat(lockText()).isEmpty();
  }

  @Test
  @Timeout(60)
  void aLiveDriver_isRefused_evenWithForceUnlock() throws Exception {
    Process driver = driver(slow());
    String holder = lockText().trim();
    assertThat(holder).startsWith("host " + host + ", pid " + driver.pid() + ", started ");

    Cli.Run run = sweep("run", "-q", "--force-unlock", quick().toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "sweep run: sweep folder "
                + folder
                + " is in use by another driver ("
                + holder
                + "); stop it or wait for it to finish (a lock that a running process holds is never forced)\n");
    assertThat(Files.readString(folder.resolve("sweep.yaml")))
        .as("the running driver's copy")
        .contains("/bin/sleep");
    assertThat(driver.isAlive()).isTrue();
    assertThat(lockText().trim()).isEqualTo(holder);
  }

  @Test
  @Timeout(60)
  void aLockThatAProcessHolds_isTheTruth_whateverItsTextSays() throws Exception {
    assertThat(sweep("run", "-q", quick().toString()).code()).isZero();
    Files.writeString(
        folder.resolve(SweepDir.CANCEL), "a request for the driver that holds the folder\n");
    Process gone = start("/bin/true");
    gone.waitFor();
    // fcntl locks, as FileChannel.tryLock takes them; the text names a driver that is gone
    Process holder =
        start(
            "/usr/bin/python3",
            "-c",
            """
        import fcntl, sys
        f = open(sys.argv[1], 'r+')
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        f.truncate(0); f.write(sys.argv[2]); f.flush()
        print('locked', flush=True)
        sys.stdin.read()
        """,
            folder.resolve(SweepFolder.LOCK).toString(),
            "host " + host + ", pid " + gone.pid() + ", since 2026-01-01T00:00:00Z\n");
    assertThat(
            new BufferedReader(
                    new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                .readLine())
        .isEqualTo("locked");
    String refusal =
        "sweep folder "
            + folder
            + " is in use by another driver (host "
            + host
            + ", pid "
            + gone.pid()
            + ", since 2026-01-01T00:00:00Z); stop it or wait for it to finish";

    Cli.Run run = sweep("run", "-q", quick().toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(folder.resolve(SweepDir.CANCEL)).as("nothing written before the refusal").exists();
    assertThat(run.err()).isEqualTo("sweep run: " + refusal + "\n");
    Cli.Run forced = sweep("run", "-q", "--force-unlock", quick().toString());
    assertThat(forced.err())
        .as(forced.toString())
        .isEqualTo(
            "sweep run: " + refusal + " (a lock that a running process holds is never forced)\n");
    assertThat(folder.resolve(SweepDir.CANCEL)).exists();

    holder.getOutputStream().close();
    assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Cli.Run after = sweep("run", "-q", quick().toString());
    assertThat(after.code()).as(after.toString()).isZero();
    assertThat(after.err()).contains("took over sweep.lock of host " + host + " pid " + gone.pid());
  }
}
