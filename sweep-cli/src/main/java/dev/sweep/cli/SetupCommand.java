package dev.sweep.cli;

import dev.sweep.Sweep;
import dev.sweep.cli.spec.SweepSpec;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.store.StoreException;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep setup SWEEP.yaml}: materialises every trial's config before anything runs, as
 * pycls's {@code cfgs/} does, so that they can be inspected; repeatable until the sweep starts.
 */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
      "Write every trial's config for inspection; run nothing.",
      "",
      "Writes every trial's config into the sweep folder without running anything: the journal's created "
          + "events, trials/<id>-<name>/config.json, and a configs.csv summary (one row per trial).",
      "May be repeated (after editing the file) until the sweep starts; then `sweep run` runs these very configs. "
          + "Refused once any trial has started."
    })
final class SetupCommand implements Callable<Integer> {
  static final String SUMMARY = "configs.csv";

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "SWEEP.yaml", description = "The sweep file.")
  private Path file;

  @Mixin private UnlockOption unlock;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    SweepSpec sweep = SweepSpec.read(file);
    Path dir = sweep.directory();
    SweepDir.checkLock(dir, unlock.force, spec.commandLine().getErr());
    checkNotStarted(dir);
    Sampling sampling = sweep.sampler().start(sweep.space(), sweep.objectives());
    if (sampling.adaptive()) {
      throw CliException.usage(
          "the sampler "
              + sweep.sampler()
              + " chooses each config from the results before it, "
              + "so there are no configs to set up before the sweep runs; `sweep run "
              + file
              + "` runs it");
    }
    clean(dir);
    Sweep built = sweep.sweepBuilder().build();
    long total = built.totalTrials();
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(SweepSpec.COPY), sweep.asRunYaml());
    String csv = writeTrials(dir, sweep, built, sampling);
    AtomicFiles.write(dir.resolve(SUMMARY), csv);
    out.println("sweep " + sweep.name() + ": set up " + total + " trials in " + dir);
    out.println("  configs: " + dir.resolve(SweepFolder.TRIALS) + "/<id>-<name>/config.json");
    out.println("  summary: " + dir.resolve(SUMMARY));
    out.println(
        "`sweep run " + file + "` runs them; `sweep setup` again replaces them until then.");
    return SweepCommand.OK;
  }

  private static void checkNotStarted(Path dir) {
    Map<Long, TrialState> journal = SweepFolder.replay(dir);
    Optional<TrialState> started =
        journal.values().stream().filter(t -> t.attempts() > 0 || t.last().isPresent()).findFirst();
    if (started.isPresent()) {
      throw CliException.usage(
          "the sweep in "
              + dir
              + " has started (trial "
              + started.get().id()
              + " ran); setup is only for a sweep that has not started. `sweep status "
              + dir
              + "` shows where it stands");
    }
  }

  /**
   * Records each trial in the journal and writes its folder with its config and its link in the
   * parameter tree; returns the summary, one CSV row per trial.
   */
  private String writeTrials(Path dir, SweepSpec sweep, Sweep built, Sampling sampling)
      throws IOException {
    List<String> columns = sweep.space().paramPaths();
    Set<String> tree = SweepFolder.treeParameters(sweep.space());
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("id", "name"));
    header.addAll(columns);
    header.add("hash");
    row(csv, header);
    long total = built.totalTrials();
    try (SweepFolder folder = open(dir, built.definition(), unlock.force)) {
      for (long i = 0; i < total; i++) {
        Sample s = sampling.ask(i);
        folder.created(i, s.name(), s.params(), s.config());
        Path trial = SweepFolder.trialDir(dir, i, s.name());
        Files.createDirectories(trial);
        AtomicFiles.write(trial.resolve("config.json"), s.config().toPrettyJson());
        SweepFolder.linkTrial(dir, i, s.name(), s.params(), tree);
        List<String> cells = new ArrayList<>(List.of(Long.toString(i), s.name()));
        for (String c : columns) {
          Object v = s.params().get(c);
          cells.add(v == null ? "" : v.toString());
        }
        cells.add(s.config().hash());
        row(csv, cells);
      }
    }
    return csv.toString();
  }

  private static SweepFolder open(Path dir, Map<String, Object> definition, boolean forceUnlock) {
    try {
      return SweepFolder.open(dir, definition, forceUnlock);
    } catch (StoreException e) { // a driver took the folder a moment ago
      throw CliException.usage(e.getMessage());
    }
  }

  /** Removes what an earlier setup wrote; trial folders with anything but a config are kept. */
  private static void clean(Path dir) throws IOException {
    for (String f : List.of(SweepFolder.JOURNAL, SweepFolder.DEFINITION, SUMMARY)) {
      Files.deleteIfExists(dir.resolve(f));
    }
    Path trials = dir.resolve(SweepFolder.TRIALS);
    if (Files.isDirectory(trials)) {
      try (Stream<Path> folders = Files.list(trials)) {
        for (Path t : folders.toList()) {
          List<String> names;
          try (Stream<Path> files = Files.list(t)) {
            names = files.map(p -> p.getFileName().toString()).toList();
          }
          if (names.stream().allMatch(n -> n.equals("config.json"))) {
            deleteTree(t);
          }
        }
      }
    }
    deleteTree(dir.resolve(SweepFolder.TREE));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void row(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      csv.append(i == 0 ? "" : ",");
      if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
        csv.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        csv.append(c);
      }
    }
    csv.append("\r\n");
  }
}
