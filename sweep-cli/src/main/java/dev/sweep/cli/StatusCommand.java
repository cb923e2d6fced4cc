package dev.sweep.cli;

import dev.sweep.postgres.SweepDatabase;
import dev.sweep.store.LockHolder;
import dev.sweep.store.Replay;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep status DIR}: counts by state, the running trials, and the failures with their logs.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Say where a sweep stands: counts, running trials, failures.",
      "",
      "Says where a sweep stands: its driver, the count of trials in each state, what is running "
          + "and for how long, and each failure with the last lines of its error log. Safe while the sweep runs.",
      "",
      "With --watch, says it again every few seconds until the sweep ends or no driver runs it "
          + "(or Ctrl-C): in place on a terminal, otherwise as a new block each time."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Parameters(
      paramLabel = "DIR|ID",
      description = "The sweep folder; with --store, the sweep's id.")
  private Path dir;

  @Option(
      names = "--lines",
      paramLabel = "N",
      defaultValue = "5",
      description = "Lines of each failure's error log to show (default: ${DEFAULT-VALUE}).")
  private int lines;

  @Option(
      names = "--failures",
      paramLabel = "N",
      defaultValue = "10",
      description = "Failures to show, the latest first (default: ${DEFAULT-VALUE}).")
  private int failures;

  @Option(
      names = "--watch",
      paramLabel = "SECONDS",
      arity = "0..1",
      fallbackValue = "2",
      description =
          "Say it again every SECONDS (default 2; decimals allowed) until the sweep ends, no driver "
              + "runs it, or Ctrl-C.")
  private Double watch;

  @Override
  public Integer call() throws InterruptedException {
    if (watch != null && !(watch >= 0.01 && watch <= 86_400)) {
      throw CliException.usage("--watch takes seconds from 0.01 to 86400, got " + watch);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (store.isSet()) {
      try (SweepDatabase db = store.open()) {
        StoredSweep sweep = StoredSweep.open(db, dir.toString());
        return show(out, o -> sweep.printStatus(o, Math.max(0, failures)));
      }
    }
    SweepDir sweep = SweepDir.open(dir);
    return show(out, o -> print(o, sweep));
  }

  private int show(PrintWriter out, StatusWatch.Look look) throws InterruptedException {
    if (watch == null) {
      look.print(out);
      out.flush();
    } else {
      Duration interval = Duration.ofNanos(Math.round(watch * 1e9));
      new StatusWatch(out, Terminal.detect(), interval).watch(look);
    }
    return SweepCommand.OK;
  }

  /** The folder's status; the phase from its lock and its trials. */
  private StatusWatch.Phase print(PrintWriter out, SweepDir sweep) {
    Objective objective = sweep.objective();
    Replay trials = sweep.replay();
    Optional<LockHolder> driver = sweep.holder();

    out.println("sweep " + sweep.name() + ": " + dir);
    out.println("  " + sweep.sampler() + ", " + sweep.total() + " trials, " + objective);
    out.println("  driver: " + driver.map(LockHolder::toString).orElse("none (not running)"));
    Tally tally = new Tally(trials, driver.isPresent(), Math.max(0, failures));
    tally.counts.merge(
        "pending", Math.max(0, sweep.total() - trials.size()), Long::sum); // not sampled yet
    printCounts(out, tally.counts);
    trials.best(objective).ifPresent(b -> out.println("  " + Format.best(b, objective.metric())));
    if (!tally.running.isEmpty()) {
      printRunning(out, trials, tally.running);
    }
    if (tally.failedCount > 0) {
      printFailed(out, sweep, trials, tally);
    }
    if (driver.isPresent()) {
      return StatusWatch.Phase.RUNNING;
    }
    boolean ended =
        List.of("running", "unfinished", "pending").stream()
            .allMatch(s -> tally.counts.get(s) == 0);
    return ended ? StatusWatch.Phase.ENDED : StatusWatch.Phase.IDLE;
  }

  /**
   * The trials by state, counted from the replay's summary of each trial; only the running ones and
   * the latest failures are kept, to be read back whole.
   */
  private static final class Tally {
    final Map<String, Long> counts = new LinkedHashMap<>();
    final List<TrialState> running = new ArrayList<>();
    final Comparator<Long> latestStartFirst;
    final PriorityQueue<Long> latestFailed; // the latest to start, at most the failures to show
    long failedCount;

    Tally(Replay trials, boolean driverRunning, int failuresShown) {
      for (String state :
          List.of(
              "completed", "failed", "running", "unfinished", "pending", "cancelled", "pruned")) {
        counts.put(state, 0L);
      }
      latestStartFirst =
          Comparator.comparing((Long id) -> trials.lastStart(id).orElse(Instant.MIN))
              .reversed()
              .thenComparing(Comparator.reverseOrder());
      latestFailed = new PriorityQueue<>(latestStartFirst.reversed());
      for (long id : trials.keySet()) {
        counts.merge(state(trials, id, driverRunning, failuresShown), 1L, Long::sum);
      }
    }

    private String state(Replay trials, long id, boolean driverRunning, int failuresShown) {
      Optional<TrialStatus> last = trials.lastStatus(id);
      if (last.isPresent()) {
        if (last.get() == TrialStatus.FAILED) {
          failedCount++;
          latestFailed.add(id);
          if (latestFailed.size() > failuresShown) {
            latestFailed.poll();
          }
        }
        return last.get().name().toLowerCase(Locale.ROOT);
      }
      if (trials.attempts(id) == 0) {
        return "pending";
      }
      if (driverRunning) {
        running.add(trials.get(id));
        return "running";
      }
      return "unfinished";
    }
  }

  private static void printCounts(PrintWriter out, Map<String, Long> counts) {
    StringBuilder line = new StringBuilder("  ");
    counts.forEach(
        (state, n) -> {
          if (n > 0 || List.of("completed", "failed", "running", "pending").contains(state)) {
            line.append(line.length() > 2 ? ", " : "").append(state).append(' ').append(n);
          }
        });
    out.println(line);
    if (counts.get("unfinished") > 0) {
      out.println(
          "  (unfinished: started, but the driver stopped before they ended; `sweep run` resumes them)");
    }
  }

  private static void printRunning(PrintWriter out, Replay trials, List<TrialState> running) {
    out.println();
    out.println("running:");
    Table table = new Table(List.of("id", "attempt", "for", "name"), 0, 1, 2);
    Instant now = Instant.now();
    for (TrialState t : running) {
      Instant since = trials.lastStart(t.id()).orElse(null);
      table.add(
          List.of(
              Long.toString(t.id()),
              Integer.toString(t.attempts()),
              since == null ? "?" : Format.duration(Duration.between(since, now)),
              t.name()));
    }
    out.print(table.render("  "));
  }

  /** The latest failures, each with its cause and the last lines of its log. */
  private void printFailed(PrintWriter out, SweepDir sweep, Replay trials, Tally tally) {
    out.println();
    out.println("failed:");
    List<Long> shown = new ArrayList<>(tally.latestFailed);
    shown.sort(tally.latestStartFirst);
    for (long id : shown) {
      TrialState t = trials.get(id);
      TrialRecord r = t.last().get();
      String cause = Format.failure(r.failure().orElse("no cause recorded"), 1);
      out.println("  " + t.id() + " (" + t.name() + "), attempt " + t.attempts() + ": " + cause);
      lastLog(sweep.trialDir(t))
          .ifPresent(
              log -> {
                List<String> tail = tail(log, lines);
                if (!tail.isEmpty()) {
                  out.println("    last lines of " + log + ":");
                  tail.forEach(l -> out.println("      " + l));
                }
              });
    }
    if (tally.failedCount > shown.size()) {
      out.println(
          "  … and " + (tally.failedCount - shown.size()) + " more (--failures N shows more)");
    }
  }

  /** The trial's most recently written non-empty error log ({@code *.err}), else its output log. */
  private static Optional<Path> lastLog(Path trialDir) {
    for (String suffix : List.of(".err", ".out")) {
      if (!Files.isDirectory(trialDir)) {
        return Optional.empty();
      }
      try (Stream<Path> files = Files.list(trialDir)) {
        Optional<Path> log =
            files
                .filter(p -> p.getFileName().toString().endsWith(suffix))
                .filter(p -> size(p) > 0)
                .max(Comparator.comparingLong(StatusCommand::modified));
        if (log.isPresent()) {
          return log;
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last {@code n} lines of a log, read from its last 64 KiB. */
  static List<String> tail(Path file, int n) {
    if (n <= 0) {
      return List.of();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, 65536));
      channel.read(buffer, size - buffer.capacity());
      buffer.flip();
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(buffer)
              .toString();
      List<String> all = text.lines().toList();
      return all.subList(Math.max(0, all.size() - n), all.size());
    } catch (IOException e) {
      return List.of();
    }
  }
}
