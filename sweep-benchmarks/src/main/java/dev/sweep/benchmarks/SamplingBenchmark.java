package dev.sweep.benchmarks;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Configs per second from the random sampler on the four-parameter space: each operation is one
 * {@code ask(i)} with {@code i} increasing, as a sweep asks. With {@code constraint=half} a
 * constraint rejects about half of the draws, so one accepted config costs about two draws; the
 * score counts accepted configs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class SamplingBenchmark {

  /** {@code none}: no constraint; {@code half}: lr below the geometric middle of its range. */
  @Param({"none", "half"})
  public String constraint;

  private Sampling sampling;
  private long index;

  @Setup
  public void setUp() {
    Space space =
        switch (constraint) {
          case "none" -> BenchmarkSpaces.fourParams().build();
          case "half" -> BenchmarkSpaces.fourParamsHalfRejected().build();
          default ->
              throw new IllegalArgumentException(
                  "constraint must be none or half, got " + constraint);
        };
    sampling = Samplers.random(42).start(space);
    index = 0;
  }

  @Benchmark
  public Sample ask() {
    return sampling.ask(index++);
  }
}
