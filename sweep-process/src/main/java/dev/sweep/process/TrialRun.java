package dev.sweep.process;

import dev.sweep.Result;
import dev.sweep.Trial;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.process.ProcessSettings.EnvVar;
import dev.sweep.process.ProcessSettings.Step;
import dev.sweep.store.SweepFolder;
import java.io.File;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One trial of a {@link ProcessRunner}: its files, its slot, its steps one after the other. */
final class TrialRun {
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
  private static final long POLL_MS = 100;
  private static final File DEV_NULL = new File("/dev/null");
  private static final int TAIL_WIDTH = 500;

  private final ProcessSettings settings;
  private final Trial trial;
  private Path dir;
  private Path workingDirectory; // the steps' folder; null: the JVM's
  private MetricsFile metricsFile;
  private TrialMetrics metrics;
  private long
      deadline; // System.nanoTime() by which the trial must end; valid when timeout != null

  TrialRun(ProcessSettings settings, Trial trial) {
    this.settings = settings;
    this.trial = trial;
  }

  Result run() throws Exception {
    dir =
        trial
            .workDir()
            .toRealPath(); // the mark is matched as text: one name for the folder, whatever path
    // led to it
    Attempts.endEarlier(
        trial.id(),
        trial.attempt(),
        dir,
        settings.grace()); // nothing of an attempt whose driver died may run beside this one
    Path configFile = dir.resolve(ProcessRunner.CONFIG_FILE);
    Path metricsPath = dir.resolve(ProcessRunner.METRICS_FILE);
    writeConfig(configFile);
    if (settings.wandbShim()) {
      WandbShim.install(dir);
    }
    workingDirectory = settings.stepsDirectory(dir);
    Files.deleteIfExists(
        metricsPath); // an earlier attempt's is not this one's; a link is removed, not followed
    Files.deleteIfExists(
        dir.resolve(SweepFolder.STOP_FILE)); // an earlier attempt's stop is not this one's
    String slot = null;
    if (settings.slots() != null) {
      slot = settings.slots().acquire(trial::shouldStop);
      if (slot == null) {
        throw new CancellationException(
            "trial "
                + trial.id()
                + " was cancelled while it waited for one of the slots "
                + settings.slots());
      }
    }
    try {
      deadline =
          System.nanoTime() + (settings.timeout() == null ? 0 : settings.timeout().toNanos());
      ProcessRunner.Plan plan = plan(settings, trial, dir, slot);
      metrics = new TrialMetrics(trial);
      metricsFile = new MetricsFile(metricsPath, metrics);
      for (int i = 0; i < settings.steps().size(); i++) {
        runStep(i, plan.steps().get(i).argv(), plan.environment());
      }
      metricsFile.summarize();
      return result(settings, trial, metrics, metricsPath);
    } finally {
      if (slot != null) {
        settings.slots().release(slot);
      }
    }
  }

  /**
   * Binds every step to the trial (before any runs, so that a typo in the last step costs nothing)
   * and makes the variables its processes get.
   */
  static ProcessRunner.Plan plan(ProcessSettings settings, Trial trial, Path dir, String slot) {
    Path configFile = dir.resolve(ProcessRunner.CONFIG_FILE);
    Path metricsPath = dir.resolve(ProcessRunner.METRICS_FILE);
    Map<String, String> reserved = new LinkedHashMap<>();
    reserved.put("_output", dir.toString());
    reserved.put("_name", trial.name());
    reserved.put("_id", Long.toString(trial.id()));
    reserved.put("_config", configFile.toString());
    if (settings.usesConfigJson()) {
      reserved.put("_config_json", trial.config().toJson());
    }
    reserved.put("_metrics", metricsPath.toString());
    if (slot != null) {
      reserved.put("_slot", slot);
    }
    Binding binding = new Binding(trial.config(), reserved, settings.valueFormat());
    List<ProcessRunner.PlannedStep> steps = new ArrayList<>();
    for (Step step : settings.steps()) {
      steps.add(new ProcessRunner.PlannedStep(step.name(), step.command().bind(binding)));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : settings.env()) {
      env.put(var.name(), binding.text(var.pieces(), var.value()));
    }
    env.put("SWEEP_TRIAL_ID", Long.toString(trial.id()));
    env.put("SWEEP_TRIAL_NAME", trial.name());
    env.put("SWEEP_TRIAL_DIR", dir.toString());
    env.put("SWEEP_CONFIG", configFile.toString());
    env.put("SWEEP_METRICS", metricsPath.toString());
    env.put("SWEEP_STOP_FILE", dir.resolve(SweepFolder.STOP_FILE).toString());
    if (slot != null) {
      env.put("SWEEP_SLOT", slot);
      env.put(settings.slotVariable(), slot);
    }
    if (settings.wandbShim()) {
      WandbShim.environment(env, trial, dir);
    }
    return new ProcessRunner.Plan(steps, env);
  }

