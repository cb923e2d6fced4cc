package dev.sweep.benchmarks;

import dev.sweep.Result;
import dev.sweep.config.Config;
import dev.sweep.config.Names;
import dev.sweep.config.Paths;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sample;
import dev.sweep.space.Constraint;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of each step that one in-JVM trial takes, through the public API, to find where the time
 * of {@link SweepThroughputBenchmark} and {@link SamplingBenchmark} goes. In the order a trial
 * takes them:
 *
 * <ol>
 *   <li>{@link #stream}: {@code RandomSampler.stream(seed, i)}, the trial's random stream;
 *   <li>{@link #sampleParams}: a stream plus {@code Space.sample}, the four values;
 *   <li>{@link #toConfig}: {@code Space.toConfig}, the values laid into a config tree;
 *   <li>{@link #constraint}: one constraint reading {@code optim.lr} (only with constraints);
 *   <li>{@link #newSample}: {@code new Sample(i, params, config)}, which copies the params;
 *   <li>{@link #readableName}: {@code Names.readable(params)}, what {@code Sample.name()} computes;
 *       two of its parts: {@link #formatSmallDouble} ({@code Names.format(3.7e-5)}, the exponent
 *       form that log-uniform values below 1e-3 take) and {@link #safeName} ({@code Names.safe} of
 *       a finished name);
 *   <li>{@link #getDouble}: one {@code Config.getDouble}, as a runner reads its config; both it and
 *       {@code toConfig} split dotted paths, {@link #splitPath} is one {@code Paths.split};
 *   <li>{@link #resultOf}: {@code Result.of(value)};
 *   <li>{@link #trialRecord}: {@code Instant.now()}, a duration and the {@code TrialRecord}.
 * </ol>
 *
 * Scores are nanoseconds per call with the same params each time (best case for branch prediction);
 * compare their sum with {@code 1e9 / (trials/s)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class TrialPartsBenchmark {
  private Space space;
  private Map<String, Object> params;
  private Config config;
  private Sample sample;
  private Constraint constraint;
  private long index;

  @Setup
  public void setUp() {
    space = BenchmarkSpaces.fourParamsHalfRejected().build();
    params = space.sample(RandomSampler.stream(42, 0));
    config = space.toConfig(params);
    sample = new Sample(0, params, config);
    constraint = space.constraints().get(0);
  }

  @Benchmark
  public SplittableRandom stream() {
    return RandomSampler.stream(42, index++);
  }

  @Benchmark
  public Map<String, Object> sampleParams() {
    return space.sample(RandomSampler.stream(42, index++));
  }

  @Benchmark
  public Config toConfig() {
    return space.toConfig(params);
  }

  @Benchmark
  public boolean constraint() {
    return constraint.allows(config);
  }

  @Benchmark
  public Sample newSample() {
    return new Sample(index++, params, config);
  }

  @Benchmark
  public String readableName() {
    return Names.readable(params);
  }

  @Benchmark
  public String formatSmallDouble() {
    return Names.format(3.7e-5);
  }

  @Benchmark
  public String safeName() {
    return Names.safe("lr=0.0123,wd=3.7e-05,width=256,batch=64");
  }

  @Benchmark
  public List<String> splitPath() {
    return Paths.split("optim.lr");
  }

  @Benchmark
  public double getDouble() {
    return config.getDouble("optim.lr");
  }

  @Benchmark
  public Result resultOf() {
    return Result.of(0.5);
  }

  @Benchmark
  public TrialRecord trialRecord() {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Duration duration = Duration.ofNanos(System.nanoTime() - t0);
    return new TrialRecord(
        sample.index(),
        "lr=0.001",
        sample.params(),
        sample.config(),
        TrialStatus.COMPLETED,
        Map.of(Result.VALUE, 0.5),
        List.of(),
        Optional.empty(),
        started,
        duration);
  }
}
