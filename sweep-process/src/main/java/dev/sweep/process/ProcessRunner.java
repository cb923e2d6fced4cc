package dev.sweep.process;

import static java.util.Objects.requireNonNull;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Trial;
import dev.sweep.process.ProcessSettings.EnvVar;
import dev.sweep.process.ProcessSettings.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link Runner} that runs each trial as local processes: one or more steps, each a {@link
 * CommandTemplate} filled in from the trial's config, with logs, metrics and the config in the
 * trial's folder.
 *
 * <pre>{@code
 * ProcessRunner runner = ProcessRunner.builder()
 *     .step("train", "python3 train.py --lr {optim.lr} [amp] --out {_output}")
 *     .step("test", "python3 test.py --checkpoint {_output}/model.pt")
 *     .slots(List.of("0", "1"))                 // two GPUs: CUDA_VISIBLE_DEVICES=0 or 1
 *     .timeout(Duration.ofHours(2))
 *     .build();
 * Population population = Sweep.builder(space, runner)
 *     .objective(Objective.minimize("error"))
 *     .directory(Path.of("runs/lr-sweep"))      // required: each trial gets a folder
 *     .threads(2)                               // as many as there are slots
 *     .maxTrials(20)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>For each trial, in its folder ({@link Trial#workDir()}): {@value #CONFIG_FILE} (the config,
 * written atomically), {@value #METRICS_FILE} (for the program to append to; one an earlier attempt
 * left is removed), and per step {@code <step>.out}, {@code <step>.err} (its stdout and stderr,
 * written by the process itself: nothing passes through the JVM) and {@code <step>.cmd} (a shell
 * script that reruns the step by hand). Steps run one after the other; one that exits with a code
 * other than 0 stops the trial with a {@link StepFailedException}, and the later steps do not run.
 *
 * <p>Each process gets the environment of the JVM and these variables: {@code SWEEP_TRIAL_ID},
 * {@code SWEEP_TRIAL_NAME}, {@code SWEEP_TRIAL_DIR}, {@code SWEEP_CONFIG}, {@code SWEEP_METRICS},
 * {@code SWEEP_STOP_FILE} (appears when a stopping rule stops the trial, just before SIGTERM),
 * {@code SWEEP_STEP}, and with slots {@code SWEEP_SLOT} and {@code CUDA_VISIBLE_DEVICES} (see
 * {@link Builder#slotVariable}). Its stdin is {@code /dev/null}. The metrics file is read while the
 * process runs, so the curve is live; the package documentation gives its rules.
 *
 * <p>When the sweep asks the trial to stop ({@link Trial#shouldStop()}, checked every 100 ms), or
 * the trial's timeout passes, the step's whole process tree gets {@code SIGTERM}, then {@code
 * SIGKILL} after the grace period, and the trial fails with a {@link
 * java.util.concurrent.CancellationException} or a {@link java.util.concurrent.TimeoutException}.
 * The same happens to running steps when the JVM shuts down (a shutdown hook per running step, and
 * the trial is recorded cancelled), and, through a small reaper process, when it is killed with
 * {@code SIGKILL}: no trial process outlives its driver. Each step runs in a session of its own, so
 * a terminal's Ctrl-C reaches the driver only, which cancels in order. An attempt that starts where
 * an earlier one ran (a resume, a retry) first ends whatever of that one still runs ({@code
 * attempt.json} in the trial folder records it). The package documentation says how.
 *
 * <p>Immutable and thread-safe; the sweep calls {@link #run} from several threads at once. The slot
 * pool belongs to the runner: sweeps that share a runner share its slots. For POSIX systems (Linux,
 * macOS).
 */
public final class ProcessRunner implements Runner {
  /** The config file in the trial folder; {@code $SWEEP_CONFIG}. */
  public static final String CONFIG_FILE = "config.json";

  /** The metrics file in the trial folder; {@code $SWEEP_METRICS}. */
  public static final String METRICS_FILE = "metrics.jsonl";

  /** The variable a slot is given in unless {@link Builder#slotVariable} says otherwise. */
  public static final String DEFAULT_SLOT_VARIABLE = "CUDA_VISIBLE_DEVICES";

  /** How long a process tree has to exit after {@code SIGTERM}, unless set otherwise. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  /** How many lines of a failed step's log its {@link StepFailedException} quotes. */
  public static final int TAIL_LINES = 10;

  private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  final ProcessSettings settings;

  private ProcessRunner(ProcessSettings settings) {
    this.settings = settings;
  }

  /** A builder with no steps yet. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A runner of one step named {@code run} (logs {@code run.out}, {@code run.err}), with the
   * defaults: no slots, no timeout.
   *
   * <pre>{@code
   * Runner runner = ProcessRunner.of("python3 train.py --lr {optim.lr} [amp]");
   * }</pre>
   *
   * @throws IllegalArgumentException as {@link CommandTemplate#parse(String)}
   */
  public static ProcessRunner of(String commandLine) {
    return builder().step("run", commandLine).build();
  }

  /** A builder with this runner's settings, to make a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    settings.steps().forEach(s -> b.step(s.name(), s.command()));
    if (settings.slots() != null) {
      b.slots(settings.slots().values());
    }
    b.slotVariable =
        settings.slotVariable().equals(DEFAULT_SLOT_VARIABLE) ? null : settings.slotVariable();
    b.timeout = settings.timeout();
    b.grace = settings.grace().equals(DEFAULT_GRACE) ? null : settings.grace();
    settings.env().forEach(e -> b.env.put(e.name(), e));
    b.workingDirectory = settings.workingDirectory();
    b.jobFolders = settings.jobFolders();
    settings.parsers().forEach(p -> b.parsers.put(p.metric(), p));
    b.metricsRequired = settings.metricsRequired();
    b.valueFormat = settings.valueFormat();
    b.wandbShim = settings.wandbShim();
    b.snapshot = settings.code() == null ? null : settings.code().snapshot();
    return b;
  }

  /**
   * Runs the trial's steps and returns its metrics.
   *
   * @throws IllegalStateException if the sweep has no directory, or the steps reported no metric
   * @throws IllegalArgumentException if a placeholder has no value in the trial's config (before
   *     any step runs)
   * @throws StepFailedException if a step exits with a code other than 0
   * @throws java.util.concurrent.TimeoutException if the trial's timeout passes
   * @throws java.util.concurrent.CancellationException if the trial is asked to stop
   * @throws java.io.IOException if a file cannot be written or a program cannot be started
   */
  @Override
  public Result run(Trial trial) throws Exception {
    requireNonNull(trial, "trial == null");
    return new TrialRun(settings, trial).run();
  }

  /**
   * The trial's steps bound to its config, and the variables its processes get, for a backend that
   * runs them elsewhere (a SLURM job): what {@link #run} would run, without running it. Writes the
   * trial's {@value #CONFIG_FILE}, and with {@link Builder#wandbShim} the {@code wandb} module.
   *
   * @throws IllegalArgumentException if a placeholder has no value in the trial's config
   */
  public Plan plan(Trial trial) throws IOException {
    requireNonNull(trial, "trial == null");
    Path dir = trial.workDir().toAbsolutePath();
    new TrialRun(settings, trial).writeConfig(dir.resolve(CONFIG_FILE));
    if (settings.wandbShim()) {
      WandbShim.install(dir);
    }
    return TrialRun.plan(settings, trial, dir, null);
  }

  /**
   * A reader of what the trial's program reports in its folder (the metrics file, and the logs
   * through this runner's parsers) by the same rules as {@link #run}, for steps that ran elsewhere.
   */
  public TrialOutput output(Trial trial) {
    requireNonNull(trial, "trial == null");
    return new TrialOutput(settings, trial, trial.workDir().toAbsolutePath());
  }

  /** The steps of a trial bound to its config, and its processes' variables (see {@link #plan}). */
  public record Plan(List<PlannedStep> steps, Map<String, String> environment) {
    public Plan {
      steps = List.copyOf(steps);
      environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
  }

  /**
   * One bound step: its name (its logs are {@code <name>.out} and {@code .err}) and its arguments.
   */
  public record PlannedStep(String name, List<String> argv) {
    public PlannedStep {
      argv = List.copyOf(argv);
    }
  }

  /** The working directory of the steps, if not the JVM's. */
  public Optional<Path> workingDirectory() {
    return Optional.ofNullable(settings.workingDirectory());
  }

  /**
   * The folder the trial's steps run in, for a backend that runs them elsewhere: with {@link
   * Builder#jobFolders job folders} the trial's own, made here; else the working directory, or the
   * JVM's.
   *
   * @throws IOException if the job folder cannot be made
   */
  public Path workingDirectory(Trial trial) throws IOException {
    requireNonNull(trial, "trial == null");
    Path dir = settings.stepsDirectory(trial.workDir());
    return (dir == null ? Path.of("") : dir).toAbsolutePath();
  }

  @Override
  public String toString() {
    return "ProcessRunner[" + settings + "]";
  }

  /**
   * A duration for people: {@code 250 ms}, {@code 1.5 s}, {@code 2 min 05 s}, {@code 3 h 10 min}.
   */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      String s = String.format(Locale.ROOT, "%.3f", ms / 1000.0).replaceAll("\\.?0+$", "");
      return s + " s";
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }

  /**
   * Builds a {@link ProcessRunner}. Not thread-safe; can be reused, since {@link #build()} copies
   * what it needs. Options other than steps, environment variables and parsers may be set once.
   */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private List<String> slots;
    private String slotVariable;
    private Duration timeout;
    private Duration grace;
    private final Map<String, EnvVar> env = new LinkedHashMap<>();
    private Path workingDirectory;
    private boolean jobFolders;
    private Snapshot snapshot;
    private final Map<String, LogParser> parsers = new LinkedHashMap<>();
    private boolean metricsRequired = true;
    private ValueFormat valueFormat = ValueFormat.JSON;
    private boolean wandbShim;

    private Builder() {}

    /**
     * Adds a step that runs {@code commandLine}, parsed by {@link CommandTemplate#parse(String)}.
     * There is no default: a runner has at least one step, and its steps run in the order added.
     *
     * @param name names the step's logs ({@code <name>.out}, {@code <name>.err}): letters, digits,
     *     {@code _} and {@code -}, at most 64, unique in the runner regardless of case
     * @return this builder
     * @throws IllegalArgumentException if the name is malformed or taken, or the command line does
     *     not parse
     * @throws NullPointerException if an argument is null
     */
    public Builder step(String name, String commandLine) {
      requireNonNull(commandLine, "commandLine == null");
      checkStepName(name);
      return step(name, CommandTemplate.parse(commandLine));
    }

    /**
     * Adds a step that runs {@code command}; use {@link CommandTemplate#shell(String)} for a shell
     * script and {@link CommandTemplate#of(List)} for an argument vector. There is no default, as
     * for {@link #step(String, String)}.
     *
     * @return this builder
     * @throws IllegalArgumentException if the name is malformed or taken
     * @throws NullPointerException if an argument is null
     */
    public Builder step(String name, CommandTemplate command) {
      requireNonNull(command, "command == null");
      checkStepName(name);
      steps.add(new Step(name, command));
      return this;
    }

    private void checkStepName(String name) {
      requireNonNull(name, "name == null");
      if (!STEP_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "step name '"
                + name
                + "' is not allowed; it names the step's "
                + "log files, so use letters, digits, _ and - (at most 64, starting with a letter or digit)");
      }
      for (Step step : steps) {
        if (step.name().equalsIgnoreCase(name)) {
          throw new IllegalArgumentException(
              "step '"
                  + name
                  + "' clashes with step '"
                  + step.name()
                  + "': step names name log files, so they must differ in more than case");
        }
      }
    }

    /**
     * A pool of resource slots, e.g. GPU ids {@code ["0", "1", "2,3"]}: each running trial holds
     * one and gets it in {@code CUDA_VISIBLE_DEVICES} (see {@link #slotVariable}), in {@code
     * SWEEP_SLOT} and in {@code {_slot}}. A value may repeat: {@code ["0", "0"]} runs two trials at
     * once on GPU 0. Build the sweep with as many threads as slots: with fewer, slots stay idle;
     * with more, trials wait for a slot. Default: no slots, and the variable is left as the JVM has
     * it.
     *
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or a slot is blank
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the list is null
     */
    public Builder slots(List<String> slots) {
      requireNonNull(slots, "slots == null");
      if (this.slots != null) {
        throw new IllegalStateException("slots were already set to " + this.slots);
      }
      this.slots = List.copyOf(new Slots(new ArrayList<>(slots)).values());
      return this;
    }

    /**
     * The environment variable that receives a trial's slot (default {@value
     * ProcessRunner#DEFAULT_SLOT_VARIABLE}; e.g. {@code HIP_VISIBLE_DEVICES} for AMD GPUs).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not a variable name
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the name is null
     */
    public Builder slotVariable(String name) {
      checkEnvName(name);
      if (slotVariable != null) {
        throw new IllegalStateException("slotVariable was already set to " + slotVariable);
      }
      this.slotVariable = name;
      return this;
    }

    /**
     * The longest a trial may run, all its steps together, from when it has a slot (default: no
     * limit). A trial that takes longer has its processes killed and fails.
     *
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the timeout is null
     */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      if (this.timeout != null) {
        throw new IllegalStateException("timeout was already set to " + this.timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How long a process tree has after {@code SIGTERM} to exit before it gets {@code SIGKILL}
     * (default 10 s): time for a trainer to save a checkpoint.
     *
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the grace period is null
     */
    public Builder grace(Duration grace) {
      requireNonNull(grace, "grace == null");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative, got " + grace);
      }
      if (this.grace != null) {
        throw new IllegalStateException("grace was already set to " + this.grace);
      }
      this.grace = grace;
      return this;
    }

    /**
     * Sets an environment variable for every step. The value may hold placeholders, bound like a
     * template's: {@code env("WANDB_NAME", "{_name}")}. Default: none; the processes get the JVM's
     * environment and the runner's {@code SWEEP_} variables.
     *
     * @return this builder
     * @throws IllegalArgumentException if the name is not a variable name or starts with {@code
     *     SWEEP_} (those are the runner's), or the value has a NUL or a malformed placeholder
     * @throws IllegalStateException if the variable was already set
     * @throws NullPointerException if an argument is null
     */
    public Builder env(String name, String value) {
      checkEnvName(name);
      requireNonNull(value, "value == null");
      if (name.startsWith("SWEEP_")) {
        throw new IllegalArgumentException(
            "environment variable "
                + name
                + " is set by the runner; "
                + "names that start with SWEEP_ are reserved");
      }
      if (value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "environment variable " + name + " has a NUL character in its value");
      }
      if (env.containsKey(name)) {
        throw new IllegalStateException(
            "environment variable " + name + " was already set to '" + env.get(name).value() + "'");
      }
      env.put(name, new EnvVar(name, value, TemplateParser.text(value, value)));
      return this;
    }

    private static void checkEnvName(String name) {
      requireNonNull(name, "name == null");
      if (!ENV_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' is not an environment variable name; "
                + "use letters, digits and _, not starting with a digit");
      }
    }

    /**
     * The folder the steps run in (default: the JVM's working directory). Programs should write
     * their outputs to {@code {_output}} or {@code $SWEEP_TRIAL_DIR}, the trial's folder.
     *
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the folder is null
     */
    public Builder workingDirectory(Path directory) {
      requireNonNull(directory, "directory == null");
      if (workingDirectory != null) {
        throw new IllegalStateException("workingDirectory was already set to " + workingDirectory);
      }
      this.workingDirectory = directory;
      return this;
    }

    /**
     * Whether each trial's steps run in a folder of their own (default: no, they run in the working
     * directory): {@code job} in the trial's folder, which holds a link to each entry of the
     * working directory (except the one that holds the sweep's folder), as GML's {@code search-run
     * --symlinks} gives each job {@code jobs/all/<n>}. Relative inputs are found as before, and a
     * file a step creates under a relative name ({@code result.txt}) is its trial's own; writing to
     * an entry that exists (a file, or into a folder) still writes through its link.
     *
     * @return this builder
     */
    public Builder jobFolders(boolean on) {
      this.jobFolders = on;
      return this;
    }

    /**
     * Copies the code the steps run once per sweep, before its first trial, into {@code code/} in
     * the sweep's folder, and runs every trial (and every resume) in that copy of the working
     * directory, so that editing the program while the sweep runs changes nothing of it (default:
     * the live tree). In a git work tree the copy is of the tracked files, with the commit and the
     * uncommitted changes recorded beside it; see {@link Snapshot}.
     *
     * <pre>{@code
     * .snapshot(Snapshot.builder().link("data").build())
     * }</pre>
     *
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the snapshot is null
     */
    public Builder snapshot(Snapshot snapshot) {
      requireNonNull(snapshot, "snapshot == null");
      if (this.snapshot != null) {
        throw new IllegalStateException("snapshot was already set to " + this.snapshot);
      }
      this.snapshot = snapshot;
      return this;
    }

    /**
     * Reads a metric from the steps' logs, for programs that cannot write to {@code
     * $SWEEP_METRICS}: each line of every step's stdout, then stderr, is matched as it is written;
     * the number is group 1, or the group named {@code value}; the last match is the metric's final
     * value. With a group named {@code step} as well, each match is also a point of the curve.
     * Default: no parser; the metrics come from the metrics file alone.
     *
     * <pre>{@code
     * .parse("val_error", Pattern.compile("val error: ([0-9.eE+-]+)"))
     * .parse("loss", Pattern.compile("epoch (?<step>\\d+) .*loss=(?<value>[0-9.eE+-]+)"))
     * }</pre>
     *
     * @return this builder
     * @throws IllegalArgumentException if the metric is blank, the pattern has no group, or a step
     *     group without a value group, or the metric already has a parser
     * @throws NullPointerException if an argument is null
     */
    public Builder parse(String metric, Pattern pattern) {
      LogParser parser = new LogParser(metric, pattern);
      if (parsers.containsKey(metric)) {
        throw new IllegalArgumentException(
            "metric '"
                + metric
                + "' already has the parser /"
                + parsers.get(metric).pattern()
                + "/");
      }
      parsers.put(metric, parser);
      return this;
    }

    /**
     * Whether a trial whose steps all exit with 0 must have reported a metric (the default, which
     * catches a program that writes to the wrong file): with {@code false} its result is empty, for
     * sweeps that rank nothing ({@code Sweep.Builder.requireObjective(false)}).
     *
     * @return this builder
     */
    public Builder requireMetrics(boolean required) {
      this.metricsRequired = required;
      return this;
    }

    /**
     * How placeholders print values: {@link ValueFormat#JSON} (the default) or as Python's {@code
     * str()} does ({@link ValueFormat#PYTHON}), for programs written for other tools.
     *
     * @return this builder
     * @throws NullPointerException if the format is null
     */
    public Builder valueFormat(ValueFormat format) {
      this.valueFormat = requireNonNull(format, "format == null");
      return this;
    }

    /**
     * Whether each trial's processes get Sweep's offline {@code wandb} Python module, so that a
     * program written for W&amp;B runs unchanged (default {@code false}). With {@code true}, the
     * module is written into {@code .wandb-shim/} in the trial's folder, that folder is put first
     * on {@code PYTHONPATH} (before the one set by {@link #env}, else the JVM's), and {@code
     * WANDB_MODE=offline}, {@code WANDB_DIR} (the trial folder), {@code WANDB_RUN_ID} (the trial's
     * id), {@code WANDB_NAME} (its name) and {@code WANDB_SWEEP_ID} (the sweep folder's name) are
     * set unless {@link #env} sets them. {@code wandb.init()} then returns a run whose {@code
     * config} holds the trial's config ({@code $SWEEP_CONFIG}), {@code wandb.log} appends to {@code
     * $SWEEP_METRICS} with W&amp;B's steps, and the run's summary becomes the trial's final
     * metrics. Nothing is sent to W&amp;B.
     *
     * @return this builder
     */
    public Builder wandbShim(boolean enabled) {
      this.wandbShim = enabled;
      return this;
    }

    /**
     * Builds the runner.
     *
     * @throws IllegalStateException if there is no step, {@code {_slot}} is used without slots, an
     *     environment variable is also the slot variable, or the working directory is not in the
     *     snapshot's source
     */
    public ProcessRunner build() {
      if (steps.isEmpty()) {
        throw new IllegalStateException(
            "the runner has no steps; add one with .step(name, command)");
      }
      String variable = slotVariable == null ? DEFAULT_SLOT_VARIABLE : slotVariable;
      if (slots == null) {
        for (Step step : steps) {
          if (step.command().uses("_slot")) {
            throw new IllegalStateException(
                "step '"
                    + step.name()
                    + "' uses {_slot}, but the runner has no slots; set them with .slots(...)");
          }
        }
        for (EnvVar var : env.values()) {
          if (ProcessSettings.uses(var, "_slot")) {
            throw new IllegalStateException(
                "environment variable "
                    + var.name()
                    + " uses {_slot}, but the runner has no slots; set them with .slots(...)");
          }
        }
      } else if (env.containsKey(variable)) {
        throw new IllegalStateException(
            "environment variable "
                + variable
                + " is set by .env(…) and is also the slot variable; "
                + "drop one, or give the slots another variable with .slotVariable(…)");
      }
      List<Step> stepList = List.copyOf(steps);
      List<EnvVar> envList = List.copyOf(env.values());
      return new ProcessRunner(
          new ProcessSettings(
              stepList,
              slots == null ? null : new Slots(slots),
              variable,
              timeout,
              grace == null ? DEFAULT_GRACE : grace,
              envList,
              workingDirectory,
              jobFolders,
              List.copyOf(parsers.values()),
              metricsRequired,
              valueFormat,
              ProcessSettings.uses(stepList, envList, "_config_json"),
              new ProgramPaths(System.getenv("PATH")),
              wandbShim,
              snapshot == null ? null : new CodeCopy(snapshot, workingDirectory)));
    }
  }
}
