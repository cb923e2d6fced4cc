package dev.sweep.benchmarks;

import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Trials per second of a whole in-JVM sweep with a trivial runner: one invocation builds and runs a
 * {@link Sweep} of {@value #TRIALS} trials (random sampler, four parameters, no directory), so the
 * score, thanks to {@link OperationsPerInvocation}, is in trials per second and the sweep's setup
 * and its final {@link Population} are amortised over the trials.
 *
 * <p>The runner reads two values of the config and returns their product, the Java twin of the
 * objective in {@code bench/optuna_random.py}. The heap is pinned at 4 GiB: the score depends on
 * it, since the trials a sweep keeps (about 2 KB each, see {@link RetainedPerTrial}) are copied by
 * every young collection.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class SweepThroughputBenchmark {
  /** Trials per sweep: enough that building the sweep and its population is noise. */
  static final int TRIALS = 100_000;

  /** Worker threads of the sweep (the machine this was written for has two cores). */
  @Param({"1", "2"})
  public int threads;

  /**
   * {@code true}: each sweep starts on a collected heap, as a sweep in its own JVM does; the sweep
   * pays for the young collections its own allocation causes, including copying the trials it
   * keeps, but once G1 has grown the young generation past a sweep's allocation (about 1.3 GB here,
   * after some 15 s) there are none left, so this is close to the cost without GC. {@code false}:
   * sweeps run back to back in one JVM, so the populations of earlier invocations pile up in the
   * old generation and G1's marking and mixed collections are paid too; scores swing with where an
   * iteration falls in G1's cycle.
   */
  @Param({"true", "false"})
  public boolean freshHeap;

  private Space space;
  private Runner runner;
  private long seed;

  @Setup
  public void setUp() {
    space = BenchmarkSpaces.fourParams().build();
    runner = BenchmarkSpaces.trivialRunner();
  }

  /** Not timed. */
  @Setup(Level.Invocation)
  public void collectGarbage() {
    if (freshHeap) {
      System.gc();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TRIALS)
  public Population sweep() {
    Population population =
        Sweep.builder(space, runner)
            .sampler(Samplers.random(seed++))
            .maxTrials(TRIALS)
            .threads(threads)
            .build()
            .run();
    if (population.size() != TRIALS) {
      throw new AssertionError("expected " + TRIALS + " trials, got " + population.size());
    }
    return population;
  }
}
