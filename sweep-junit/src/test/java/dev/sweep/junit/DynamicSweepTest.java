package dev.sweep.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sweep.FailFastException;
import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A sweep written as a {@code @TestFactory} runs as JUnit runs tests: the example classes below
 * (static nested, so that Surefire leaves them to these tests) run through JUnit's own engine, and
 * what JUnit reports of them is checked.
 */
class DynamicSweepTest {
  static final Space SPACE = Space.builder().add("x", Choices.of(1, 2, 3, 4, 5)).build();
  static final AtomicInteger RUNS = new AtomicInteger();

  /** x = 3 fails, x = 5 is cancelled; the error is x / 10. */
  static final class InJvm {
    @TestFactory
    Stream<DynamicNode> errorFallsWithX() {
      Sweep.Builder sweep =
          Sweep.builder(
                  SPACE,
                  trial -> {
                    RUNS.incrementAndGet();
                    int x = trial.config().getInt("x");
                    if (x == 3) {
                      throw new IllegalStateException("diverged at x = 3");
                    }
                    if (x == 5) {
                      throw new CancellationException("preempted");
                    }
                    return Result.of("error", x / 10.0);
                  })
              .objective(Objective.minimize("error"))
              .sampler(Samplers.grid())
              .threads(3);
      return DynamicSweep.of(sweep)
          .expect(
              "the best error is 0.1",
              p -> assertThat(p.best().orElseThrow().metrics().get("error")).isEqualTo(0.1))
          .expect("the median error is below 0.1", p -> assertThat(p.quantile(0.5)).isLessThan(0.1))
          .dynamicTests();
    }
  }

  /** The same as local processes: `sh` prints the error, and fails for x = 3. */
  static final class Processes {
    @TestFactory
    Stream<DynamicNode> processes() {
      ProcessRunner runner =
          ProcessRunner.builder()
              .step("train", "sh -c 'test \"$1\" != 3 && echo error=$1' sh {x}")
              .parse("error", Pattern.compile("error=(\\S+)"))
              .build();
      return DynamicSweep.of(
              Sweep.builder(SPACE, runner)
                  .objective(Objective.minimize("error"))
                  .sampler(Samplers.grid())
                  .threads(2))
          .expect("four trials completed", p -> assertThat(p.completed().size()).isEqualTo(4))
          .dynamicTests();
    }
  }

  /** A constraint nothing satisfies: the sweep itself fails. */
  static final class Unsatisfiable {
    @TestFactory
    Stream<DynamicNode> impossible() {
      Space space =
          Space.builder()
              .add("x", Choices.of(1, 2))
              .constraint("x > 2", c -> c.getInt("x") > 2)
              .build();
      return DynamicSweep.of(
              Sweep.builder(space, trial -> Result.of(1)).sampler(Samplers.random(1)).maxTrials(3))
          .expect("anything", p -> assertThat(p.size()).isZero())
          .dynamicTests();
    }
  }

  /** A program with a bug: every trial fails alike, so the sweep stops after the first five. */
  static final class Typo {
    @TestFactory
    Stream<DynamicNode> typo() {
      Sweep.Builder sweep =
          Sweep.builder(
                  Space.builder().add("x", Ints.range(1, 10)).build(),
                  trial -> {
                    throw new IllegalStateException("no such key 'optim.lrr'");
                  })
              .sampler(Samplers.grid());
      return DynamicSweep.of(sweep).dynamicTests();
    }
  }

