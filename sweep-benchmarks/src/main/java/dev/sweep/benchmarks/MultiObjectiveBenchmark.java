package dev.sweep.benchmarks;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
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
 * Issue 27, point 5: the latency of one ask plus its tell of NSGA-II and MOTPE (TPE with two
 * objectives) after 100 and 1,000 completed trials of ZDT1 (30 uniform parameters, two objectives),
 * as {@link TpeBenchmark} measures TPE: each measured call comes after a fresh sampling was told
 * {@code completed} random trials and made {@link TpeBenchmark#WARM_ASKS} asks (neither timed). The
 * goal: at most 1 ms at 1,000 trials.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 100)
@Measurement(iterations = 50)
@Fork(1)
public class MultiObjectiveBenchmark {
  @Param({"100", "1000"})
  int completed;

  @Param({"nsga2", "motpe", "tpe"})
  String sampler;

  static final Objectives F1_F2 =
      Objectives.of(List.of(Objective.minimize("f1"), Objective.minimize("f2")));

  private final Space space = zdt1Space();
  private List<TrialRecord> history;
  private Sampling run;

  /** A sampling and the next index: kept together, as a sweep keeps them. */
  private static final class Sampling {
    final Sampler.Sampling sampling;
    long next;

    Sampling(Sampler.Sampling sampling, long next) {
      this.sampling = sampling;
      this.next = next;
    }
  }

  static Space zdt1Space() {
    Space.Builder b = Space.builder();
    for (int i = 1; i <= 30; i++) {
      b.add("x" + i, Floats.uniform(0, 1));
    }
    return b.build();
  }

  @Setup(Level.Trial)
  public void history() {
    SplittableRandom rng = new SplittableRandom(7);
    history = new ArrayList<>(completed);
    for (int i = 0; i < completed; i++) {
      Map<String, Object> params = space.sample(rng);
      history.add(record(new Sample(i, params, space.toConfig(params), space)));
    }
  }

  @Setup(Level.Iteration)
  public void fresh() {
    Sampler s = sampler.equals("nsga2") ? SearchSamplers.nsga2(1) : SearchSamplers.tpe(1);
    // tpe: the same TPE seeking f2 alone, the baseline of MOTPE's cost
    Objectives seek = sampler.equals("tpe") ? Objectives.of(Objective.minimize("f2")) : F1_F2;
    run = new Sampling(s.start(space, seek), completed);
    history.forEach(run.sampling::tell);
    for (int i = 0; i < TpeBenchmark.WARM_ASKS; i++) {
      askAndTell();
    }
  }

  @Benchmark
  public Sample askAndTell() {
    Sample s = run.sampling.ask(run.next++);
    run.sampling.tell(record(s));
    return s;
  }

  /** ZDT1 at the sample, completed. */
  static TrialRecord record(Sample s) {
    double f1 = s.config().getDouble("x1");
    double sum = 0;
    for (int i = 2; i <= 30; i++) {
      sum += s.config().getDouble("x" + i);
    }
    double g = 1 + 9 * sum / 29;
    return new TrialRecord(
        s.index(),
        s.name(),
        s.params(),
        s.config(),
        TrialStatus.COMPLETED,
        Map.of("f1", f1, "f2", g * (1 - Math.sqrt(f1 / g))),
        List.of(),
        Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }
}
