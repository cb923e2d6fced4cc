package dev.sweep.benchmarks;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class ScratchBenchmark {
  @Param({"1"}) public int threads;
  @Param({"false"}) public boolean gc;
  Space space;
  long seed;
  @Setup public void setUp() { space = BenchmarkSpaces.fourParams().build(); }
  @Setup(Level.Invocation) public void collect() { if (gc) System.gc(); }
  Population run(int n) {
    return Sweep.builder(space, t -> Result.of(t.config().getDouble("optim.lr") * t.config().getDouble("optim.wd")))
        .sampler(Samplers.random(seed++)).maxTrials(n).threads(threads).build().run();
  }
  @Benchmark @OperationsPerInvocation(100_000) public Population n100k() { return run(100_000); }
  @Benchmark @OperationsPerInvocation(10_000) public Population n10k() { return run(10_000); }
}
