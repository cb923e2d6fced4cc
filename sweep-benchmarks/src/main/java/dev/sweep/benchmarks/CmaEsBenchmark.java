package dev.sweep.benchmarks;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 28, point 3: the latency of one CMA-ES ask plus its tell in a run that has already made
 * {@code completed} trials (1,000 and 10,000) of the shifted sphere on a 10- and a 30-dimensional
 * cube, with IPOP restarts as they come. Sampled time, so that the percentiles show the tells that
 * close a generation (the update and, lazily, the eigendecomposition) as well as the plain ones.
 * The run goes on while it is measured: its cost per trial does not depend on the trials so far.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CmaEsBenchmark {
  @Param({"1000", "10000"})
  int completed;

  @Param({"10", "30"})
  int dimensions;

  private Space space;
  private Sampler.Sampling sampling;
  private long next;

  @Setup(Level.Trial)
  public void run() {
    Space.Builder b = Space.builder();
    for (int i = 0; i < dimensions; i++) {
      b.add("x" + i, Floats.uniform(-5, 5));
    }
    space = b.build();
    sampling = SearchSamplers.cmaEs(1).start(space);
    for (int i = 0; i < completed; i++) {
      askAndTell();
    }
  }

  @Benchmark
  public Sample askAndTell() {
    Sample s = sampling.ask(next);
    double y = 0;
    for (int i = 0; i < dimensions; i++) {
      double v = s.config().getDouble("x" + i) - 1;
      y += v * v;
    }
    sampling.tell(TpeBenchmark.record(next++, s, y));
    return s;
  }
}
