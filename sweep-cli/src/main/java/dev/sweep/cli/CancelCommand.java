package dev.sweep.cli;

import dev.sweep.postgres.SweepDatabase;
import dev.sweep.slurm.SlurmRunner;
import dev.sweep.store.LockHolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep cancel DIR}: asks the driver of a folder to stop. It polls for a {@code cancel} file
 * every second, cancels the sweep, and its runner kills the trials' processes; a driver on this
 * host that has not stopped when the wait is over gets SIGTERM, which does the same.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the sweep running in a folder.",
      "",
      "Stops the sweep running in a folder: no new trials start, running ones are killed (SIGTERM, then "
          + "SIGKILL after the grace period) and recorded as cancelled; `sweep run` resumes them later."
    })
final class CancelCommand implements Callable<Integer> {
  private static final long POLL_MS = 200;

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "DIR|ID",
      description = "The sweep folder; with --store, the sweep's id.")
  private Path dir;

  @Mixin private StoreOption store;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "How long to wait for the driver to stop before sending it SIGTERM; 0: ask and return at once "
              + "(default: ${DEFAULT-VALUE}).")
  private long waitSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (store.isSet()) { // every agent sees it at its next claim and stops its trials
      try (SweepDatabase db = store.open()) {
        StoredSweep stored = StoredSweep.open(db, dir.toString());
        stored.cancel();
        out.println(
            "sweep "
                + stored.name()
                + ": cancelled in "
                + db.description()
                + "; every agent stops its trials");
        out.flush();
      }
      return SweepCommand.OK;
    }
    SweepDir sweep = SweepDir.open(dir);
    Optional<LockHolder> driver = sweep.holder();
    if (driver.isEmpty()) {
      // A SLURM sweep's jobs outlive a driver that died: cancel those the journal knows.
      List<String> jobs = SlurmRunner.cancelJobs(dir);
      out.println(
          "sweep "
              + sweep.name()
              + ": no driver is running in "
              + dir
              + "; "
              + (jobs.isEmpty()
                  ? "nothing to cancel"
                  : "cancelled its SLURM tasks " + String.join(" ", jobs) + " with scancel"));
      out.flush();
      return SweepCommand.OK;
    }
    Files.writeString(
        dir.resolve(SweepDir.CANCEL),
        "requested by pid " + ProcessHandle.current().pid() + " at " + Instant.now() + "\n");
    out.println("sweep " + sweep.name() + ": asked the driver (" + driver.get() + ") to cancel");
    out.flush();
    if (waitSeconds == 0) {
      return SweepCommand.OK;
    }
    if (waitForStop(waitSeconds * 1000)) {
      out.println("sweep " + sweep.name() + ": the driver stopped");
      return SweepCommand.OK;
    }
    LockHolder h = driver.get();
    if (h.isLocal() && h.pid() != ProcessHandle.current().pid()) {
      ProcessHandle.of(h.pid())
          .ifPresent(ProcessHandle::destroy); // SIGTERM: its shutdown hook cancels the sweep
      out.println(
          "sweep "
              + sweep.name()
              + ": the driver did not stop within "
              + waitSeconds
              + " s; sent it SIGTERM");
      out.flush();
      if (waitForStop(60_000)) {
        out.println("sweep " + sweep.name() + ": the driver stopped");
        return SweepCommand.OK;
      }
    }
    throw new CliException(
        SweepCommand.TRIALS_FAILED,
        "the driver ("
            + h
            + ") is still running; the cancel request stays in "
            + dir.resolve(SweepDir.CANCEL)
            + " for it");
  }

  private boolean waitForStop(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (SweepDir.holder(dir).isEmpty()) {
        return true;
      }
      Thread.sleep(POLL_MS);
    }
    return SweepDir.holder(dir).isEmpty();
  }
}
