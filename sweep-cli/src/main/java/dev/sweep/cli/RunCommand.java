package dev.sweep.cli;

import dev.sweep.cli.spec.SweepSpec;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sweep run SWEEP.yaml}: creates the sweep folder, or resumes it, and runs the trials. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sweep file: create its folder, or resume it.",
      "",
      "Runs the trials of a sweep file in its folder (directory: in the file; default: a folder named after "
          + "the file, next to it). On a folder that exists the sweep resumes: finished trials are kept, "
          + "unfinished ones run again in their old folders, failed ones while they have retries left.",
      "A bad file is reported with its line and column, and nothing is written. The folder keeps a copy of "
          + "the file as run (sweep.yaml), which `sweep rerun` reads."
    })
final class RunCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "SWEEP.yaml", description = "The sweep file.")
  private Path file;

  @Mixin private ProgressOptions progress;

  @Mixin private UnlockOption unlock;

  @Override
  public Integer call() {
    SweepSpec sweep = SweepSpec.read(file);
    return new Driver(
            sweep, spec.commandLine().getOut(), spec.commandLine().getErr(), progress.mode())
        .run(Set.of(), unlock.force);
  }
}
