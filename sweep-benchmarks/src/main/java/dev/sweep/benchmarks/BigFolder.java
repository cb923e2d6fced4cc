package dev.sweep.benchmarks;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import java.nio.file.Path;

/**
 * A sweep folder of a million trivial in-JVM trials (the four-parameter space, random sampler, seed
 * 1), for timing what reads a big folder: the first call runs every trial into the folder, a second
 * call on the same folder resumes it, which replays the journal and runs nothing. {@code
 * bench/big-folder.sh} runs it under {@code /usr/bin/time -v} with the CLI commands.
 *
 * <pre>{@code
 * java -Xmx2g -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.BigFolder /tmp/big-1m 1000000
 * }</pre>
 */
public final class BigFolder {
  private BigFolder() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: BigFolder DIR [TRIALS]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long trials = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    long t0 = System.nanoTime();
    Population population =
        Sweep.builder(BenchmarkSpaces.fourParams().build(), BenchmarkSpaces.trivialRunner())
            .name("big")
            .sampler(Samplers.random(1))
            .maxTrials(trials)
            .directory(dir)
            .build()
            .run();
    System.out.printf(
        "{\"trials\": %d, \"seconds\": %.1f, \"best\": %s}%n",
        population.size(),
        (System.nanoTime() - t0) / 1e9,
        population.best().map(t -> Long.toString(t.id())).orElse("null"));
  }
}
