package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link Sweep} is a description: built once, run any number of times, each run its own. */
class SweepDescriptionTest {
  private static final Space SPACE =
      Space.builder()
          .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
          .add("model.width", Ints.powerOfTwo(8, 64))
          .build();

  private static Result error(Trial t) {
    return Result.of("error", t.config().getDouble("optim.lr"));
  }

  private static Sweep.Builder builder(Runner runner) {
    return Sweep.builder(SPACE, runner)
        .objective(Objective.minimize("error"))
        .sampler(Samplers.random(7))
        .maxTrials(6);
  }

  private static List<String> configs(Population p) {
    return p.trials().stream().map(t -> t.config().toJson()).toList();
  }

  @Test
  void theSamplerIsStartedOncePerRun_theFirstRunTakingTheStartThatCountedTheTrials() {
    AtomicInteger starts = new AtomicInteger();
    Sampler counting =
        space -> {
          starts.incrementAndGet();
          return Samplers.grid().start(space);
        };
    Space grid = Space.builder().add("x", Ints.range(0, 4)).build();
    Sweep sweep =
        Sweep.builder(grid, trial -> Result.of(trial.config().getInt("x")))
            .sampler(counting)
            .build();
    assertThat(starts).hasValue(1);
    assertThat(sweep.totalTrials()).isEqualTo(5);

    assertThat(sweep.run().size()).isEqualTo(5);
    assertThat(starts).hasValue(1);
    assertThat(sweep.run().size()).isEqualTo(5);
    assertThat(starts).hasValue(2);
  }

  @Test
  void runTwiceWithoutAFolder_runsEveryTrialTwiceWithTheSameConfigs() {
    AtomicInteger ran = new AtomicInteger();
    Sweep sweep =
        builder(
                t -> {
                  ran.incrementAndGet();
                  return error(t);
                })
            .threads(2)
            .build();
    Population first = sweep.run();
    Population second = sweep.run();
    assertThat(ran).hasValue(12);
    assertThat(second.size()).isEqualTo(6);
    assertThat(configs(second)).isEqualTo(configs(first));
    assertThat(second.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.COMPLETED);
  }

