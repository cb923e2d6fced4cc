package dev.sweep.cli;

import dev.sweep.population.Population;
import dev.sweep.postgres.SweepDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sweep collect DIR}: every finished trial into one JSON and one CSV file. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = {
      "Write trials.json and trials.csv of every finished trial.",
      "",
      "Writes trials.json (params, config, metrics, curve, status, timings of each trial) and trials.csv "
          + "(one row per trial) of every finished trial, each written atomically. Safe while the sweep runs."
    })
final class CollectCommand implements Callable<Integer> {
  static final String JSON = "trials.json";
  static final String CSV = "trials.csv";

  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Parameters(
      paramLabel = "DIR|ID",
      description =
          "The sweep folder; with --store, the sweep's id (the files go to --out, default: here).")
  private Path dir;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FOLDER",
      description = "Where to write the two files (default: the sweep folder).")
  private Path outDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (store.isSet()) {
      try (SweepDatabase db = store.open()) {
        StoredSweep stored = StoredSweep.open(db, dir.toString());
        return write(
            out, stored.name(), stored.population(), outDir == null ? Path.of(".") : outDir);
      }
    }
    SweepDir sweep = SweepDir.open(dir);
    return write(
        out, sweep.name(), sweep.population(sweep.objective()), outDir == null ? dir : outDir);
  }

  private static int write(PrintWriter out, String name, Population population, Path target) {
    population.writeJson(target.resolve(JSON));
    population.writeCsv(target.resolve(CSV));
    out.println(
        "sweep "
            + name
            + ": "
            + population.size()
            + " trials written to "
            + target.resolve(JSON)
            + " and "
            + target.resolve(CSV));
    out.flush();
    return SweepCommand.OK;
  }
}
