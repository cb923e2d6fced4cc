package dev.sweep.examples.digits;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.config.Config;
import dev.sweep.population.Population;
import dev.sweep.population.Summary;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * The README's first command runs this: a random sweep of a one-hidden-layer MLP, trained by SGD in
 * plain Java on the UCI optical digits, over learning rate (log), weight decay (log), hidden width
 * (power of two) and batch size (choice), with the linear-scaling constraint "a larger learning
 * rate needs a larger batch". Prints the top 5 trials, the EDF's quantiles and the error per batch
 * size, and writes {@code trials.csv} and {@code trials.json}.
 *
 * <p>Arguments (all optional): {@code trials threads outputFolder}; defaults 40, 2 and {@code
 * target/digits-sweep}.
 */
public final class DigitsSweep {
  private DigitsSweep() {}

  /** The search space: what to try, and what not to. */
  public static Space space() {
    return Space.builder()
        .add("optim.lr", Floats.logUniform(1e-3, 1.0))
        .add("optim.wd", Floats.logUniform(1e-6, 1e-2))
        .add("model.hidden", Ints.powerOfTwo(16, 128))
        .add("train.batch", Choices.of(16, 32, 64, 128))
        .add("train.epochs", Choices.constant(10))
        .derive("optim.lr_per_sample", c -> c.getDouble("optim.lr") / c.getInt("train.batch"))
        .constraint("lr / batch <= 0.004", c -> c.getDouble("optim.lr_per_sample") <= 0.004)
        .build();
  }

  /** Trains one MLP per trial, reporting the validation error after every epoch. */
  public static Runner runner(Digits.Split data) {
    return trial -> {
      Config c = trial.config();
      Mlp.Hyper hyper =
          new Mlp.Hyper(
              c.getDouble("optim.lr"),
              c.getDouble("optim.wd"),
              c.getInt("model.hidden"),
              c.getInt("train.batch"),
              c.getInt("train.epochs"),
              trial.id());
      Mlp.Fit fit =
          Mlp.train(
              data,
              hyper,
              (epoch, loss, error) ->
                  trial.report(epoch, Map.of("train_loss", loss, "val_error", error)),
              trial::shouldStop);
      if (fit.epochsRun() < hyper.epochs() && trial.shouldStop() && !fit.diverged()) {
        // told to stop (pruned, or the sweep cancelled): a half-trained model is no result
        throw new CancellationException(
            "stopped after " + fit.epochsRun() + " of " + hyper.epochs() + " epochs");
      }
      return Result.of("error", fit.validationError(), "train_loss", fit.trainLoss());
    };
  }

  /** Runs the sweep and returns its population. */
  static Population run(int trials, int threads, Path out) {
    Digits.Split data = Digits.load().split(7, 0.2);
    Population population =
        Sweep.builder(space(), runner(data))
            .name("digits")
            .objective(Objective.minimize("error"))
            .sampler(Samplers.random(2026))
            .maxTrials(trials)
            .threads(threads)
            .directory(out)
            .build()
            .run();
    population.writeCsv(out.resolve("trials.csv"));
    population.writeJson(out.resolve("trials.json"));
    return population;
  }

  public static void main(String[] args) {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path out = Path.of(args.length > 2 ? args[2] : "target/digits-sweep");
    long t0 = System.nanoTime();
    Population population = run(trials, threads, out);
    print(population, System.out);
    System.out.printf(
        Locale.ROOT,
        "%n%d trials on %d threads in %.1f s; trials.csv and trials.json in %s%n",
        population.size(),
        threads,
        (System.nanoTime() - t0) / 1e9,
        out.toAbsolutePath());
  }

  static void print(Population population, PrintStream out) {
    out.println();
    out.println(
        "Top 5 of " + population.size() + " trials (validation error on 359 held-out digits):");
    out.printf(
        Locale.ROOT,
        "  %-4s %-8s %-10s %-10s %-7s %-6s%n",
        "id",
        "error",
        "lr",
        "wd",
        "hidden",
        "batch");
    for (TrialRecord t : population.top(5)) {
      Config c = t.config();
      out.printf(
          Locale.ROOT,
          "  %-4d %-8.4f %-10.3g %-10.3g %-7d %-6d%n",
          t.id(),
          t.metrics().get("error"),
          c.getDouble("optim.lr"),
          c.getDouble("optim.wd"),
          c.getInt("model.hidden"),
          c.getInt("train.batch"));
    }
    double[] qs = {0.05, 0.25, 0.5, 0.75, 0.95};
    double[] values = population.quantiles(qs);
    out.println();
    out.println("EDF of the error (quantile: error):");
    for (int i = 0; i < qs.length; i++) {
      out.printf(Locale.ROOT, "  %4.0f%%: %.4f%n", qs[i] * 100, values[i]);
    }
    out.printf(
        Locale.ROOT,
        "  share of trials with error <= 5%%: %.0f%%%n",
        100 * population.edf().at(0.05));
    out.println();
    out.println("Error by batch size (count, mean, min):");
    Map<Object, Summary> byBatch =
        new TreeMap<>(Comparator.comparingLong(k -> ((Number) k).longValue()));
    byBatch.putAll(population.groupBy("train.batch"));
    for (Map.Entry<Object, Summary> e : byBatch.entrySet()) {
      Summary s = e.getValue();
      out.printf(
          Locale.ROOT,
          "  %-4s n=%-3d mean=%.4f min=%.4f%n",
          e.getKey(),
          s.count(),
          s.mean(),
          s.min());
    }
  }
}
