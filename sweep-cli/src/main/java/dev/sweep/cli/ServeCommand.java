package dev.sweep.cli;

import dev.sweep.postgres.SweepDatabase;
import dev.sweep.report.LiveServer;
import dev.sweep.store.SweepFolder;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep serve DIR...}: a local web page that follows sweep folders while they run (see
 * {@link LiveServer}), until the command is stopped; {@code sweep serve --store URL ID...} follows
 * sweeps of a shared store.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Follow sweep folders live in a web page.",
      "",
      "Serves a read-only web page that follows sweep folders while they run: the count of trials in "
          + "each state, the running trials and their latest values, the best so far, the "
          + "optimisation history, the trials' curves and the objective against each parameter, "
          + "updated within a second of each event. Hover a point for its trial, click it for the "
          + "trial's config, metrics, curves and logs. Reads the folders without their locks, like "
          + "`status`. With --store, follows sweeps of a shared store by id instead: their "
          + "trials, running attempts and the values those reported. Runs until stopped (Ctrl-C)."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Parameters(
      paramLabel = "DIR",
      arity = "1..*",
      description =
          "Sweep folders to follow; one that does not exist yet is shown once a run makes it. "
              + "With --store, the ids of the store's sweeps to follow, likewise.")
  private List<Path> dirs;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8040",
      description = "The port to serve on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = LiveServer.LOOPBACK,
      description =
          "The address to bind (default: ${DEFAULT-VALUE}, this machine only). The page shows "
              + "configs and logs to whoever reaches it: widen it (0.0.0.0) knowingly.")
  private String host;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LiveServer.Builder builder;
    try {
      builder = LiveServer.builder().port(port).host(host).pollInterval(Duration.ofMillis(500));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (store.isSet()) {
      try (SweepDatabase db = store.open()) {
        for (Path id : dirs) {
          if (db.definition(id.toString()).isEmpty()) { // as a folder a run has yet to make
            err.println(
                "sweep serve: no sweep "
                    + id
                    + " in "
                    + db.description()
                    + " yet; the page shows it once it is stored");
          }
          builder.source(new StoredLiveSource(db, id.toString()));
        }
        return serve(builder, out, err);
      }
    }
    for (Path dir : dirs) {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw CliException.usage(dir + " is not a sweep folder: it is a file");
      }
      if (!Files.isRegularFile(dir.resolve(SweepFolder.DEFINITION))) {
        err.println(
            "sweep serve: "
                + dir
                + " has no "
                + SweepFolder.DEFINITION
                + " yet; the page shows it once a run makes it");
      }
      builder.folder(dir);
    }
    return serve(builder, out, err);
  }

  private static int serve(LiveServer.Builder builder, PrintWriter out, PrintWriter err) {
    LiveServer.Running live;
    try {
      live = builder.build().start();
    } catch (UncheckedIOException e) {
      throw CliException.usage(e.getMessage() + "; choose another with --port");
    }
    try (live) {
      out.println("sweep serve: " + live.uri() + " (Ctrl-C stops)");
      out.flush();
      err.flush();
      live.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopped: the server closes on the way out
    }
    return SweepCommand.OK;
  }
}
