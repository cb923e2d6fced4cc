package dev.sweep.process;

import dev.sweep.Trial;
import dev.sweep.config.Config;
import dev.sweep.trial.CurvePoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A plain {@link Trial} for running a {@link ProcessRunner} without a sweep: a config, a folder,
 * the reported curve, and a stop flag the test sets.
 */
final class TestTrial implements Trial {
  private final long id;
  private final Config config;
  private final Path dir;
  private final List<CurvePoint> curve = new ArrayList<>();
  final AtomicBoolean stop = new AtomicBoolean();
  private Consumer<CurvePoint> onReport = p -> {};

  TestTrial(long id, Config config, Path dir) {
    this.id = id;
    this.config = config;
    this.dir = dir;
  }

  /** Trial 0 with {@code config} in {@code root/trial}. */
  static TestTrial of(Map<String, ?> flatConfig, Path root) {
    return new TestTrial(0, Config.ofFlat(flatConfig), root.resolve("trial"));
  }

  TestTrial onReport(Consumer<CurvePoint> action) {
    this.onReport = action;
    return this;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public Map<String, Object> params() {
    return config.flatten();
  }

  @Override
  public Path workDir() {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void report(long step, Map<String, ? extends Number> metrics) {
    Map<String, Double> values = new LinkedHashMap<>();
    metrics.forEach((k, v) -> values.put(k, v.doubleValue()));
    CurvePoint point = new CurvePoint(step, values);
    synchronized (curve) {
      curve.add(point);
    }
    onReport.accept(point);
  }

  List<CurvePoint> curve() {
    synchronized (curve) {
      return List.copyOf(curve);
    }
  }

  @Override
  public boolean shouldStop() {
    return stop.get();
  }
}
