package dev.sweep.cli;

import dev.sweep.cli.spec.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sweep convert FILE}: prints the native sweep file that a W&amp;B sweep file means. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Print the native sweep file equivalent to FILE.",
      "",
      "Reads a W&B sweep file (one with method:) or a native one, checks it as `sweep run` would, and prints "
          + "the native YAML that runs the same sweep: distributions as native domains, the command's macros as "
          + "argument templates, metric as the objective, run_cap as trials, early_terminate as stopping. "
          + "Nothing is written."
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The sweep file.")
  private Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        "# "
            + file.getFileName()
            + " as a native sweep file (sweep convert)\n"
            + SweepSpec.convert(file));
    out.flush();
    return SweepCommand.OK;
  }
}
