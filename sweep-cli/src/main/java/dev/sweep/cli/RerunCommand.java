package dev.sweep.cli;

import dev.sweep.cli.spec.SweepSpec;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.store.TrialState;
import dev.sweep.trial.TrialStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep rerun DIR --failed | --trial ID}: runs chosen trials again, from the folder's copy
 * of the sweep file.
 */
@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    description = {
      "Run chosen trials again: the failed ones, or some by id.",
      "",
      "Runs trials again in their old folders; the new result replaces the old. Reads the sweep as run from the "
          + "folder's sweep.yaml (the copy `sweep run` keeps).",
      "Like `sweep run`, it also finishes trials that never finished."
    })
final class RerunCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Parameters(
      paramLabel = "DIR|ID",
      description = "The sweep folder; with --store, the sweep's id.")
  private Path dir;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Which which;

  static final class Which {
    @Option(
        names = "--failed",
        required = true,
        description = "Every trial whose last attempt failed.")
    boolean failed;

    @Option(
        names = "--trial",
        paramLabel = "ID[,ID...]",
        required = true,
        description = "These trials, by id (separate several by commas).")
    String ids;
  }

  @Mixin private ProgressOptions progress;

  @Mixin private UnlockOption unlock;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (store.isSet()) {
      return rerunStored(out);
    }
    SweepDir sweep = SweepDir.open(dir);
    Path copy = dir.resolve(SweepSpec.COPY);
    if (!Files.isRegularFile(copy)) {
      throw CliException.usage(
          dir
              + " has no "
              + SweepSpec.COPY
              + ": it was not made by `sweep run`, so the sweep "
              + "file is unknown; run it again with `sweep run SWEEP.yaml`");
    }
    Map<Long, TrialState> trials = sweep.replay();
    Set<Long> ids = new TreeSet<>();
    if (which.failed) {
      trials.values().stream()
          .filter(t -> t.last().isPresent() && t.last().get().status() == TrialStatus.FAILED)
          .forEach(t -> ids.add(t.id()));
      if (ids.isEmpty()) {
        out.println("sweep " + sweep.name() + ": no trial has failed; nothing to rerun");
        out.flush();
        return SweepCommand.OK;
      }
    } else {
      ids.addAll(listed(sweep.total()));
    }
    SweepSpec spec = SweepSpec.read(copy);
    if (!progress.quiet) {
      out.println(
          "sweep " + spec.name() + ": rerunning trial" + (ids.size() == 1 ? " " : "s ") + ids);
    }
    return new Driver(spec, out, this.spec.commandLine().getErr(), progress.mode())
        .run(ids, unlock.force);
  }

  /** {@code --trial}'s ids, each checked against the sweep's {@code total} trials. */
  private Set<Long> listed(long total) {
    Set<Long> ids = new TreeSet<>();
    for (String text : which.ids.split(",", -1)) {
      long id;
      try {
        id = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw CliException.usage(
            "--trial wants trial ids such as 3 or 3,7; got '" + which.ids + "'");
      }
      if (id < 0 || id >= total) {
        throw CliException.usage("no trial " + id + ": the sweep's trials are 0 to " + (total - 1));
      }
      ids.add(id);
    }
    return ids;
  }

  /**
   * With {@code --store}: the trials become claimable again, and the agents (running or started
   * later) run them.
   */
  private int rerunStored(PrintWriter out) {
    try (SweepDatabase db = store.open()) {
      StoredSweep stored = StoredSweep.open(db, dir.toString());
      Set<Long> ids = new TreeSet<>();
      if (which.failed) {
        stored.trials().values().stream()
            .filter(t -> t.last().isPresent() && t.last().get().status() == TrialStatus.FAILED)
            .forEach(t -> ids.add(t.id()));
      } else {
        ids.addAll(listed(stored.total()));
      }
      stored.rerun(ids);
      out.println(
          "sweep "
              + stored.name()
              + ": "
              + (ids.isEmpty()
                  ? "no trial to rerun"
                  : "trial"
                      + (ids.size() == 1 ? " " : "s ")
                      + ids
                      + " run again at the agents' next claims"));
      out.flush();
    }
    return SweepCommand.OK;
  }
}
