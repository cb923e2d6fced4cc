package dev.sweep.examples.embed;

import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.SweepListener;
import dev.sweep.examples.digits.Digits;
import dev.sweep.examples.digits.DigitsSweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sweeps embedded in a host program, as a tool or a notebook server would run them: three digits
 * sweeps at once in one JVM, their events on the host's own thread (as a UI toolkit wants them),
 * live snapshots while they run, one of them cancelled halfway, and every sweep closed before the
 * host moves on, leaving none of their threads behind.
 *
 * <p>Arguments (optional): {@code outputFolder}, default {@code target/embedded-sweeps}.
 */
public final class EmbeddedSweeps {
  private EmbeddedSweeps() {}

  /** What the host saw: each sweep's final population. */
  public record Outcome(Population first, Population second, Population cancelled) {}

  public static Outcome run(Path out, PrintStream console) throws Exception {
    Digits.Split data = Digits.load().split(7, 0.2);
    // The host's "UI thread": every listener event runs here, one at a time, in order.
    ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-ui"));
    try (RunningSweep first = start("random", 12, Samplers.random(1), data, out, console, ui);
        RunningSweep second = start("more-random", 12, Samplers.random(2), data, out, console, ui);
        RunningSweep third = start("cancelled", 1000, Samplers.random(3), data, out, console, ui)) {
      CompletableFuture<Void> announced =
          first
              .result()
              .thenAcceptAsync(p -> console.println("first sweep done: best " + best(p)), ui);
      while (third.snapshot().size() < 4) {
        Thread.sleep(50); // a host polls snapshots to draw its charts
      }
      third.cancel(); // e.g. the user pressed stop
      console.println("cancelled the third sweep after " + third.snapshot().size() + " trials");
      Population a = first.result().get(5, TimeUnit.MINUTES);
      Population b = second.result().get(5, TimeUnit.MINUTES);
      Population c = third.result().get(5, TimeUnit.MINUTES);
      announced.get(5, TimeUnit.MINUTES); // and what printing it threw, if anything
      console.println("second sweep: best " + best(b) + "; third: " + c.statusCounts());
      // closing (the try block) waits until each sweep's threads have ended
      return new Outcome(a, b, c);
    } finally {
      ui.shutdown();
      ui.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static RunningSweep start(
      String name,
      int trials,
      Sampler sampler,
      Digits.Split data,
      Path out,
      PrintStream console,
      ExecutorService ui) {
    SweepListener progress =
        new SweepListener() {
          @Override
          public void trialFinished(TrialRecord t) {
            console.printf(
                Locale.ROOT,
                "[%s] %s: trial %d %s error=%s%n",
                Thread.currentThread().getName(),
                name,
                t.id(),
                t.status(),
                t.metrics().get("error"));
          }
        };
    return Sweep.builder(DigitsSweep.space(), DigitsSweep.runner(data))
        .name(name)
        .objective(Objective.minimize("error"))
        .sampler(sampler)
        .maxTrials(trials)
        .threads(1)
        .directory(out.resolve(name))
        .listener(progress, ui)
        .build()
        .start();
  }

  private static String best(Population p) {
    return p.best()
        .map(t -> String.format(Locale.ROOT, "%.4f (trial %d)", t.metrics().get("error"), t.id()))
        .orElse("none");
  }

  /** The threads of this JVM whose names say they are a sweep's. */
  public static List<String> sweepThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("sweep-"))
        .sorted()
        .toList();
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/embedded-sweeps");
    long t0 = System.nanoTime();
    Outcome o = run(out, System.out);
    System.out.printf(
        Locale.ROOT,
        "%d + %d + %d trials in %.1f s; sweep threads left: %s%n",
        o.first().size(),
        o.second().size(),
        o.cancelled().size(),
        Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1e3,
        sweepThreads());
  }
}
