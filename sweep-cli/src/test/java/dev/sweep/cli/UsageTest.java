package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes and messages of commands that cannot do what they are asked; a bad file writes
 * nothing.
 */
class UsageTest {
  @TempDir Path dir;

  private long filesIn(Path folder) throws IOException {
    try (Stream<Path> all = Files.walk(folder)) {
      return all.count();
    }
  }

  @Test
  void badFile_exits2_withTheMessageAlone_andWritesNothing() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  optim.lr: {loguniform: [1.0e-4, 0.1]}\n");
    for (String command : new String[] {"run", "setup"}) {
      Cli.Run run = sweep(command, file.toString());
      assertThat(run.code()).isEqualTo(SweepCommand.USAGE);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .startsWith(
              file
                  + ":4:14: optim.lr: unknown distribution 'loguniform'; did you mean "
                  + "'log_uniform'? (distributions: ")
          .endsWith("; also branches, coupled)\n");
      assertThat(filesIn(dir)).isEqualTo(2); // the folder and bad.yaml: no sweep folder was made
    }
  }

  @Test
  void noSubcommand_printsUsage_andExits2() {
    Cli.Run run = sweep();
    assertThat(run.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err()).startsWith("Usage: sweep [-hvV] [COMMAND]");
  }

  @Test
  void help_everywhere() {
    Cli.Run top = sweep("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out())
        .contains(
            "Commands:",
            "run",
            "setup",
            "status",
            "show",
            "collect",
            "rerun",
            "cancel",
            "Exit codes:",
            "2     usage, sweep file or sweep folder error; nothing was run",
            "130   stopped by SIGINT (Ctrl-C)");
    for (String command :
        new String[] {
          "run", "setup", "status", "show", "collect", "rerun", "cancel", "convert", "repair",
          "serve"
        }) {
      Cli.Run help = sweep(command, "--help");
      assertThat(help.code()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: sweep " + command + " ");
    }
    Cli.Run helpCommand = sweep("help", "status");
    assertThat(helpCommand.code()).isZero();
    assertThat(helpCommand.out()).startsWith("Usage: sweep status ");
  }

  @Test
  void eachSubcommand_isNamedAsItsCommandAnnotationSays() {
    SweepCommand.SUBCOMMANDS.forEach(
        (name, type) ->
            assertThat(type.getAnnotation(picocli.CommandLine.Command.class).name())
                .isEqualTo(name));
  }

  @Test
  void unnamedSubcommands_standInWithTheirDescription_namedOnesAreBuilt() {
    picocli.CommandLine cl = SweepCommand.commandLine("help", "status");
    assertThat(cl.getSubcommands().get("status").getCommandSpec().options()).isNotEmpty();
    assertThat(cl.getSubcommands().get("run").getCommandSpec().options())
        .filteredOn(o -> !o.inherited()) // --verbose is the top level's, on every subcommand
        .isEmpty();
    assertThat(cl.getSubcommands().get("run").getCommandSpec().usageMessage().description())
        .containsExactly(
            RunCommand.class.getAnnotation(picocli.CommandLine.Command.class).description());
  }

  @Test
  void aNamedSubcommand_isTheOnlyOneBuilt_anythingElseGetsThemAll() {
    assertThat(SweepCommand.commandLine("run", "x.yaml").getSubcommands()).containsOnlyKeys("run");
    assertThat(SweepCommand.commandLine("-v", "run", "x.yaml").getSubcommands().keySet())
        .containsExactly(
            "run", "create", "agent", "setup", "status", "show", "best", "collect", "rerun",
            "cancel", "analyze", "serve", "convert", "repair", "help");
    assertThat(SweepCommand.commandLine("help", "run").getSubcommands()).hasSize(15);
    assertThat(SweepCommand.commandLine("runs").getSubcommands())
        .hasSize(15); // picocli suggests the closest
  }

  @Test
  void notASweepFolder() {
    Path none = dir.resolve("none");
    for (String command : new String[] {"status", "show", "collect", "cancel"}) {
      Cli.Run run = sweep(command, none.toString());
      assertThat(run.code()).as(command).isEqualTo(SweepCommand.USAGE);
      assertThat(run.err())
          .isEqualTo(
              "sweep "
                  + command
                  + ": "
                  + none
                  + " is not a sweep folder: it has no sweep.json "
                  + "(`sweep run SWEEP.yaml` or `sweep setup SWEEP.yaml` makes one)\n");
    }
  }

  @Test
  void rerun_needsWhatToRerun_andKnownTrials() throws IOException {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, RunCommandTest.SPEC);
    assertThat(sweep("setup", file.toString()).code()).isZero();
    Path folder = dir.resolve("tiny");

    Cli.Run neither = sweep("rerun", folder.toString());
    assertThat(neither.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(neither.err())
        .startsWith(
            "Error: Missing required argument (specify one of these): (--failed | --trial=ID[,ID...])\nUsage: sweep rerun [-hqvV] [--force-unlock] [--store=URL] (--failed | --trial=ID\n                   [,ID...]) DIR|ID\n");

    Cli.Run notAnId = sweep("rerun", folder.toString(), "--trial", "1,x");
    assertThat(notAnId.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(notAnId.err())
        .isEqualTo("sweep rerun: --trial wants trial ids such as 3 or 3,7; got '1,x'\n");

    Cli.Run unknown = sweep("rerun", folder.toString(), "--trial", "2,9");
    assertThat(unknown.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(unknown.err()).isEqualTo("sweep rerun: no trial 9: the sweep's trials are 0 to 3\n");

    Cli.Run noFailures = sweep("rerun", folder.toString(), "--failed");
    assertThat(noFailures.code()).isZero();
    assertThat(noFailures.out()).isEqualTo("sweep tiny: no trial has failed; nothing to rerun\n");
  }

  @Test
  void cancel_withoutADriver_saysSo() throws IOException {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, RunCommandTest.SPEC);
    assertThat(sweep("setup", file.toString()).code()).isZero();
    Cli.Run cancel = sweep("cancel", dir.resolve("tiny").toString());
    assertThat(cancel.code()).isZero();
    assertThat(cancel.out())
        .isEqualTo(
            "sweep tiny: no driver is running in " + dir.resolve("tiny") + "; nothing to cancel\n");
  }
}
