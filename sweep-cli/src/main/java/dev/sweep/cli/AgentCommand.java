package dev.sweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sweep.RunningSweep;
import dev.sweep.SweepListener;
import dev.sweep.cli.spec.SweepSpec;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.population.Population;
import dev.sweep.postgres.Agent;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.store.StoreException;
import dev.sweep.store.StoreWriteException;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep agent ID --store URL}: runs trials of a stored sweep, with as many other agents on
 * as many machines as there are. The store hands out the trials, so each runs once; the sweep's
 * file comes from the store, with this machine's slots and threads laid over it.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run trials of a stored sweep, alongside any number of other agents.",
      "",
      "Takes trials of the sweep ID (see `sweep create`) from the store and runs them, until none is left, "
          + "--count are done here, or the sweep is cancelled. Trials get folders under --dir. An agent that is "
          + "killed or cut off loses its trials after the store's timeout, and other agents run them again."
    })
final class AgentCommand implements Callable<Integer> {
  private static final ObjectMapper YAML = new YAMLMapper();

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The sweep's id, as `sweep create` printed it.")
  private String id;

  @Mixin private StoreOption store;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Run at most N trials here (default: no bound).")
  private Long count;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Where this agent's trials get their folders, DIR/trials/<id>-<name> (default: sweep-ID).")
  private Path dir;

  @Option(
      names = "--slots",
      paramLabel = "SLOT",
      split = ",",
      description =
          "This machine's slots (e.g. GPUs 0,1), in place of the sweep file's; as many threads by default.")
  private List<String> slots;

  @Option(
      names = "--slurm",
      paramLabel = "KEY=VALUE",
      split = ",",
      description =
          "Run this agent's trials as SLURM array tasks, with these options over the sweep file's slurm: "
              + "section (e.g. partition=gpu,time=2h,gpus=1; the same keys).")
  private Map<String, String> slurm;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Trials at once on this machine, in place of the sweep file's.")
  private Integer threads;

  @Option(
      names = "--heartbeat",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "How often this agent tells the store its trials still run (default: ${DEFAULT-VALUE}).")
  private double heartbeatSeconds;

  @Option(
      names = "--lost-after",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "After how long without a heartbeat a trial of this agent is lost and another agent runs it "
              + "again; this agent stops it first (default: ${DEFAULT-VALUE}).")
  private double lostAfterSeconds;

  @Mixin private ProgressOptions progress;

