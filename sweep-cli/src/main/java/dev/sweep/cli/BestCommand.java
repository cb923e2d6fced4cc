package dev.sweep.cli;

import dev.sweep.population.Population;
import dev.sweep.postgres.Attempt;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.store.Replay;
import dev.sweep.store.TrialCopy;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep best DIR [--metric M] [--copy-to PATH | --link-to PATH]}: the best trial, and its
 * folder taken out of the sweep folder; {@code sweep best ID --store URL} for a shared sweep, whose
 * trial folders are on the agents' machines.
 */
@Command(
    name = "best",
    mixinStandardHelpOptions = true,
    description = {
      "Show the best trial, and copy or link its folder.",
      "",
      "Prints the best completed trial by the objective (or another metric) and its folder. With "
          + "--copy-to, copies that folder (config, logs, checkpoints) to PATH, which must not exist or "
          + "be empty: written beside it and renamed into place, links inside it made again where they "
          + "stay inside, never followed out of it. With --link-to, makes PATH a link to it."
    })
final class BestCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The sweep folder; with --store, the sweep's id.")
  private Path dir;

  @Mixin private StoreOption store;

  @Option(
      names = {"-m", "--metric"},
      paramLabel = "M",
      description = "Rank by this metric instead of the sweep's objective.")
  private String metric;

  @ArgGroup(exclusive = true)
  private ShowCommand.Goal goal;

  @ArgGroup(exclusive = true)
  private Destination destination;

  static final class Destination {
    @Option(
        names = "--copy-to",
        paramLabel = "PATH",
        description = "Copy the trial's folder to PATH (a new or empty folder).")
    Path copyTo;

    @Option(
        names = "--link-to",
        paramLabel = "PATH",
        description = "Make PATH a link to the trial's folder.")
    Path linkTo;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (store.isSet()) {
      return stored(out);
    }
    SweepDir sweep = SweepDir.open(dir);
    Objective ranking = ShowCommand.ranking(sweep.objective(), metric, goal);
    Replay replay = sweep.replay();
    Optional<TrialRecord> best = replay.best(ranking);
    if (best.isEmpty()) {
      throw new CliException(
          SweepCommand.TRIALS_FAILED,
          "no completed trial of "
              + replay.size()
              + " has the metric '"
              + ranking.metric()
              + "'; nothing to show or copy");
    }
    TrialRecord trial = best.get();
    out.println(Format.best(trial, ranking.metric()));
    out.println("  folder: " + dir.resolve(trial.folder()));
    if (destination != null) {
      out.println("  " + takeOut(trial));
    }
    out.flush();
    return SweepCommand.OK;
  }

  /**
   * The best trial of a shared sweep, and where it ran: the agent's folder on its host, which is
   * copied or linked from when this machine sees it (the same machine, or a shared file system).
   */
  private int stored(PrintWriter out) {
    try (SweepDatabase db = store.open()) {
      StoredSweep stored = StoredSweep.open(db, dir.toString());
      Objective ranking = ShowCommand.ranking(stored.objective(), metric, goal);
      Population all = stored.population(ranking);
      TrialRecord trial =
          all.best()
              .orElseThrow(
                  () ->
                      new CliException(
                          SweepCommand.TRIALS_FAILED,
                          "no completed trial of "
                              + all.size()
                              + " has the metric '"
                              + ranking.metric()
                              + "'; nothing to show or copy"));
      out.println(Format.best(trial, ranking.metric()));
      Optional<Attempt> ran = stored.completedAttempt(trial.id());
      Optional<Path> agentDir = ran.flatMap(Attempt::folder).map(Path::of);
      out.println(
          "  folder: "
              + agentDir.map(d -> d.resolve(trial.folder()).toString()).orElse("(not recorded)")
              + ran.map(a -> " on " + a.host()).orElse(""));
      if (destination != null) {
        Path from =
            agentDir
                .filter(
                    d -> Files.isDirectory(d.resolve(trial.folder()), LinkOption.NOFOLLOW_LINKS))
                .orElseThrow(
                    () ->
                        new CliException(
                            SweepCommand.TRIALS_FAILED,
                            "trial "
                                + trial.id()
                                + "'s folder is not on this machine"
                                + ran.map(a -> " (it ran on " + a.host() + ")").orElse("")
                                + "; run sweep best there, or where its file system is shared"));
        out.println("  " + takeOut(from, trial));
      }
      out.flush();
      return SweepCommand.OK;
    }
  }

  /** Copies or links the trial's folder; a destination in the way is the user's to clear. */
  private TrialCopy takeOut(TrialRecord trial) {
    return takeOut(dir, trial);
  }

  private TrialCopy takeOut(Path sweepDir, TrialRecord trial) {
    try {
      return destination.copyTo != null
          ? TrialCopy.copy(sweepDir, trial, destination.copyTo)
          : TrialCopy.link(sweepDir, trial, destination.linkTo);
    } catch (FileSystemException e) {
      throw CliException.usage(e.getMessage());
    } catch (IOException e) {
      throw new CliException(
          SweepCommand.TRIALS_FAILED, "cannot copy trial " + trial.id() + ": " + e);
    }
  }
}
