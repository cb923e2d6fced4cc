package dev.sweep.cli;

import dev.sweep.cli.spec.SpecException;
import dev.sweep.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code sweep} command and its subcommands. Each subcommand returns its exit code; only {@link
 * Main} exits the JVM, so the commands run in-process in tests.
 *
 * <pre>{@code
 * int code = SweepCommand.commandLine().execute("run", "digits.yaml");
 * }</pre>
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    versionProvider = SweepCommand.Version.class,
    description =
        "Runs a population of training runs from a sweep file, into a folder that survives crashes.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  sweep run digits.yaml            create or resume runs/digits, run the trials",
      "  sweep create digits.yaml --store postgresql://db/sweeps   store a shared sweep, print its id",
      "  sweep agent ID --store postgresql://db/sweeps             run its trials, on any number of machines",
      "  sweep status runs/digits         counts, running trials, failures with logs",
      "  sweep show runs/digits --top 5   the best trials",
      "  sweep best runs/digits --copy-to models/digits   the best trial's folder, copied out",
      "  sweep collect runs/digits        trials.json and trials.csv",
      "  sweep analyze runs/digits        analysis.html: EDF, each parameter, importance, best curves",
      "  sweep repair runs/digits         a damaged journal made readable: keep whole events, drop bad lines",
      "  sweep COMMAND --help             each command's options"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every trial completed (or, for the other commands, done)",
      "1:trials failed, or the sweep stopped before its end (cancelled, constraints unsatisfiable, an error)",
      "2:usage, sweep file or sweep folder error; nothing was run",
      "130:stopped by SIGINT (Ctrl-C): running trials were cancelled, `sweep run` resumes them",
      "143:stopped by SIGTERM: the same"
    })
public final class SweepCommand implements Callable<Integer> {
  /** Exit code: every trial completed; the command did what was asked. */
  public static final int OK = 0;

  /** Exit code: trials failed, or the sweep did not reach its end. */
  public static final int TRIALS_FAILED = 1;

  /** Exit code: the command line or the sweep file is wrong; nothing was run. */
  public static final int USAGE = 2;

  /** slf4j-simple's level property; set before the first logger is made. */
  static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  @Spec private CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description =
          "Log what the sweep does (info), not only warnings; with stack traces of errors.")
  void verbose(boolean verbose) {
    if (verbose) {
      System.setProperty(LOG_LEVEL, "info");
      System.setProperty(LOG_LEVEL.replace("defaultLogLevel", "log.dev.sweep.Sweep"), "info");
    }
  }

  /**
   * The subcommands by name, in the order help lists them; each name is its class's
   * {@code @Command} name (a test checks it: reading the 15 annotations costs some 10 ms of each
   * start).
   */
  static final Map<String, Class<?>> SUBCOMMANDS =
      subcommands(
          "run", RunCommand.class,
          "create", CreateCommand.class,
          "agent", AgentCommand.class,
          "setup", SetupCommand.class,
          "status", StatusCommand.class,
          "show", ShowCommand.class,
          "best", BestCommand.class,
          "collect", CollectCommand.class,
          "rerun", RerunCommand.class,
          "cancel", CancelCommand.class,
          "analyze", AnalyzeCommand.class,
          "serve", ServeCommand.class,
          "convert", ConvertCommand.class,
          "repair", RepairCommand.class,
          "help", CommandLine.HelpCommand.class);

  /**
   * The command line with every subcommand, and the exit codes and error handling of {@code sweep}.
   */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS.keySet(), Set.of());
  }

  /**
   * The command line for these arguments. picocli reads every option of a subcommand when it is
   * added, some 10 ms each on a cold JVM, so only the subcommands the arguments name get their
   * model: {@code sweep run} builds {@code run} alone, {@code sweep help status} {@code help} and
   * {@code status}. Any other (the top-level help, a mistyped command) gets every subcommand, those
   * not named as stand-ins with a name and description only, which is all that help lists and
   * picocli's "did you mean" needs.
   */
  static CommandLine commandLine(String... args) {
    if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")) {
      return commandLine(Set.of(args[0]), Set.of());
    }
    Set<String> named = new HashSet<>();
    for (String arg : args) {
      if (SUBCOMMANDS.containsKey(arg)) {
        named.add(arg);
      }
    }
    Set<String> standIns = new HashSet<>(SUBCOMMANDS.keySet());
    standIns.removeAll(named);
    standIns.remove("help"); // picocli's own, and cheap
    return commandLine(SUBCOMMANDS.keySet(), standIns);
  }

  private static CommandLine commandLine(Set<String> names, Set<String> standIns) {
    CommandLine cl = new CommandLine(new SweepCommand());
    SUBCOMMANDS.forEach(
        (name, type) -> {
          if (standIns.contains(name)) {
            cl.addSubcommand(name, standIn(name, type));
          } else if (names.contains(name)) {
            cl.addSubcommand(name, type);
          }
        });
    cl.setExecutionExceptionHandler(SweepCommand::handle);
    return cl;
  }

  /** A subcommand as help lists it, its name and description, without its options. */
  private static CommandLine standIn(String name, Class<?> type) {
    Command command = type.getAnnotation(Command.class);
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage().description(command.description()).header(command.header());
    spec.usageMessage().hidden(command.hidden());
    spec.aliases(command.aliases());
    return new CommandLine(spec);
  }

  private static Map<String, Class<?>> subcommands(Object... namesAndTypes) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      byName.put((String) namesAndTypes[i], (Class<?>) namesAndTypes[i + 1]);
    }
    return Collections.unmodifiableMap(byName);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof SpecException) {
      err.println(e.getMessage());
      err.flush();
      return USAGE;
    }
    if (e
        instanceof
        StoreException) { // a folder in use, made by another sweep, or damaged: nothing was run
      err.println("sweep " + cmd.getCommandName() + ": " + e.getMessage());
      err.flush();
      return USAGE;
    }
    if (e instanceof CliException c) {
      err.println("sweep " + cmd.getCommandName() + ": " + c.getMessage());
      err.flush();
      return c.exitCode();
    }
    err.println("sweep " + cmd.getCommandName() + ": " + e);
    err.flush();
    LoggerFactory.getLogger(SweepCommand.class).info("the error's stack trace", e);
    return TRIALS_FAILED;
  }

  /** The version of the jar, from the pom.properties Maven puts in it. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in =
          SweepCommand.class.getResourceAsStream(
              "/META-INF/maven/dev.sweep/sweep-cli/pom.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"sweep " + p.getProperty("version", "(development build)")};
    }
  }
}
