package dev.sweep.process;

import dev.sweep.Result;
import dev.sweep.Trial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trial's program reports in its folder, read by the rules of a {@link ProcessRunner} for
 * steps that ran somewhere else (a SLURM job): the metrics file ({@code $SWEEP_METRICS}) and the
 * step logs through the runner's regex parsers. {@link #poll()} while the program runs passes new
 * curve points on to the trial; {@link #result()} or {@link #stepFailed} once it has ended. So the
 * driver reads a result the same way whatever ran it.
 *
 * <pre>{@code
 * TrialOutput output = processRunner.output(trial);
 * while (jobRuns()) { output.poll(); sleep(); }
 * Result result = exitCode == 0 ? output.result() : throw output.stepFailed("train", exitCode);
 * }</pre>
 *
 * <p>Not thread-safe: one thread reads a trial's output.
 */
public final class TrialOutput {
  private final ProcessSettings settings;
  private final Trial trial;
  private final Path dir;
  private final TrialMetrics metrics;
  private final MetricsFile metricsFile;
  private final LogScan logs;

  TrialOutput(ProcessSettings settings, Trial trial, Path dir) {
    this.settings = settings;
    this.trial = trial;
    this.dir = dir;
    this.metrics = new TrialMetrics(trial);
    this.metricsFile = new MetricsFile(dir.resolve(ProcessRunner.METRICS_FILE), metrics);
    List<Path> logFiles = new ArrayList<>();
    for (ProcessSettings.Step step : settings.steps()) {
      logFiles.add(dir.resolve(step.name() + ".out"));
      logFiles.add(dir.resolve(step.name() + ".err"));
    }
    this.logs = new LogScan(settings.parsers(), logFiles, metrics);
  }

  /** The last {@code n} lines of a log file, each cut to 500 characters; none if it is missing. */
  public static List<String> lastLines(Path file, int n) {
    return LineTail.last(file, n, 500);
  }

  /** Reads what was appended since the last call; curve points go to {@link Trial#report}. */
  public void poll() {
    metricsFile.poll();
    logs.poll();
  }

  /**
   * The trial's metrics, once every step has exited with 0: the rest of the files is read first.
   *
   * @throws IllegalStateException if the program reported no metric
   */
  public Result result() {
    metricsFile.finish();
    logs.finish();
    metricsFile.summarize();
    return TrialRun.result(settings, trial, metrics, dir.resolve(ProcessRunner.METRICS_FILE));
  }

  /**
   * The failure of step {@code step}, which exited with {@code code}: the steps not run and the
   * last lines of its log, as {@link ProcessRunner#run} reports it.
   *
   * @throws IllegalArgumentException if the runner has no step of that name
   */
  public StepFailedException stepFailed(String step, int code) {
    metricsFile.finish();
    logs.finish();
    int index = settings.stepIndex(step);
    if (index < 0) {
      throw new IllegalArgumentException(
          "no step '" + step + "' in ProcessRunner[" + settings + "]");
    }
    return TrialRun.failure(settings, index, code, dir);
  }
}
