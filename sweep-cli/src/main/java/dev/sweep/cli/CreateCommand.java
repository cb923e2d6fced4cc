package dev.sweep.cli;

import dev.sweep.Sweep;
import dev.sweep.cli.spec.SweepSpec;
import dev.sweep.postgres.SweepDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep create SWEEP.yaml --store URL}: stores a sweep for agents to run, and prints its id.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Store a sweep in a shared store for agents to run; print its id.",
      "",
      "Reads the sweep file (any format `sweep run` takes), stores it and prints the sweep's id on stdout. "
          + "Then `sweep agent ID` on any number of machines runs its trials: each trial runs once."
    })
final class CreateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "SWEEP.yaml", description = "The sweep file.")
  private Path file;

  @Mixin private StoreOption store;

  @Override
  public Integer call() {
    SweepSpec sweep = SweepSpec.read(file);
    Sweep description = sweep.sweepBuilder().build();
    try (SweepDatabase db = store.open()) {
      String id = db.create(description.definition(), sweep.asSharedYaml());
      PrintWriter out = spec.commandLine().getOut();
      out.println(id);
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "sweep "
              + sweep.name()
              + ": stored as "
              + id
              + " ("
              + description.totalTrials()
              + " trials); run it with: "
              + "sweep agent "
              + id
              + " --store URL [--count N]");
      err.flush();
    }
    return SweepCommand.OK;
  }
}
