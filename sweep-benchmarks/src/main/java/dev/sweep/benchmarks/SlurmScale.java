package dev.sweep.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.slurm.SlurmRunner;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wide SLURM sweep's cost to its driver: N trivial trials (each one array task that reports its
 * index) on the cluster at hand, with up to P of them in the queue at once, and what the driver JVM
 * spent meanwhile: CPU time, peak live threads, peak heap used and peak heap left after a
 * collection (sampled every 100 ms through JMX). Writes the figures as JSON and exits 1 unless
 * every trial completed. Run by {@code bench/slurm-scale.sh}.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks.jar dev.sweep.benchmarks.SlurmScale TRIALS PARALLELISM WORK_DIR OUT.json
 * </pre>
 */
public final class SlurmScale {
  private static final String TASK =
      """
          echo "{\\"error\\": $1}" >> "$SWEEP_METRICS"
          """;

  private SlurmScale() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: SlurmScale TRIALS PARALLELISM WORK_DIR OUT.json");
      System.exit(2);
    }
    int trials = Integer.parseInt(args[0]);
    int parallelism = Integer.parseInt(args[1]);
    Path work = Files.createDirectories(Path.of(args[2]));
    Path out = Path.of(args[3]);
    Path script = Files.writeString(work.resolve("task.sh"), TASK);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(ProcessRunner.of("/bin/bash " + script + " {i}"))
            .time(Duration.ofMinutes(10))
            .build(); // the default poll interval: 2 s, growing to 30 s while nothing changes
    // -Dmode=blocking: the same runner behind a plain Runner, so each trial holds a thread of the
    // sweep while it waits (as before the async seam), for a comparison on the same build
    boolean blocking = "blocking".equals(System.getProperty("mode"));
    Runner asGiven = runner;
    Runner blockingRunner = trial -> runner.run(trial);
    Sweep sweep =
        Sweep.builder(
                Space.builder().add("i", Ints.range(0, trials - 1)).build(),
                blocking ? blockingRunner : asGiven)
            .name("slurm-scale")
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(work.resolve("sweep"))
            .threads(parallelism)
            .build();

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AtomicInteger peakThreads = new AtomicInteger();
    AtomicLong peakHeap = new AtomicLong();
    AtomicLong peakAfterGc = new AtomicLong();
    List<com.sun.management.GarbageCollectorMXBean> collectors =
        ManagementFactory.getPlatformMXBeans(com.sun.management.GarbageCollectorMXBean.class);
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                // the heap after each collector's last collection: what was live, near enough
                for (com.sun.management.GarbageCollectorMXBean gc : collectors) {
                  com.sun.management.GcInfo info = gc.getLastGcInfo();
                  if (info != null) {
                    long after =
                        info.getMemoryUsageAfterGc().values().stream()
                            .mapToLong(MemoryUsage::getUsed)
                            .sum();
                    peakAfterGc.accumulateAndGet(after, Math::max);
                  }
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "scale-sampler");
    sampler.setDaemon(true);
    int threadsBefore = threads.getThreadCount();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    sampler.start();
    Population population;
    try {
      population = sweep.run();
    } finally {
      sampler.interrupt();
      sampler.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    long completed = population.statusCounts().get(TrialStatus.COMPLETED);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("date", Instant.now().toString());
    result.put("host", InetAddress.getLocalHost().getHostName());
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("java", System.getProperty("java.version"));
    result.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1 << 20));
    result.put("trials", trials);
    result.put("parallelism", parallelism);
    result.put("mode", blocking ? "blocking (a thread per trial)" : "async");
    result.put("completed", completed);
    result.put("status_counts", population.statusCounts().toString());
    result.put("wall_s", Math.round(wall * 10) / 10.0);
    result.put("trials_per_s", Math.round(trials / wall * 10) / 10.0);
    result.put("driver_cpu_s", Math.round(cpu * 10) / 10.0);
    result.put("driver_cpu_ms_per_trial", Math.round(cpu * 1e3 / trials * 100) / 100.0);
    result.put("threads_before", threadsBefore);
    result.put("peak_live_threads", peakThreads.get());
    result.put("jvm_peak_threads", threads.getPeakThreadCount());
    result.put("peak_heap_used_mb", Math.round(peakHeap.get() / 1048576.0 * 10) / 10.0);
    result.put("peak_heap_after_gc_mb", Math.round(peakAfterGc.get() / 1048576.0 * 10) / 10.0);
    result.put(
        "gc",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(
                g ->
                    g.getName()
                        + " "
                        + g.getCollectionCount()
                        + "x "
                        + g.getCollectionTime()
                        + " ms")
            .toList());
    result.put("command", System.getProperty("sun.java.command"));
    String json =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json + "\n");
    System.out.println(json);
    if (completed != trials) {
      System.err.println(
          "slurm-scale: only "
              + completed
              + " of "
              + trials
              + " trials completed: "
              + population.statusCounts());
      System.exit(1);
    }
  }
}
