package dev.sweep.benchmarks;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import java.lang.management.ManagementFactory;

/**
 * A fresh JVM's first sweep: the in-JVM sweep of {@link SweepThroughputBenchmark} (random sampler,
 * the four parameters, the trivial runner, no directory, 1 thread), {@code n} trials (default
 * 1,000), run once in this process, cold, as a program or a test that runs one sweep meets it.
 * Prints one JSON object: the JVM's uptime when {@code main} began, the sweep alone (build and run,
 * wall and this thread's CPU) and per trial. The whole process time comes from outside:
 *
 * <pre>{@code
 * hyperfine -N 'java -XX:+UseSerialGC -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.FirstSweep 1000'
 * }</pre>
 *
 * <p>Set {@code -Drepeat=K} to run K sweeps one after another in the process and print each: the
 * later ones show the same JVM warming up towards the JMH figure.
 */
public final class FirstSweep {
  private FirstSweep() {}

  public static void main(String[] args) {
    long mainAtMs = ManagementFactory.getRuntimeMXBean().getUptime();
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int repeat = Integer.getInteger("repeat", 1);
    var threads = ManagementFactory.getThreadMXBean();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    StringBuilder sweeps = new StringBuilder();
    for (int k = 0; k < repeat; k++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long process0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      Space space = BenchmarkSpaces.fourParams().build();
      Population population =
          Sweep.builder(space, BenchmarkSpaces.trivialRunner())
              .sampler(Samplers.random(k))
              .maxTrials(n)
              .build()
              .run();
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long process = os.getProcessCpuTime() - process0;
      if (population.size() != n) {
        throw new AssertionError("expected " + n + " trials, got " + population.size());
      }
      sweeps
          .append(k == 0 ? "" : ", ")
          .append(
              String.format(
                  java.util.Locale.ROOT,
                  "{\"sweepMs\": %.2f, \"threadCpuMs\": %.2f, \"processCpuMs\": %.2f,"
                      + " \"usPerTrial\": %.3f, \"cpuUsPerTrial\": %.3f}",
                  wall / 1e6,
                  cpu / 1e6,
                  process / 1e6,
                  wall / 1e3 / n,
                  process / 1e3 / n));
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "{\"trials\": %d, \"jvmUptimeAtMainMs\": %d, \"sweeps\": [%s]}%n",
        n,
        mainAtMs,
        sweeps);
  }
}