  /** The trial's result by the metrics file's rules, once every step exited with 0. */
  static Result result(
      ProcessSettings settings, Trial trial, TrialMetrics metrics, Path metricsPath) {
    Map<String, Double> result = metrics.result();
    if (result.isEmpty() && settings.metricsRequired()) {
      throw new IllegalStateException(
          "trial "
              + trial.id()
              + ": every step exited with 0, but no metric was reported: "
              + metricsPath
              + " has no line with a number, like {\"step\": 3, \"loss\": 0.21}"
              + (settings.parsers().isEmpty() ? "" : ", and no parser matched a line of the logs"));
    }
    return new Result(result);
  }

  /**
   * Writes config.json unless it holds the config already, as the sweep's own trial folders do: a
   * second forced write would cost a disk flush per trial.
   */
  void writeConfig(Path configFile) throws IOException {
    byte[] bytes = trial.config().toPrettyJson().getBytes(StandardCharsets.UTF_8);
    try (FileChannel existing = LineTail.open(configFile)) {
      if (existing.size() == bytes.length
          && Arrays.equals(Channels.newInputStream(existing).readAllBytes(), bytes)) {
        return;
      }
    } catch (IOException missingUnreadableOrALink) {
      // written anew below, as a file of its own
    }
    AtomicFiles.write(configFile, bytes);
  }

  private void runStep(int index, List<String> argv, Map<String, String> env) throws Exception {
    Step step = settings.steps().get(index);
    if (timedOut()) {
      throw new TimeoutException(
          "trial "
              + trial.id()
              + " timed out after "
              + ProcessRunner.human(settings.timeout())
              + " before step '"
              + step.name()
              + "'");
    }
    Path out = dir.resolve(step.name() + ".out");
    Path err = dir.resolve(step.name() + ".err");
    Map<String, String> stepEnv = new LinkedHashMap<>(env);
    stepEnv.put("SWEEP_STEP", step.name());
    writeCommandFile(step, argv, stepEnv);
    AtomicFiles.replaceWithEmpty(
        out); // the process writes to these names: files of this attempt, never links
    AtomicFiles.replaceWithEmpty(err);
    Containment.mark(stepEnv, settings.grace());
    Containment.ensureReaper();
    KillOnExit onExit = new KillOnExit("sweep-kill-" + trial.id() + "-" + step.name());
    Process process = start(processBuilder(argv, out, err, stepEnv), step, argv, onExit);
    log.debug(
        "trial {} step '{}' started, pid {}: {}",
        trial.id(),
        step.name(),
        process.pid(),
        ShellQuoting.join(argv));
    LogScan scan = new LogScan(settings.parsers(), List.of(out, err), metrics);
    try {
      Attempts.running(dir, step.name(), process);
      await(process, step, scan);
    } finally {
      if (process.isAlive()) { // an unexpected exception: leave nothing running
        killTree(process);
      }
      onExit.remove();
    }
    metricsFile.finish();
    scan.finish();
    checkExit(index, step, process.exitValue(), onExit.exiting());
  }

