package dev.sweep.benchmarks;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import java.util.List;
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
 * The latency of one Gaussian-process ask plus its tell after 50, 100 and 200 completed trials on
 * Hartmann6's space (six uniform parameters), as {@link TpeBenchmark} measures TPE: each measured
 * call comes after a fresh sampling was told {@code completed} trials of Hartmann6 and made one
 * untimed ask, whose fit the measured ask starts from.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class GpBenchmark {
  @Param({"50", "100", "200"})
  int completed;

  private final Space space = Problems.all().get("hartmann6").space();
  private List<TrialRecord> history;
  private Sampler.Sampling sampling;
  private long next;

  @Setup(Level.Trial)
  public void history() {
    history = TpeBenchmark.hartmann6History(space, completed);
  }

  @Setup(Level.Iteration)
  public void fresh() {
    sampling = SearchSamplers.gp(1).start(space);
    history.forEach(sampling::tell);
    next = completed;
    askAndTell(); // the first fit of a study searches longest; later ones start from the last
  }

  @Benchmark
  public Sample askAndTell() {
    Sample s = sampling.ask(next);
    sampling.tell(TpeBenchmark.record(next++, s, 0.0));
    return s;
  }
}
