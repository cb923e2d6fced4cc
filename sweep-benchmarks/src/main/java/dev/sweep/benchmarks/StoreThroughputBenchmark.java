package dev.sweep.benchmarks;

import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Trials per second of an in-JVM sweep with a durable folder: every trial is journalled (created,
 * started, finished, with group-committed fsync), and no trial asks for its own folder. One
 * invocation runs a fresh sweep of {@value #TRIALS} trials in a new folder under {@code
 * java.io.tmpdir}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class StoreThroughputBenchmark {
  static final int TRIALS = 20_000;

  @Param({"1", "2"})
  public int threads;

  private Space space;
  private Runner runner;
  private Path dir;
  private long seed;

  @Setup
  public void setUp() {
    space = BenchmarkSpaces.fourParams().build();
    runner = BenchmarkSpaces.trivialRunner();
  }

  /** Not timed: each sweep starts in an empty folder. */
  @Setup(Level.Invocation)
  public void newFolder() throws IOException {
    dir = Files.createTempDirectory("sweep-store-bench");
  }

  @TearDown(Level.Invocation)
  public void removeFolder() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(TRIALS)
  public Population sweepWithJournal() {
    return Sweep.builder(space, runner)
        .sampler(Samplers.random(seed++))
        .maxTrials(TRIALS)
        .threads(threads)
        .directory(dir)
        .build()
        .run();
  }
}
