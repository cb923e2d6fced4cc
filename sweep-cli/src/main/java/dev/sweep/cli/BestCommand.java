package dev.sweep.cli;

import dev.sweep.store.Replay;
import dev.sweep.store.TrialCopy;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep best DIR [--metric M] [--copy-to PATH | --link-to PATH]}: the best trial, and its
 * folder taken out of the sweep folder.
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

  @Parameters(paramLabel = "DIR", description = "The sweep folder.")
  private Path dir;

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

  /** Copies or links the trial's folder; a destination in the way is the user's to clear. */
  private TrialCopy takeOut(TrialRecord trial) {
    try {
      return destination.copyTo != null
          ? TrialCopy.copy(dir, trial, destination.copyTo)
          : TrialCopy.link(dir, trial, destination.linkTo);
    } catch (FileSystemException e) {
      throw CliException.usage(e.getMessage());
    } catch (IOException e) {
      throw new CliException(
          SweepCommand.TRIALS_FAILED, "cannot copy trial " + trial.id() + ": " + e);
    }
  }
}
