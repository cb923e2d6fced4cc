package dev.sweep.benchmarks;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap bytes that each finished trial keeps alive, i.e. the live set the young collector copies
 * while a big in-JVM sweep runs: runs one sweep of {@code n} trials (default 100,000, the size of
 * {@link SweepThroughputBenchmark}) and compares the used heap after full GCs before and after,
 * while the {@link Population} is still reachable.
 *
 * <pre>{@code
 * java -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.RetainedPerTrial 100000
 * }</pre>
 */
public final class RetainedPerTrial {
  private RetainedPerTrial() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : SweepThroughputBenchmark.TRIALS;
    Space space = BenchmarkSpaces.fourParams().build();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    Population population =
        Sweep.builder(space, t -> Result.of(t.config().getDouble("optim.lr")))
            .sampler(Samplers.random(1))
            .maxTrials(n)
            .build()
            .run();
    long after = usedAfterGc(memory);
    System.out.printf(
        "{\"trials\": %d, \"retainedBytes\": %d, \"retainedBytesPerTrial\": %.0f}%n",
        population.size(), after - before, (after - before) / (double) population.size());
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
