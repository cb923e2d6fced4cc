package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sweep.Sweep;
import dev.sweep.junit.DynamicSweep;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A sweep written as a JUnit test runs its trials as SLURM array jobs on the real cluster. */
class SweepTestOnSlurmTest extends ClusterTest {
  /** The test a user writes: each trial a job running {@link JavaRunnerTest.Quadratic}. */
  static final class OnTheCluster {
    @TestFactory
    Stream<DynamicNode> learningRate() {
      SlurmRunner runner =
          SlurmRunner.builder()
              .javaRunner(
                  JavaRunnerTest.Quadratic.class,
                  System.getProperty("java.class.path"),
                  "-Xmx128m",
                  "-XX:TieredStopAtLevel=1")
              .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(1))
              .build();
      Space space = Space.builder().add("lr", Choices.of(0.0, 0.1, 0.3)).build();
      return DynamicSweep.of(
              Sweep.builder(space, runner)
                  .objective(Objective.minimize("error"))
                  .sampler(Samplers.grid())
                  .threads(3))
          .expect(
              "lr 0.1 is the best",
              p -> assertThat(p.best().orElseThrow().config().getDouble("lr")).isEqualTo(0.1))
          .dynamicTests();
    }
  }

  @Test
  void eachJobIsATestAndTheFolderIsUnderTarget() throws Exception {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnTheCluster.class)).execute();

    Map<String, TestExecutionResult.Status> outcomes = new LinkedHashMap<>();
    results.testEvents().finished().stream()
        .forEach(
            e ->
                outcomes.put(
                    e.getTestDescriptor().getDisplayName(),
                    e.getPayload(TestExecutionResult.class).orElseThrow().getStatus()));
    assertThat(outcomes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "#0 lr=0", TestExecutionResult.Status.FAILED,
                "#1 lr=0.1", TestExecutionResult.Status.SUCCESSFUL,
                "#2 lr=0.3", TestExecutionResult.Status.SUCCESSFUL,
                "population: lr 0.1 is the best", TestExecutionResult.Status.SUCCESSFUL));
    Path folder =
        Path.of("target/sweeps", OnTheCluster.class.getName().replace('$', '_'), "learningRate");
    assertThat(Files.readString(folder.resolve("journal.jsonl"))).contains("lr 0 learns nothing");
    assertThat(folder.resolve(SlurmRunner.FOLDER)).isDirectory();
    // JUnit closed the sweep; the tracker's poller ends with the poll that saw the last job end
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (!sweepThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sweepThreads()).isEmpty();
  }

  private static java.util.List<String> sweepThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("sweep-"))
        .toList();
  }
}