  private boolean timedOut() {
    return settings.timeout() != null && System.nanoTime() - deadline >= 0;
  }

  /**
   * The step's process, not yet started: in a session of its own, its logs, the trial's variables.
   */
  private ProcessBuilder processBuilder(
      List<String> argv, Path out, Path err, Map<String, String> stepEnv) {
    ProcessBuilder builder =
        new ProcessBuilder(
                Containment.inOwnSession(settings.programs().resolve(argv), workingDirectory))
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("SWEEP_")); // a sweep inside a trial sees its own
    builder.environment().putAll(stepEnv);
    return builder;
  }

  /**
   * Starts the step's process with {@code onExit} in place before it: a SIGTERM to the driver right
   * after the start must still take the process with it.
   */
  private Process start(ProcessBuilder builder, Step step, List<String> argv, KillOnExit onExit)
      throws IOException {
    onExit.install();
    Process process;
    try {
      Attempts.running(dir, step.name(), null);
      process = builder.start();
    } catch (IOException e) {
      onExit.startFailed();
      throw new IOException(
          "step '"
              + step.name()
              + "' of trial "
              + trial.id()
              + " could not start: "
              + e.getMessage()
              + (workingDirectory == null ? "" : " (in " + workingDirectory + ")")
              + "; command: "
              + ShellQuoting.join(argv),
          e);
    }
    onExit.started(process);
    return process;
  }

  /** The step has exited with {@code code}: nothing if 0, else why the trial ends here. */
  private void checkExit(int index, Step step, int code, boolean driverExiting) throws Exception {
    if (driverExiting && code != 0) {
      // the driver is shutting down (SIGTERM, SIGINT) and ended the step: an interruption, not a
      // failure
      throw new CancellationException(
          "trial "
              + trial.id()
              + " was cancelled in step '"
              + step.name()
              + "' because the driver is shutting down (exit code "
              + code
              + ")");
    }
    if (code != 0) {
      throw failure(settings, index, code, dir);
    }
  }

  /**
   * The shutdown hook of one step: when the JVM exits, it ends the step's process tree. The hook
   * and the start race (the JVM may begin to exit while the process starts): whichever of the two
   * sees the other acts, so the process is ended either way.
   */
  private final class KillOnExit {
    private final AtomicReference<Process> started = new AtomicReference<>();
    private final AtomicBoolean exiting = new AtomicBoolean();
    private final CountDownLatch startReturned = new CountDownLatch(1);
    private final Thread hook;

    KillOnExit(String name) {
      this.hook = new Thread(this::onJvmExit, name);
    }

    private void onJvmExit() {
      exiting.set(true);
      try {
        startReturned.await(5, TimeUnit.SECONDS); // a start in progress: wait for its process
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Process p = started.get();
      if (p != null) {
        killTree(p);
      }
    }

    void install() {
      Runtime.getRuntime().addShutdownHook(hook);
    }

    void started(Process process) {
      started.set(process);
      startReturned.countDown();
      if (exiting.get()) {
        killTree(process); // the JVM began to exit as we started it
      }
    }

    void startFailed() {
      startReturned.countDown();
      remove();
    }

    /** Whether the JVM is exiting: the hook has run, or runs. */
    boolean exiting() {
      return exiting.get();
    }

    void remove() {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, or has run
      }
    }
  }

  /**
   * Ends the step's process, its descendants, what stayed in its session and what carries this
   * trial's mark (a daemon it double-forked); returns how many needed SIGKILL.
   */
  private int killTree(Process process) {
    return ProcessTree.kill(
        List.of(process.toHandle()),
        () -> Containment.strays(process.pid(), dir),
        settings.grace());
  }

  /** Waits for the step's process, reading metrics and logs; kills it on cancel or timeout. */
  private void await(Process process, Step step, LogScan scan) throws Exception {
    long started = System.nanoTime();
    while (true) {
      try {
        if (process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        String killed = kill(process, scan);
        throw new InterruptedException(
            "trial " + trial.id() + " was interrupted in step '" + step.name() + "'; " + killed);
      }
      metricsFile.poll();
      scan.poll();
      if (trial.shouldStop()) {
        String after = ProcessRunner.human(Duration.ofNanos(System.nanoTime() - started));
        String killed = kill(process, scan);
        throw new CancellationException(
            "trial "
                + trial.id()
                + " was cancelled in step '"
                + step.name()
                + "' after "
                + after
                + "; "
                + killed);
      }
      if (timedOut()) {
        String killed = kill(process, scan);
        throw new TimeoutException(
            "trial "
                + trial.id()
                + " timed out after "
                + ProcessRunner.human(settings.timeout())
                + " in step '"
                + step.name()
                + "'; "
                + killed);
      }
    }
  }

  /** Kills the step's process tree, reads what it wrote last, and says what was done. */
  private String kill(Process process, LogScan scan) {
    long pid = process.pid();
    int stubborn = killTree(process);
    metricsFile.finish();
    scan.finish();
    metricsFile.summarize();
    return "its processes (pid "
        + pid
        + " and its descendants) were stopped"
        + (stubborn == 0
            ? ""
            : ", "
                + stubborn
                + " of them with SIGKILL after the "
                + ProcessRunner.human(settings.grace())
                + " grace period");
  }

  /**
   * Step {@code index} exited with {@code code}: says so, with the later steps and its last log
   * lines.
   */
  static StepFailedException failure(ProcessSettings settings, int index, int code, Path dir) {
    Step step = settings.steps().get(index);
    Path out = dir.resolve(step.name() + ".out");
    Path err = dir.resolve(step.name() + ".err");
    Path logFile = LineTail.isEmpty(err) && !LineTail.isEmpty(out) ? out : err;
    List<String> lines = LineTail.last(logFile, ProcessRunner.TAIL_LINES, TAIL_WIDTH);
    StringBuilder message =
        new StringBuilder("step '").append(step.name()).append("' exited with code ").append(code);
    if (code > 128 && code <= 128 + 64) {
      message.append(" (killed by signal ").append(code - 128).append("?)");
    }
    List<String> notRun = new ArrayList<>();
    settings.steps().subList(index + 1, settings.steps().size()).forEach(s -> notRun.add(s.name()));
    if (!notRun.isEmpty()) {
      message.append("; not run: ").append(String.join(", ", notRun));
    }
    if (lines.isEmpty()) {
      message.append("; its logs ").append(out).append(" and ").append(err).append(" are empty");
    } else {
      message.append("; last lines of ").append(logFile).append(':');
      lines.forEach(line -> message.append("\n  ").append(line));
    }
    return new StepFailedException(message.toString(), step.name(), code, logFile, lines);
  }

  /** {@code <step>.cmd}: a shell script that runs the step again by hand, as the runner ran it. */
  private void writeCommandFile(Step step, List<String> argv, Map<String, String> env)
      throws IOException {
    StringBuilder script =
        new StringBuilder("#!/bin/sh\n")
            .append("# step '")
            .append(step.name())
            .append("' of trial ")
            .append(trial.id())
            .append(", as the sweep ran it (stdout and stderr went to ")
            .append(step.name())
            .append(".out and .err)\n");
    script
        .append("cd ")
        .append(
            ShellQuoting.quote(
                workingDirectory == null
                    ? Path.of("").toAbsolutePath().toString()
                    : workingDirectory.toAbsolutePath().toString()))
        .append(" || exit\n");
    for (Map.Entry<String, String> e : env.entrySet()) {
      script
          .append("export ")
          .append(e.getKey())
          .append('=')
          .append(ShellQuoting.quote(e.getValue()))
          .append('\n');
    }
    script.append("exec ").append(ShellQuoting.join(argv)).append(" </dev/null\n");
    AtomicFiles.write(
        dir.resolve(step.name() + ".cmd"),
        script.toString()); // replaces a link, never writes through it
  }
}