  private static EngineExecutionResults run(Class<?> tests) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(tests)).execute();
  }

  private static Map<String, TestExecutionResult.Status> outcomes(EngineExecutionResults results) {
    Map<String, TestExecutionResult.Status> out = new java.util.LinkedHashMap<>();
    results.testEvents().finished().stream()
        .forEach(
            e ->
                out.put(
                    e.getTestDescriptor().getDisplayName(),
                    e.getPayload(TestExecutionResult.class).orElseThrow().getStatus()));
    return out;
  }

  private static String message(EngineExecutionResults results, String test) {
    return results.testEvents().finished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
        .map(Event::getPayload)
        .map(p -> p.orElseThrow().toString())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void eachTrialIsATestNamedByItsConfigAndTheExpectationsRunAfterThem() {
    EngineExecutionResults results = run(InJvm.class);

    assertThat(outcomes(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "#0 x=1", TestExecutionResult.Status.SUCCESSFUL,
                "#1 x=2", TestExecutionResult.Status.SUCCESSFUL,
                "#2 x=3", TestExecutionResult.Status.FAILED,
                "#3 x=4", TestExecutionResult.Status.SUCCESSFUL,
                "#4 x=5", TestExecutionResult.Status.ABORTED,
                "population: the best error is 0.1", TestExecutionResult.Status.SUCCESSFUL,
                "population: the median error is below 0.1", TestExecutionResult.Status.FAILED));
    assertThat(List.copyOf(outcomes(results).keySet()).subList(5, 7))
        .allMatch(name -> name.startsWith("population: "));
    assertThat(message(results, "#2 x=3"))
        .contains("trial 2 (x=3) failed", "IllegalStateException: diverged at x = 3");
    assertThat(message(results, "#4 x=5")).contains("was cancelled", "preempted");
  }

  @Test
  void aFailedTrialsTest_hasWhatTheRunnerThrewAsItsCause_withItsStackTrace() {
    Throwable failure = throwable(run(InJvm.class), "#2 x=3");

    assertThat(failure.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("diverged at x = 3");
    assertThat(failure.getCause().getStackTrace()[0].getClassName())
        .isEqualTo(InJvm.class.getName());
  }

  @Test
  void aProgramWithABug_failsTheFirstFiveTrialsAndTheSweepSaysWhy() {
    EngineExecutionResults results = run(Typo.class);

    assertThat(outcomes(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "#0 x=1", TestExecutionResult.Status.FAILED,
                "#1 x=2", TestExecutionResult.Status.FAILED,
                "#2 x=3", TestExecutionResult.Status.FAILED,
                "#3 x=4", TestExecutionResult.Status.FAILED,
                "#4 x=5", TestExecutionResult.Status.FAILED,
                "sweep", TestExecutionResult.Status.FAILED));
    assertThat(throwable(results, "sweep"))
        .isInstanceOf(FailFastException.class)
        .hasMessageContaining("the first 5 trials to finish (0, 1, 2, 3, 4) all failed");
  }

  private static Throwable throwable(EngineExecutionResults results, String test) {
    return results.testEvents().finished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
        .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable())
        .findFirst()
        .orElseThrow()
        .orElseThrow();
  }

  @Test
  void theFolderDefaultsUnderTargetAndEachRunRunsTheTrialsAgain() throws Exception {
    Path folder =
        Path.of("target/sweeps", InJvm.class.getName().replace('$', '_'), "errorFallsWithX");
    RUNS.set(0);
    run(InJvm.class);
    assertThat(folder.resolve("journal.jsonl")).exists();
    assertThat(Files.readString(folder.resolve("journal.jsonl"))).contains("diverged at x = 3");
    run(InJvm.class);
    assertThat(RUNS.get())
        .isEqualTo(10); // five trials, twice: the folder of the first run was emptied
  }

  @Test
  void processTrialsAreTestsToo() {
    EngineExecutionResults results = run(Processes.class);

    assertThat(outcomes(results))
        .containsEntry("#0 x=1", TestExecutionResult.Status.SUCCESSFUL)
        .containsEntry("#2 x=3", TestExecutionResult.Status.FAILED)
        .containsEntry("population: four trials completed", TestExecutionResult.Status.SUCCESSFUL)
        .hasSize(6);
    assertThat(message(results, "#2 x=3")).contains("exit");
  }

  @Test
  void aSweepThatFailsFailsItsOwnTestAndTheExpectations() {
    EngineExecutionResults results = run(Unsatisfiable.class);

    assertThat(outcomes(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "sweep", TestExecutionResult.Status.FAILED,
                "population: anything", TestExecutionResult.Status.FAILED));
    assertThat(message(results, "sweep")).contains("ConstraintsUnsatisfiedException", "x > 2");
  }

  @Test
  @SuppressWarnings("try") // the first stream is held open, not read: a second call must fail
  void aSweepTestBuildsItsSweepOnce() {
    DynamicSweep test =
        DynamicSweep.of(Sweep.builder(SPACE, trial -> Result.of(1)).sampler(Samplers.grid()));
    try (Stream<DynamicNode> tests = test.dynamicTests()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(test::dynamicTests)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already called");
    }
  }

  @Test
  void anExpectationNeedsADescription() {
    DynamicSweep test =
        DynamicSweep.of(Sweep.builder(SPACE, trial -> Result.of(1)).sampler(Samplers.grid()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> test.expect(" ", p -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }
}
