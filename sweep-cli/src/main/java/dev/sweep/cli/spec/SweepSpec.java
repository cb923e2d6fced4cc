package dev.sweep.cli.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sweep.Result;
import dev.sweep.Retention;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.internal.Json;
import dev.sweep.population.Population;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.WarmStart;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.store.SweepStore;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A sweep file, read and checked: the space, the sampler, the runner and the sweep's options, each
 * field one builder call. Reading writes nothing.
 *
 * <pre>{@code
 * SweepSpec spec = SweepSpec.read(Path.of("digits.yaml"));   // SpecException: file:line:column: …
 * Population population = spec.sweepBuilder().build().run();
 * }</pre>
 *
 * <p>The file's format is in the module README and in {@code sweep.schema.json}. Immutable and
 * thread-safe.
 */
public final class SweepSpec {
  /** The name of the copy {@code sweep run} keeps in the sweep folder. */
  public static final String COPY = "sweep.yaml";

  /** Block YAML, strings quoted, long lines kept whole, multi-line strings as literal blocks. */
  static final ObjectMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                  .build())
          .build();

  private final Path file;
  private final String name;
  private final Objectives objectives; // null: the builder's default
  private final Double target; // null: none
  private final boolean objectiveRequired;
  private final Sampler sampler;
  private final Long trials; // null: the sampler's size
  private final int retries;
  private final Retention retention;
  private final int failFast; // 0: off
  private final int threads;
  private final Path directory;
  private final Space space;
  private final Runner runner;
  private final Map<String, Object> asRun;
  private final boolean workingDirectoryGiven;
  private final StoppingRule stopping; // null: trials run to their end
  private final List<Map<String, Object>> enqueued;
  private final Map<String, Population> warmStarts; // by source, as the file names it

  SweepSpec(
      Path file,
      String name,
      Objectives objectives,
      Double target,
      boolean objectiveRequired,
      Sampler sampler,
      StoppingRule stopping,
      Long trials,
      int retries,
      Retention retention,
      int failFast,
      int threads,
      Path directory,
      Space space,
      Runner runner,
      Map<String, Object> asRun,
      boolean workingDirectoryGiven,
      List<Map<String, Object>> enqueued,
      Map<String, Population> warmStarts) {
    this.file = file;
    this.enqueued = List.copyOf(enqueued);
    this.warmStarts = Collections.unmodifiableMap(new LinkedHashMap<>(warmStarts));
    this.workingDirectoryGiven = workingDirectoryGiven;
    this.stopping = stopping;
    this.name = name;
    this.objectives = objectives;
    this.target = target;
    this.objectiveRequired = objectiveRequired;
    this.sampler = sampler;
    this.trials = trials;
    this.retries = retries;
    this.retention = retention;
    this.failFast = failFast;
    this.threads = threads;
    this.directory = directory;
    this.space = space;
    this.runner = runner;
    this.asRun = asRun;
  }

  /**
   * Reads and checks a sweep file: the YAML, every field, every domain, the command templates and
   * their placeholders, and that the sampler can sample the space. Nothing is written.
   *
   * @throws SpecException naming the file, line, column and field of the first problem
   * @throws java.io.UncheckedIOException if the file exists but cannot be read
   */
  public static SweepSpec read(Path file) {
    return SpecReader.read(requireNonNull(file, "file == null"));
  }

  /**
   * The native sweep file equivalent to {@code file}, as YAML: another tool's sweep file (W&amp;B,
   * GML, mlrunner, pycls) translated, a native one as it is. Checked as {@link #read} checks;
   * nothing is written.
   *
   * @throws SpecException naming the file, line, column and field of the first problem
   */
  public static String convert(Path file) {
    return SpecReader.convert(
        requireNonNull(file, "file == null"),
        System::getenv,
        java.time.LocalDateTime.now(java.time.ZoneId.systemDefault()));
  }

  /**
   * The YAML document in {@code file} as plain values (maps, lists, strings, {@code Long}, {@code
   * Double}, booleans, null), read within the limits of a sweep file but not checked as one.
   *
   * @throws SpecException naming the file, line and column of a syntax error or a limit passed
   */
  public static Object readYaml(Path file) {
    return SpecReader.readYaml(requireNonNull(file, "file == null"));
  }

  /** The file it was read from, as named. */
  public Path file() {
    return file;
  }

  /** {@code name:}, else the file's name without its extension. */
  public String name() {
    return name;
  }

  /**
   * The objective, or the primary of {@code objectives:}, or the builder's default ({@code minimize
   * value}) when the file names none.
   */
  public Objective objective() {
    return objectives().primary();
  }

  /**
   * {@code objective:} or {@code objectives:}, with {@code outcome_constraints:}; the builder's
   * default ({@code minimize value}) when the file names none.
   */
  public Objectives objectives() {
    return objectives == null ? Objectives.of(Objective.minimize(Result.VALUE)) : objectives;
  }

  /** {@code objective.target}: the value that ends the sweep once a trial reaches it. */
  public OptionalDouble target() {
    return target == null ? OptionalDouble.empty() : OptionalDouble.of(target);
  }

  /** {@code sampler:}, else random with seed 0. */
  public Sampler sampler() {
    return sampler;
  }

  /** {@code trials:}, when given. */
  public OptionalLong trials() {
    return trials == null ? OptionalLong.empty() : OptionalLong.of(trials);
  }

  /** The early-stopping rule, if the file names one. */
  public Optional<StoppingRule> stopping() {
    return Optional.ofNullable(stopping);
  }

  /**
   * {@code fail_fast:}: how many first trials failing alike stop the sweep; 0 for {@code false},
   * {@link Sweep#DEFAULT_FAIL_FAST} unless given.
   */
  public int failFast() {
    return failFast;
  }

  /** {@code retries:}: how many times a failed trial runs again; 0 unless given. */
  public int retries() {
    return retries;
  }

  /** How many trials run at once: {@code threads:}, else the number of slots, else 1. */
  public int threads() {
    return threads;
  }

  /** The sweep folder, absolute. */
  public Path directory() {
    return directory;
  }

  /** {@code parameters:} on the {@code base:} config, with the {@code constraints:}. */
  public Space space() {
    return space;
  }

  /**
   * The runner of the file's command or steps: the local process pool, or SLURM with {@code
   * slurm:}.
   */
  public Runner runner() {
    return runner;
  }

  /**
   * A builder with every option of the file set: name, objective and its target, sampler, stopping,
   * trials, retries, retention, fail fast, threads and directory, and the file's runner. Add
   * listeners or {@code rerun(ids)} before {@code build()}.
   */
  public Sweep.Builder sweepBuilder() {
    Sweep.Builder b = common().directory(directory);
    if (trials != null) {
      b.maxTrials(trials);
    }
    return b;
  }

  /**
   * A builder of one agent of this sweep, stored in a shared store ({@code sweep agent}): as {@link
   * #sweepBuilder()}, but recording into the store that {@code store} opens instead of the folder,
   * and claiming at most {@code count} of the sweep's trials.
   */
  public Sweep.Builder agentBuilder(SweepStore.Opener store, long count) {
    return common().store(store).maxTrials(count);
  }

  private Sweep.Builder common() {
    Sweep.Builder b =
        Sweep.builder(space, runner)
            .name(name)
            .sampler(sampler)
            .retries(retries)
            .retention(retention)
            .failFast(failFast)
            .threads(threads);
    Optional.ofNullable(objectives).ifPresent(b::objectives);
    Optional.ofNullable(stopping).ifPresent(b::stopping);
    Optional.ofNullable(target).ifPresent(b::target);
    enqueued.forEach(b::enqueue);
    warmStarts.values().forEach(b::warmStart);
    return b.requireObjective(objectiveRequired);
  }

  /**
   * One line per {@code warm_start:} source: how many of its trials the sampler learns, how many it
   * skips and why ({@link WarmStart#summary()}).
   */
  public List<String> warmStartSummaries() {
    Objective goal = objective();
    List<String> lines = new ArrayList<>();
    warmStarts.forEach(
        (source, p) -> lines.add(WarmStart.of(source, p.trials(), space, goal).summary()));
    return lines;
  }

  /**
   * The file as run, for {@value #COPY} in the sweep folder: the same fields, with the base config
   * inline, the working directory absolute and {@code directory: .}, so that {@code sweep rerun}
   * reads the same sweep from there.
   */
  public String asRunYaml() {
    return "# The sweep as `sweep run` ran it, copied from "
        + file.toAbsolutePath().normalize()
        + ".\n"
        + "# `sweep rerun` reads it; the base config is inline and paths are absolute.\n"
        + Json.write(YAML.writer(), asRun);
  }

  /**
   * The spec as {@code sweep create} stores it for agents on any machine: as {@link #asRunYaml()},
   * without this machine's sweep folder, and without a working directory unless the file gives one,
   * since an agent's programs run where the agent was started.
   */
  public String asSharedYaml() {
    Map<String, Object> shared = new java.util.LinkedHashMap<>(asRun);
    shared.remove("directory");
    if (!workingDirectoryGiven) {
      shared.remove("working_directory");
    }
    return "# The sweep as `sweep create` stored it, from "
        + file.toAbsolutePath().normalize()
        + ".\n"
        + Json.write(YAML.writer(), shared);
  }

  @Override
  public String toString() {
    return "SweepSpec[" + file + ": " + name + ", " + sampler + ", " + space + "]";
  }
}