  @Test
  void runsAtOnceWithoutAFolder_shareNothing() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch go = new CountDownLatch(1);
    Sweep sweep =
        builder(
                t -> {
                  if (t.id() == 0) {
                    bothStarted.countDown();
                    go.await(10, TimeUnit.SECONDS);
                  }
                  return error(t);
                })
            .name("twice")
            .build();
    try (RunningSweep a = sweep.start();
        RunningSweep b = sweep.start()) {
      assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
      a.cancel();
      go.countDown();
      Population second = b.join();
      assertThat(b.isCancelled()).isFalse();
      assertThat(second.size()).isEqualTo(6);
      assertThat(a.join().trials()).extracting(TrialRecord::id).containsExactly(0L);
    }
  }

  @Test
  void runTwiceOnAFolder_theSecondResumesAndRerunsNothing(@TempDir Path dir) throws Exception {
    AtomicInteger ran = new AtomicInteger();
    Sweep sweep =
        builder(
                t -> {
                  ran.incrementAndGet();
                  return error(t);
                })
            .directory(dir)
            .build();
    Population first = sweep.run();
    byte[] journal = Files.readAllBytes(dir.resolve(SweepFolder.JOURNAL));
    Population second = sweep.run();
    assertThat(ran).hasValue(6);
    assertThat(second.trials()).isEqualTo(first.trials());
    assertThat(dir.resolve(SweepFolder.JOURNAL)).hasBinaryContent(journal);
  }

  @Test
  void toBuilder_buildsTheSameSweep(@TempDir Path dir) {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    SweepListener listener =
        new SweepListener() {
          @Override
          public void trialFinished(TrialRecord record) {
            events.add("finished " + record.id());
          }
        };
    Sweep sweep =
        builder(SweepDescriptionTest::error)
            .name("original")
            .threads(2)
            .retries(1)
            .rerun(3)
            .listener(listener)
            .requireObjective(false)
            .target(1e-9)
            .directory(dir)
            .build();
    Sweep copy = sweep.toBuilder().build();

    assertThat(copy.name()).isEqualTo("original");
    assertThat(copy.totalTrials()).isEqualTo(sweep.totalTrials());
    assertThat(copy.objective()).isEqualTo(sweep.objective());
    assertThat(withoutCreated(copy.definition())).isEqualTo(withoutCreated(sweep.definition()));
    assertThat(copy.toString()).isEqualTo(sweep.toString());
    assertThat(copy.toBuilder().directoryIfAbsent(dir.resolve("other")))
        .as("the folder comes along")
        .isFalse();

    Population population = copy.run();
    assertThat(configs(population))
        .isEqualTo(configs(builder(SweepDescriptionTest::error).build().run()));
    assertThat(events).hasSize(6); // the listener came along
  }

  @Test
  void toBuilder_letsEachOptionBeSetOnceMore() {
    Sweep sweep = builder(SweepDescriptionTest::error).build();
    Sweep longer = sweep.toBuilder().maxTrials(9).sampler(Samplers.random(8)).threads(3).build();
    assertThat(longer.totalTrials()).isEqualTo(9);
    assertThat(sweep.totalTrials()).as("the original is unchanged").isEqualTo(6);
    assertThatThrownBy(() -> sweep.toBuilder().maxTrials(9).maxTrials(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxTrials was already set to 9");
  }

  @Test
  void aBuilderLeftUnsetUsesTheDefaults() {
    Sweep sweep = Sweep.builder(SPACE, t -> Result.of(1)).maxTrials(2).build();
    assertThat(sweep.name()).isEqualTo("sweep");
    assertThat(sweep.objective()).isEqualTo(Objective.minimize(Result.VALUE));
    assertThat(sweep.definition()).containsEntry("sampler", "random(seed=0)");
    assertThat(sweep.run().trials())
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED);
  }

  @Test
  void builderSetters_nameTheBadValue() {
    Sweep.Builder b = Sweep.builder(SPACE, t -> Result.of(1));
    assertThatThrownBy(() -> b.name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sweep name is blank: ' '");
    assertThatThrownBy(() -> b.retries(-1)).hasMessage("retries must be >= 0, got -1");
    assertThatThrownBy(() -> b.target(Double.NaN))
        .hasMessage("target must be a finite number, got NaN");
    assertThatThrownBy(() -> b.rerun(1, -2)).hasMessage("trial ids are >= 0, got -2");
  }

  /** The handle of a run knows the run only, never the description (no cycle between the two). */
  @Test
  void runningSweep_doesNotDependOnSweep() {
    List<Type> used = new ArrayList<>();
    for (Field f : RunningSweep.class.getDeclaredFields()) {
      used.add(f.getGenericType());
    }
    for (Method m : RunningSweep.class.getDeclaredMethods()) {
      used.add(m.getGenericReturnType());
      used.addAll(List.of(m.getGenericParameterTypes()));
    }
    for (Constructor<?> c : RunningSweep.class.getDeclaredConstructors()) {
      used.addAll(List.of(c.getGenericParameterTypes()));
    }
    for (Class<?> nested : RunningSweep.class.getDeclaredClasses()) {
      for (Field f : nested.getDeclaredFields()) {
        used.add(f.getGenericType());
      }
    }
    assertThat(used)
        .extracting(Type::getTypeName)
        .noneMatch(name -> name.matches(".*\\bdev\\.sweep\\.Sweep\\b.*"));
    assertThat(used).contains(SweepRun.class);
  }

  private static Map<String, Object> withoutCreated(Map<String, Object> definition) {
    Map<String, Object> d = new HashMap<>(definition);
    d.remove("created");
    return d;
  }
}
