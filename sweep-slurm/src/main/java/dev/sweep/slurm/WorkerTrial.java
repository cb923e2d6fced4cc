package dev.sweep.slurm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.Result;
import dev.sweep.Trial;
import dev.sweep.config.Config;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link Trial} a {@link Worker} hands its runner: the trial of the job's variables, whose
 * reports are appended to the metrics file as JSON lines.
 */
final class WorkerTrial implements Trial {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final long id;
  private final String name;
  private final Path dir;
  private final Config config;
  private final Path metrics;
  private volatile boolean checkpoint;
  private volatile boolean stop;
  private Map<String, Object> params; // read from the journal on first use

  private WorkerTrial(long id, String name, Path dir, Config config, Path metrics) {
    this.id = id;
    this.name = name;
    this.dir = dir;
    this.config = config;
    this.metrics = metrics;
  }

  /** The trial that the job script's variables describe. */
  static WorkerTrial fromEnvironment(Map<String, String> env) throws IOException {
    Path dir = Path.of(required(env, "SWEEP_TRIAL_DIR"));
    long id = Long.parseLong(required(env, "SWEEP_TRIAL_ID"));
    Config config =
        Config.fromJson(
            Files.readString(Path.of(required(env, "SWEEP_CONFIG")), StandardCharsets.UTF_8));
    return new WorkerTrial(
        id,
        required(env, "SWEEP_TRIAL_NAME"),
        dir,
        config,
        Path.of(required(env, "SWEEP_METRICS")));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          name
              + " is not set: "
              + Worker.class.getName()
              + " runs inside a job that a SlurmRunner submitted, which sets SWEEP_TRIAL_ID, SWEEP_TRIAL_NAME, SWEEP_TRIAL_DIR, SWEEP_CONFIG and SWEEP_METRICS");
    }
    return value;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Config config() {
    return config;
  }

  /**
   * The sampled values, from the sweep's journal (the trial folder is {@code
   * <sweep>/trials/<id>-<name>}).
   */
  @Override
  public synchronized Map<String, Object> params() {
    if (params == null) {
      TrialState state = SweepFolder.replay(dir.getParent().getParent()).get(id);
      params = state == null ? Map.of() : state.params();
    }
    return params;
  }

  @Override
  public Path workDir() {
    return dir;
  }

  @Override
  public void report(long step, Map<String, ? extends Number> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "trial " + id + ": report at step " + step + " has no metrics");
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", step);
    values.forEach(
        (k, v) -> line.put(k, requireNonNull(v, "metric '" + k + "' == null").doubleValue()));
    append(line);
  }

  /** The result, as the metrics file's final line. */
  void writeFinal(Result result) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("final", true);
    line.putAll(result.metrics());
    append(line);
  }

  private synchronized void append(Map<String, Object> line) {
    try {
      Files.writeString(
          metrics,
          JSON.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + metrics + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean shouldStop() {
    return stop;
  }

  @Override
  public boolean checkpointRequested() {
    return checkpoint;
  }

  void requestCheckpoint() {
    checkpoint = true;
  }

  void requestStop() {
    stop = true;
  }
}