  @Override
  public Integer call() {
    if (count != null && count < 1) {
      throw CliException.usage("--count must be at least 1, got " + count);
    }
    if (!(heartbeatSeconds > 0 && lostAfterSeconds >= 2 * heartbeatSeconds)) {
      throw CliException.usage(
          "--lost-after must be at least twice --heartbeat, and both above 0; got --heartbeat "
              + heartbeatSeconds
              + " --lost-after "
              + lostAfterSeconds);
    }
    if (threads != null && threads < 1) {
      throw CliException.usage("--threads must be at least 1, got " + threads);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SweepDatabase db = store.open()) {
      String text =
          db.spec(id)
              .orElseThrow(
                  () ->
                      CliException.usage(
                          "no sweep "
                              + id
                              + " in "
                              + store.url().orElseThrow()
                              + " (`sweep create FILE --store URL` stores one and prints its id)"));
      Path root = dir != null ? dir : Path.of("sweep-" + id);
      SweepSpec sweep = SweepSpec.read(writeSpec(root, text));
      Agent agent =
          Agent.defaults()
              .withTrialRoot(root.toAbsolutePath())
              .withHeartbeat(seconds(heartbeatSeconds), seconds(lostAfterSeconds));
      Map<TrialStatus, Long> ran = new EnumMap<>(TrialStatus.class);
      SweepListener counter =
          new SweepListener() {
            @Override
            public void trialFinished(TrialRecord record) {
              synchronized (ran) {
                ran.merge(record.status(), 1L, Long::sum);
              }
            }
          };
      // the live line counts this agent's trials, out of what it may run at most
      long sweepTotal =
          db.definition(id)
              .map(d -> d.get("trials"))
              .filter(Number.class::isInstance)
              .map(n -> ((Number) n).longValue())
              .orElse(Long.MAX_VALUE);
      Progress live = new Progress(out, err, progress.mode(), sweep.objective(), "running here");
      live.start(
          Math.min(sweepTotal, count == null ? Long.MAX_VALUE : count), 0, 0, 0, Optional.empty());
      RunningSweep running;
      try {
        running =
            sweep
                .agentBuilder(db.join(id, agent), count == null ? Long.MAX_VALUE : count)
                .listener(counter)
                .listener(live)
                .build()
                .start();
      } catch (RuntimeException e) {
        live.close();
        throw e;
      }
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          Driver.cancelOnSignal(running, finished); // its trials are then claimed again elsewhere
      long t0 = System.nanoTime();
      try {
        Population population;
        try {
          population = running.join();
        } finally {
          live.close();
        }
        if (progress.mode() != Progress.Mode.QUIET) {
          summary(out, sweep, population, ran, Duration.ofNanos(System.nanoTime() - t0));
        }
        return running.isCancelled() ? SweepCommand.TRIALS_FAILED : SweepCommand.OK;
      } catch (StoreWriteException e) {
        err.println("sweep agent " + id + ": " + e.getMessage());
        return SweepCommand.TRIALS_FAILED;
      } catch (StoreException e) {
        throw CliException.usage(e.getMessage());
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it returns now that the agent has finished
        }
      }
    }
  }

  /**
   * The stored sweep file, with this machine's slots and threads laid over it, as {@code
   * DIR/sweep.yaml}: the file the agent runs, and what people read to see what it ran.
   */
  private Path writeSpec(Path root, String text) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = new LinkedHashMap<>(YAML.readValue(text, Map.class));
      if (slots != null) {
        doc.put("slots", slots);
        if (threads == null) {
          doc.put("threads", slots.size());
        }
      }
      if (threads != null) {
        doc.put("threads", threads);
      }
      if (slurm != null) {
        Map<String, Object> section = new LinkedHashMap<>();
        if (doc.get("slurm") instanceof Map<?, ?> m) {
          m.forEach((k, v) -> section.put(String.valueOf(k), v));
        }
        for (Map.Entry<String, String> e :
            slurm.entrySet()) { // 1 and true as YAML reads them, in the file's place
          section.put(
              e.getKey(),
              YAML.readValue(e.getValue().isEmpty() ? "''" : e.getValue(), Object.class));
        }
        doc.put("slurm", section);
      }
      doc.remove("directory"); // the store records; trials go under the agent's own folder
      // Programs run where the agent was started, as a W&B agent runs its program: the folder of
      // the file `sweep create` read is on another machine. A working_directory the file gave is
      // stored absolute, as the same path on every machine.
      doc.putIfAbsent("working_directory", Path.of("").toAbsolutePath().toString());
      Files.createDirectories(root);
      Path file = root.resolve(SweepSpec.COPY);
      AtomicFiles.write(file, YAML.writeValueAsString(doc));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the sweep file into " + root + ": " + e.getMessage(), e);
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  private void summary(
      PrintWriter out,
      SweepSpec sweep,
      Population population,
      Map<TrialStatus, Long> ran,
      Duration took) {
    StringBuilder s =
        new StringBuilder("sweep agent ")
            .append(id)
            .append(" (")
            .append(sweep.name())
            .append("): ran ");
    long total = ran.values().stream().mapToLong(Long::longValue).sum();
    s.append(total).append(total == 1 ? " trial here" : " trials here");
    ran.forEach(
        (status, n) ->
            s.append(", ").append(n).append(' ').append(status.name().toLowerCase(Locale.ROOT)));
    s.append(" in ")
        .append(Format.duration(took))
        .append("; ")
        .append(population.size())
        .append(" trials of the sweep finished as this agent saw it");
    out.println(s);
    population.best().ifPresent(b -> out.println(Format.best(b, population.objective().metric())));
    out.flush();
  }
}
