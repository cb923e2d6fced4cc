package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.store.StoreException;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.TrialRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Sweep.Builder.enqueue}: given configs run first, as trials 0..k-1, then the sampler. */
class EnqueueTest {
  private static final Space SPACE =
      Space.builder()
          .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
          .add("model.width", Ints.powerOfTwo(16, 256))
          .build();
  private static final Runner RUNNER = t -> Result.of(t.config().getDouble("optim.lr"));

  @TempDir Path dir;

  private static Sweep.Builder twoEnqueued() {
    return Sweep.builder(SPACE, RUNNER)
        .sampler(Samplers.random(7))
        .maxTrials(5)
        .enqueue(Map.of("optim.lr", 0.01, "model.width", 64))
        .enqueue(Map.of("optim.lr", 0.001, "model.width", 16L));
  }

  @Test
  void enqueued_areTheFirstTrials_inOrder_thenTheSamplersOwn() {
    List<TrialRecord> trials = twoEnqueued().build().run().trials();

    assertThat(trials).hasSize(5);
    assertThat(trials.get(0).params())
        .containsExactly(Map.entry("optim.lr", 0.01), Map.entry("model.width", 64L));
    assertThat(trials.get(1).params())
        .containsExactly(Map.entry("optim.lr", 0.001), Map.entry("model.width", 16L));
    // the sampler goes on from its own first sample: trial 2 is what random(7) gives first
    Map<String, Object> first =
        Sweep.builder(SPACE, RUNNER)
            .sampler(Samplers.random(7))
            .maxTrials(1)
            .build()
            .run()
            .trials()
            .get(0)
            .params();
    assertThat(trials.get(2).params()).isEqualTo(first);
  }

  @Test
  void grid_runsEveryPointAfterTheEnqueued() {
    Space small = Space.builder().add("a", Choices.of(1, 2, 3)).build();
    Sweep sweep =
        Sweep.builder(small, t -> Result.of((double) t.config().getLong("a")))
            .sampler(Samplers.grid())
            .enqueue(Map.of("a", 2))
            .build();

    assertThat(sweep.totalTrials()).isEqualTo(4);
    assertThat(sweep.run().trials())
        .extracting(t -> t.params().get("a"))
        .containsExactly(2L, 1L, 2L, 3L);
  }

  @Test
  void resume_keepsTheEnqueuedTrials_andRefusesAFolderThatEnqueuedOthers() {
    Population first = twoEnqueued().directory(dir).build().run();
    Population again = twoEnqueued().directory(dir).build().run();
    assertThat(again.trials()).isEqualTo(first.trials());
    assertThat(SweepFolder.replay(dir)).hasSize(5);

    Sweep other =
        Sweep.builder(SPACE, RUNNER)
            .sampler(Samplers.random(7))
            .maxTrials(5)
            .enqueue(Map.of("optim.lr", 0.02, "model.width", 64))
            .directory(dir)
            .build();
    assertThatThrownBy(other::run)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("was made by another sweep: its trial 0");
  }

  @Test
  void valueOutsideItsDomain_namesPathValueAndDomain() {
    assertThatThrownBy(
            () -> Sweep.builder(SPACE, RUNNER).enqueue(Map.of("optim.lr", 0.5, "model.width", 64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enqueued trial 0: 'optim.lr' = 0.5 is not in logUniform[1.0E-4, 0.1]");
  }

  @Test
  void unknownPath_andMissingPath_areNamed() {
    assertThatThrownBy(
            () ->
                Sweep.builder(SPACE, RUNNER)
                    .enqueue(Map.of("optim.lr", 0.01, "model.width", 64, "optim.wd", 0.1)))
        .hasMessageEndingWith(
            "'optim.wd' is not a parameter of this space; its parameters: [optim.lr, model.width]");
    assertThatThrownBy(() -> Sweep.builder(SPACE, RUNNER).enqueue(Map.of("optim.lr", 0.01)))
        .hasMessageEndingWith("'model.width' is missing; allowed: powerOfTwo[16, 256]");
    assertThatThrownBy(
            () -> Sweep.builder(SPACE, RUNNER).enqueue(Map.of("optim.lr", 0.01, "model.width", 48)))
        .hasMessageEndingWith("'model.width' = 48 is not in powerOfTwo[16, 256]");
  }

  @Test
  void branches_needTheChosenBranchesParams_only() {
    Space branched =
        Space.builder()
            .add(
                "model",
                Branches.of(
                    "cnn", Space.builder().add("depth", Ints.range(1, 8)).build(),
                    "vit", Space.builder().add("heads", Ints.range(1, 16)).build()))
            .build();
    Sweep.Builder b = Sweep.builder(branched, t -> Result.of(1)).maxTrials(1);

    b.enqueue(Map.of("model.type", "vit", "model.heads", 4));
    assertThatThrownBy(
            () -> b.enqueue(Map.of("model.type", "vit", "model.heads", 4, "model.depth", 2)))
        .hasMessageEndingWith("'model.depth' belongs to a branch that is not chosen");
    assertThatThrownBy(() -> b.enqueue(Map.of("model.type", "rnn")))
        .hasMessageEndingWith("'model.type' = rnn is not one of the branches [cnn, vit]");
  }

  @Test
  void aConstraintTheConfigViolates_isNamed() {
    Space constrained =
        SPACE.toBuilder().constraint("small", c -> c.getLong("model.width") <= 64).build();
    assertThatThrownBy(
            () ->
                Sweep.builder(constrained, RUNNER)
                    .enqueue(Map.of("optim.lr", 0.01, "model.width", 128)))
        .hasMessage("enqueued trial 0 (lr=0.01,width=128) violates constraint 'small'");
  }
}
