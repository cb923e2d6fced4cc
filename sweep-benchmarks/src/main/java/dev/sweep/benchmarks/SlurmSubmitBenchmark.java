package dev.sweep.benchmarks;

import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.sampler.Samplers;
import dev.sweep.slurm.SlurmRunner;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to submit {@value #TRIALS} trials to a real SLURM cluster: from {@code sweep.run()} until
 * {@code sbatch} has returned, with each trial's folder, config, bound command and journal notes
 * made and the job script written. The jobs are submitted held ({@code --hold}), so that none runs,
 * and cancelled after each invocation. A wrapper on sbatch logs every call; an invocation that
 * needs more than 2, or whose sbatch fails, fails the benchmark, and so does a sweep that ends
 * before it calls sbatch. Every command the runner may call is wrapped, {@code sacct} included: a
 * command missing from the wrappers' folder made the tracker retry it for ever. Needs a cluster:
 * {@code bench/slurm-submit.sh}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SlurmSubmitBenchmark {
  static final int TRIALS = 1000;

  private Path root;
  private Path bin;
  private Path calls;
  private Sweep sweep;
  private RunningSweep running;

  @Setup(Level.Trial)
  public void wrappers() throws IOException {
    root = Files.createTempDirectory("sweep-slurm-bench");
    bin = Files.createDirectories(root.resolve("bin"));
    calls = root.resolve("calls.log");
    // Every command SlurmRunner calls: sacct asks how the cancelled (held) tasks ended.
    for (String command : List.of("sbatch", "squeue", "scontrol", "scancel", "sacct")) {
      Path wrapper = bin.resolve(command);
      // Logs the call and its exit status when it returns: the benchmark's clock stops there.
      Files.writeString(
          wrapper,
          "#!/bin/sh\n/usr/bin/"
              + command
              + " \"$@\"\nrc=$?\necho "
              + command
              + " $rc >> '"
              + calls
              + "'\nexit $rc\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** Not timed: a new folder, and a sweep of TRIALS trials of `true` built for it. */
  @Setup(Level.Invocation)
  public void newSweep() throws IOException {
    Files.deleteIfExists(calls);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command("true")
            .commands(bin)
            .sbatchOptions("--hold")
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(1))
            .build();
    sweep =
        Sweep.builder(Space.builder().add("i", Ints.range(0, TRIALS - 1)).build(), runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(Files.createTempDirectory(root, "sweep"))
            .threads(TRIALS)
            .build();
  }

  @Benchmark
  public void submit() throws Exception {
    running = sweep.start();
    while (sbatchCalls() == 0) {
      if (running.isDone()) { // every trial failed before sbatch was called: fail, never spin
        running.join(); // what ended the run, if it threw
        String failure =
            running.snapshot().trials().stream()
                .flatMap(t -> t.failure().stream())
                .findFirst()
                .orElse("no trial failed");
        throw new IllegalStateException(
            "the sweep ended before it called sbatch; the first failure: " + failure);
      }
      Thread.sleep(1);
    }
  }

  /** Not timed: cancels the held jobs (the sweep's own scancel) and checks the sbatch count. */
  @TearDown(Level.Invocation)
  public void cancel() throws Exception {
    Thread.sleep(300); // a second array, if the trials came in two batches
    long sbatch = sbatchCalls();
    running.cancel();
    if (!running.await(Duration.ofMinutes(2))) {
      throw new IllegalStateException("the sweep did not end within 2 minutes of its cancel");
    }
    if (sbatch > 2) {
      throw new IllegalStateException(
          TRIALS + " trials took " + sbatch + " sbatch calls; at most 2 allowed");
    }
    if (Files.readAllLines(calls).stream()
        .anyMatch(l -> l.startsWith("sbatch ") && !l.equals("sbatch 0"))) {
      throw new IllegalStateException("sbatch failed: " + Files.readAllLines(calls));
    }
  }

  @TearDown(Level.Trial)
  public void removeFolders() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private long sbatchCalls() throws IOException {
    if (!Files.exists(calls)) {
      return 0;
    }
    return Files.readAllLines(calls).stream().filter(l -> l.startsWith("sbatch ")).count();
  }
}
