package dev.sweep;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.sampler.Sample;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.SweepStore;
import dev.sweep.trial.CurvePoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** The {@link Trial} the in-JVM backend hands to a runner. */
final class TrialContext implements Trial {
  private final Sample sample;
  private final Optional<Path>
      directory; // where trials get their work folders, if the store has one
  private final BooleanSupplier stop;
  private final SweepListener listener;
  private final SweepStore store;
  private final Set<String> treeParameters;
  private final Map<String, Map<String, Object>> notes;
  private final List<CurvePoint> curve = new ArrayList<>();
  private final StoppingRule.Stopper stopper;
  private final String metric; // the objective's, which the stopper watches
  private volatile String pruned; // why the stopping rule stopped it; null while it may go on
  private volatile Path workDir;
  private volatile boolean sawCancel;
  private final int attempt;

  /**
   * An attempt of a trial of a run that records into {@code store}. {@code notes} (thread-safe) are
   * the trial's notes so far, of earlier runs and attempts; this attempt's are added to it. Its
   * folder is linked into the tree under {@code treeParameters}.
   */
  TrialContext(
      Sample sample,
      int attempt,
      SweepStore store,
      Set<String> treeParameters,
      Map<String, Map<String, Object>> notes,
      BooleanSupplier stop,
      SweepListener listener,
      StoppingRule.Stopper stopper,
      String metric) {
    this.attempt = attempt;
    this.stopper = stopper;
    this.metric = metric;
    this.sample = sample;
    this.store = store;
    this.treeParameters = treeParameters;
    this.directory = store.directory();
    this.notes = notes;
    this.stop = stop;
    this.listener = listener;
  }

  Sample sample() {
    return sample;
  }

  @Override
  public long id() {
    return sample.index();
  }

  @Override
  public String name() {
    return sample.name();
  }

  @Override
  public Config config() {
    return sample.config();
  }

  @Override
  public Map<String, Object> params() {
    return sample.params();
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Path workDir() {
    Path dir = workDir;
    if (dir == null) {
      Path sweepDir =
          directory.orElseThrow(
              () ->
                  new IllegalStateException(
                      "trial "
                          + id()
                          + " has no work folder: build the sweep with .directory(path)"));
      dir = SweepFolder.trialDir(sweepDir, id(), name());
      try {
        if (Files.isSymbolicLink(dir)) {
          Files.delete(
              dir); // left by an earlier attempt: the link goes, what it points to is not touched
        }
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("config.json"), config().toPrettyJson());
        SweepFolder.linkTrial(sweepDir, id(), name(), params(), treeParameters);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create the work folder " + dir + ": " + e.getMessage(), e);
      }
      workDir = dir;
    }
    return dir;
  }

  @Override
  public void report(long step, Map<String, ? extends Number> metrics) {
    requireNonNull(metrics, "metrics == null");
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException(
          "trial " + id() + ": report at step " + step + " has no metrics");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    metrics.forEach(
        (k, v) ->
            values.put(
                k,
                requireNonNull(v, "metric '" + k + "' at step " + step + " == null")
                    .doubleValue()));
    CurvePoint point = new CurvePoint(step, values);
    synchronized (curve) {
      curve.add(point);
    }
    store.reported(id(), attempt, point);
    listener.trialReported(this, point);
    Double value = values.get(metric);
    if (value != null && pruned == null && stopper.report(id(), step, value)) {
      String why = stopper.why(id());
      pruned =
          "stopped at step "
              + step
              + " ("
              + metric
              + " "
              + value
              + (why.isEmpty() ? "" : "; " + why)
              + ")";
      if (workDir != null) { // a trial whose folder exists (a process's): never made just for this
        writeStopFile();
      }
    }
  }

  /**
   * {@value SweepFolder#STOP_FILE} in the trial's folder: what a program that polls for it sees.
   */
  private void writeStopFile() {
    try {
      AtomicFiles.write(workDir().resolve(SweepFolder.STOP_FILE), pruned + "\n");
    } catch (IOException | UncheckedIOException e) {
      // the process is signalled all the same; the file is a courtesy
    }
  }

  /** Why the stopping rule stopped this trial, if it did. */
  Optional<String> pruned() {
    return Optional.ofNullable(pruned);
  }

  List<CurvePoint> curve() {
    synchronized (curve) {
      return List.copyOf(curve);
    }
  }

  @Override
  public void note(String key, Map<String, ?> value) {
    requireNonNull(key, "key == null");
    Map<String, Object> copy =
        Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(value, "value == null")));
    store.note(id(), key, copy);
    notes.put(key, copy);
  }

  @Override
  public Optional<Map<String, Object>> noted(String key) {
    return Optional.ofNullable(notes.get(key));
  }

  @Override
  public boolean shouldStop() {
    if (pruned != null) {
      return true;
    }
    if (stop.getAsBoolean()) {
      sawCancel = true;
      return true;
    }
    return false;
  }

  /**
   * Whether the runner asked {@link #shouldStop()} after the sweep was cancelled, and was told so.
   */
  boolean sawCancel() {
    return sawCancel;
  }

  @Override
  public String toString() {
    return "Trial[" + id() + ": " + name() + "]";
  }
}
