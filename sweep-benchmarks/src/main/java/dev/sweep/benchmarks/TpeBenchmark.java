package dev.sweep.benchmarks;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.search.TpeSampler;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 6, point 4: the latency of one TPE ask plus its tell after 100, 1,000 and 10,000 completed
 * trials, on Hartmann6's space (six uniform parameters), univariate and multivariate. Each measured
 * call comes after a fresh sampling was told {@code completed} random trials and made {@link
 * #WARM_ASKS} asks (neither timed), so the study does not grow while it is measured: the figure is
 * the cost of an ask in a running study of that size. bench/samplers-vs-optuna.sh runs Optuna's TPE
 * the same way (trials added, then ask + tell timed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 100)
@Measurement(iterations = 50)
@Fork(1)
public class TpeBenchmark {
  @Param({"100", "1000", "10000"})
  int completed;

  @Param({"false", "true"})
  boolean multivariate;

  /**
   * Asks before the measured one, as in a study that runs: bench/samplers_optuna.py does the same.
   */
  static final int WARM_ASKS = 3;

  private final Space space = Problems.all().get("hartmann6").space();
  private List<TrialRecord> history;
  private Sampler sampler;
  private Sampler.Sampling sampling;
  private long next;

  @Setup(Level.Trial)
  public void history() {
    sampler = TpeSampler.builder().seed(1).multivariate(multivariate).build();
    history = hartmann6History(space, completed);
  }

  /** {@code n} random trials of Hartmann6, completed with its value, for a sampling to be told. */
  static List<TrialRecord> hartmann6History(Space space, int n) {
    SplittableRandom rng = new SplittableRandom(7);
    List<TrialRecord> history = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> params = space.sample(rng);
      var config = space.toConfig(params);
      double y =
          Problems.hartmann6(
              new double[] {
                config.getDouble("x0"),
                config.getDouble("x1"),
                config.getDouble("x2"),
                config.getDouble("x3"),
                config.getDouble("x4"),
                config.getDouble("x5")
              });
      history.add(record(i, new Sample(i, params, config, space), y));
    }
    return history;
  }

  @Setup(Level.Iteration)
  public void fresh() {
    sampling = sampler.start(space);
    history.forEach(sampling::tell);
    next = completed;
    for (int i = 0; i < WARM_ASKS; i++) {
      askAndTell(); // the sampling's buffers grow to the study's size here, not in the measured
      // call
    }
  }

  @Benchmark
  public Sample askAndTell() {
    Sample s = sampling.ask(next);
    sampling.tell(record(next++, s, 0.0));
    return s;
  }

  static TrialRecord record(long id, Sample s, double y) {
    return new TrialRecord(
        id,
        s.name(),
        s.params(),
        s.config(),
        TrialStatus.COMPLETED,
        Map.of("value", y),
        List.of(),
        Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }
}
