package dev.sweep.benchmarks;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.config.Config;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;

/**
 * The four-parameter space every benchmark samples, the same one that {@code
 * bench/optuna_random.py} gives Optuna: two log-uniform floats, a power of two and a categorical.
 */
final class BenchmarkSpaces {
  static final double LR_LO = 1e-5;
  static final double LR_HI = 1e-1;

  /** The geometric middle of the lr range: a log-uniform lr falls below it half of the time. */
  static final double LR_MIDDLE = Math.sqrt(LR_LO * LR_HI);

  private BenchmarkSpaces() {}

  /**
   * optim.lr, optim.wd (log-uniform), model.width (16..1024, powers of two), train.batch (choice).
   */
  static Space.Builder fourParams() {
    return Space.builder()
        .add("optim.lr", Floats.logUniform(LR_LO, LR_HI))
        .add("optim.wd", Floats.logUniform(1e-6, 1e-2))
        .add("model.width", Ints.powerOfTwo(16, 1024))
        .add("train.batch", Choices.of(32, 64, 128, 256));
  }

  /** The four parameters with a constraint that rejects about half of the samples. */
  static Space.Builder fourParamsHalfRejected() {
    return fourParams()
        .constraint("lr below its geometric middle", c -> c.getDouble("optim.lr") < LR_MIDDLE);
  }

  /**
   * The trivial objective of every throughput benchmark: the Java twin of bench/optuna_random.py's.
   */
  static Runner trivialRunner() {
    return trial -> {
      Config c = trial.config();
      return Result.of(c.getDouble("optim.lr") * c.getDouble("optim.wd"));
    };
  }
}
