package dev.sweep.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Coupled;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Lists;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The grid sampler enumerates every combination of grid values, in a fixed order. */
class GridSamplerTest {

  @Test
  void size_isKnownBeforeRunning_andIsTheProductOfTheValueCounts() {
    Space space =
        Space.builder()
            .add("a", Choices.of("x", "y", "z"))
            .add("b", Choices.bool())
            .add("c", Ints.powerOfTwo(1, 8))
            .build();

    assertThat(Samplers.grid().start(space).size()).hasValue(3 * 2 * 4);
  }

  @Test
  void enumeratesTheCartesianProduct_firstParameterSlowest() {
    Space space =
        Space.builder().add("a", Choices.of(1, 2)).add("b", Choices.of("x", "y", "z")).build();

    assertThat(params(Samplers.grid().start(space)))
        .containsExactly(
            Map.of("a", 1L, "b", "x"),
            Map.of("a", 1L, "b", "y"),
            Map.of("a", 1L, "b", "z"),
            Map.of("a", 2L, "b", "x"),
            Map.of("a", 2L, "b", "y"),
            Map.of("a", 2L, "b", "z"));
  }

  @Test
  void everyKindOfDomain_contributesItsGridValues() {
    Space space =
        Space.builder()
            .add("lr", Floats.logUniform(1e-4, 1e-1).grid(1e-3, 1e-2))
            .add("drop", Floats.uniform(0, 0.5).quantized(0.25))
            .add("depth", Ints.range(1, 3))
            .add("width", Ints.multipleOf(8, 8, 16))
            .add("widths", Lists.of(Choices.of(1, 2), 2))
            .add("epochs", Choices.constant(10))
            .build();
    Sampling grid = Samplers.grid().start(space);

    assertThat(grid.size()).hasValue(2 * 3 * 3 * 2 * 4 * 1);
    assertThat(grid.ask(0).params())
        .containsExactly(
            entry("lr", 1e-3),
            entry("drop", 0.0),
            entry("depth", 1L),
            entry("width", 8L),
            entry("widths", List.of(1L, 1L)),
            entry("epochs", 10L));
    assertThat(grid.ask(143).params())
        .containsExactly(
            entry("lr", 1e-2),
            entry("drop", 0.5),
            entry("depth", 3L),
            entry("width", 16L),
            entry("widths", List.of(2L, 2L)),
            entry("epochs", 10L));
  }

  @Test
  void gridPoints_areVisitedInTheOrderGiven() {
    Space space =
        Space.builder().add("lr", Floats.logUniform(1e-5, 1e-2).grid(1e-3, 1e-5, 1e-4)).build();

    assertThat(params(Samplers.grid().start(space)))
        .containsExactly(Map.of("lr", 1e-3), Map.of("lr", 1e-5), Map.of("lr", 1e-4));
  }

  @Test
  void continuousDomainWithoutGridPoints_isRefused() {
    Space space =
        Space.builder()
            .add("depth", Ints.range(1, 3))
            .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
            .build();

    assertThatThrownBy(() -> Samplers.grid().start(space))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grid sampler: 'optim.lr' is the continuous domain logUniform[1.0E-4, 0.1] without grid points;"
                + " give it points with .grid(...) or .quantized(step), or use a random sampler");
  }

  @Test
  void continuousDomainInsideABranch_isRefusedWithItsFullPath() {
    Space cnn = Space.builder().add("dropout", Floats.uniform(0, 0.5)).build();
    Space space = Space.builder().add("model", Branches.of("cnn", cnn)).build();

    assertThatThrownBy(() -> Samplers.grid().start(space))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grid sampler: 'model.dropout' is the continuous domain uniform[0.0, 0.5] without grid points;"
                + " give it points with .grid(...) or .quantized(step), or use a random sampler");
  }

  @Test
  void domainWithTooManyValues_isRefusedAsSuch() {
    Space ints = Space.builder().add("steps", Ints.range(0, 10_000_000)).build();
    Space floats = Space.builder().add("drop", Floats.uniform(0, 1).quantized(1e-6)).build();
    Space lists = Space.builder().add("widths", Lists.of(Ints.range(0, 99), 4)).build();

    assertThatThrownBy(() -> Samplers.grid().start(ints))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grid sampler: 'steps' has too many values for a grid: intRange[0, 10000000];"
                + " narrow its range or coarsen its step, or use a random sampler");
    assertThatThrownBy(() -> Samplers.grid().start(floats))
        .hasMessage(
            "grid sampler: 'drop' has too many values for a grid: uniform[0.0, 1.0] step 1.0E-6;"
                + " narrow its range or coarsen its step, or use a random sampler");
    assertThatThrownBy(() -> Samplers.grid().start(lists))
        .hasMessage(
            "grid sampler: 'widths' has too many values for a grid: list(intRange[0, 99], length intRange[4, 4]);"
                + " narrow its range or coarsen its step, or use a random sampler");
  }

  @Test
  void listOfContinuousItems_isRefusedAsContinuous() {
    Space space = Space.builder().add("scales", Lists.of(Floats.uniform(0, 1), 2)).build();

    assertThatThrownBy(() -> Samplers.grid().start(space))
        .hasMessage(
            "grid sampler: 'scales' is the continuous domain list(uniform[0.0, 1.0], length intRange[2, 2])"
                + " without grid points; give it points with .grid(...) or .quantized(step), or use a random sampler");
  }

  @Test
  void branches_sizeIsTheSumOfTheBranchGrids_timesTheOtherParameters() {
    Space resnet = Space.builder().add("depth", Choices.of(18, 34, 50)).build();
    Space vit =
        Space.builder().add("patch", Choices.of(8, 16)).add("heads", Choices.of(4, 8)).build();
    Space space =
        Space.builder()
            .add("seed", Choices.of(1, 2))
            .add("model", Branches.of("resnet", resnet, "vit", vit))
            .build();
    Sampling grid = Samplers.grid().start(space);

    assertThat(grid.size()).hasValue(2 * (3 + 2 * 2));
    assertThat(params(grid))
        .containsExactly(
            Map.of("seed", 1L, "model.type", "resnet", "model.depth", 18L),
            Map.of("seed", 1L, "model.type", "resnet", "model.depth", 34L),
            Map.of("seed", 1L, "model.type", "resnet", "model.depth", 50L),
            Map.of("seed", 1L, "model.type", "vit", "model.patch", 8L, "model.heads", 4L),
            Map.of("seed", 1L, "model.type", "vit", "model.patch", 8L, "model.heads", 8L),
            Map.of("seed", 1L, "model.type", "vit", "model.patch", 16L, "model.heads", 4L),
            Map.of("seed", 1L, "model.type", "vit", "model.patch", 16L, "model.heads", 8L),
            Map.of("seed", 2L, "model.type", "resnet", "model.depth", 18L),
            Map.of("seed", 2L, "model.type", "resnet", "model.depth", 34L),
            Map.of("seed", 2L, "model.type", "resnet", "model.depth", 50L),
            Map.of("seed", 2L, "model.type", "vit", "model.patch", 8L, "model.heads", 4L),
            Map.of("seed", 2L, "model.type", "vit", "model.patch", 8L, "model.heads", 8L),
            Map.of("seed", 2L, "model.type", "vit", "model.patch", 16L, "model.heads", 4L),
            Map.of("seed", 2L, "model.type", "vit", "model.patch", 16L, "model.heads", 8L));
  }

  @Test
  void emptyBranch_isOnePoint() {
    Space space =
        Space.builder()
            .add(
                "sched",
                Branches.of(
                    "none",
                    Space.builder().build(),
                    "step",
                    Space.builder().add("gamma", Choices.of(0.1, 0.5)).build()))
            .build();

    assertThat(params(Samplers.grid().start(space)))
        .containsExactly(
            Map.of("sched.type", "none"),
            Map.of("sched.type", "step", "sched.gamma", 0.1),
            Map.of("sched.type", "step", "sched.gamma", 0.5));
  }

  @Test
  void coupledValues_eachAssignmentIsOnePoint() {
    Space space =
        Space.builder()
            .add(
                "data",
                Coupled.of(
                    Map.of("name", "cifar10", "size", 32), Map.of("name", "imagenet", "size", 224)))
            .add("lr", Choices.of(0.1, 0.01))
            .build();

    assertThat(params(Samplers.grid().start(space)))
        .containsExactly(
            Map.of("data.name", "cifar10", "data.size", 32L, "lr", 0.1),
            Map.of("data.name", "cifar10", "data.size", 32L, "lr", 0.01),
            Map.of("data.name", "imagenet", "data.size", 224L, "lr", 0.1),
            Map.of("data.name", "imagenet", "data.size", 224L, "lr", 0.01));
  }

  @Test
  void coupledValuesInsideABranch_goUnderTheBranchPath_asInRandomSampling() {
    Space vit =
        Space.builder()
            .add(Coupled.of(Map.of("patch", 16, "heads", 4), Map.of("patch", 8, "heads", 8)))
            .build();
    Space space = Space.builder().add("model", Branches.of("vit", vit)).build();

    List<Map<String, Object>> grid = params(Samplers.grid().start(space));

    assertThat(grid)
        .containsExactly(
            Map.of("model.type", "vit", "model.patch", 16L, "model.heads", 4L),
            Map.of("model.type", "vit", "model.patch", 8L, "model.heads", 8L));
    assertThat(Samplers.random(1).start(space).ask(0).params()).isIn(grid);
  }

  @Test
  void config_holdsBaseSampledAndDerivedValues() {
    Space space =
        Space.builder()
            .base(Config.ofFlat(Map.of("train.epochs", 10, "optim.lr", 0.5)))
            .add("optim.lr", Choices.of(0.1, 0.01))
            .derive("optim.lr_epochs", c -> c.getDouble("optim.lr") * c.getLong("train.epochs"))
            .build();

    Sample first = Samplers.grid().start(space).ask(0);

    assertThat(first.index()).isZero();
    assertThat(first.params()).containsExactly(entry("optim.lr", 0.1));
    assertThat(first.config().getDouble("optim.lr")).isEqualTo(0.1);
    assertThat(first.config().getLong("train.epochs")).isEqualTo(10L);
    assertThat(first.config().getDouble("optim.lr_epochs")).isEqualTo(1.0);
  }

  @Test
  void constraints_keepOnlyAllowedPointsInOrder_andSizeCountsThem() {
    Space space =
        Space.builder()
            .add("a", Ints.range(1, 4))
            .add("b", Ints.range(1, 4))
            .derive("sum", c -> c.getLong("a") + c.getLong("b"))
            .constraint("a < b", c -> c.getLong("a") < c.getLong("b"))
            .constraint("sum odd", c -> c.getLong("sum") % 2 == 1)
            .build();
    Sampling grid = Samplers.grid().start(space);

    assertThat(grid.size()).hasValue(4);
    assertThat(params(grid))
        .containsExactly(
            Map.of("a", 1L, "b", 2L),
            Map.of("a", 1L, "b", 4L),
            Map.of("a", 2L, "b", 3L),
            Map.of("a", 3L, "b", 4L));
    assertThat(grid.ask(3).index()).isEqualTo(3);
  }

  @Test
  void constraintsRejectingEveryPoint_throwNamingEachConstraintAndItsCount() {
    Space space =
        Space.builder()
            .add("a", Ints.range(1, 3))
            .add("b", Ints.range(1, 4))
            .constraint("a big", c -> c.getLong("a") > 10)
            .constraint("b odd", c -> c.getLong("b") % 2 == 1)
            .constraint("always", c -> true)
            .build();

    assertThatThrownBy(() -> Samplers.grid().start(space))
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .hasMessage(
            "no point of the 12-point grid satisfied the constraints;"
                + " rejected by: 'a big' 12, 'b odd' 6, 'always' 0 (one sample may fail several constraints)")
        .satisfies(
            e ->
                assertThat(((ConstraintsUnsatisfiedException) e).rejections())
                    .containsExactly(entry("a big", 12L), entry("b odd", 6L), entry("always", 0L)));
  }

  @Test
  void askBeyondTheSize_throwsNoSuchElement() {
    Space space = Space.builder().add("a", Choices.of(1, 2)).build();
    Space constrained = space.toBuilder().constraint("a is 2", c -> c.getLong("a") == 2).build();

    assertThatThrownBy(() -> Samplers.grid().start(space).ask(2))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("the grid has 2 points; no point 2");
    assertThatThrownBy(() -> Samplers.grid().start(constrained).ask(1))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("the grid has 1 points that satisfy the constraints; no point 1");
  }

  @Test
  void emptySpace_isOnePointWithAnEmptyConfig() {
    Sampling grid = Samplers.grid().start(Space.builder().build());

    assertThat(grid.size()).hasValue(1);
    assertThat(grid.ask(0).config().isEmpty()).isTrue();
  }

  @Test
  void ask_isRepeatableAndOrderFree() {
    Space space = Space.builder().add("a", Ints.range(0, 9)).add("b", Choices.of("x", "y")).build();
    Sampling grid = Samplers.grid().start(space);

    assertThat(grid.ask(13))
        .isEqualTo(Samplers.grid().start(space).ask(13))
        .isEqualTo(grid.ask(13));
    assertThat(grid.ask(13).params()).containsExactly(entry("a", 6L), entry("b", "y"));
  }

  @Test
  void hugeGrid_isRefusedWhenItsSizeOverflows() {
    Space.Builder builder = Space.builder();
    for (int i = 0; i < 64; i++) {
      builder.add("p" + i, Choices.bool());
    }

    assertThatThrownBy(() -> Samplers.grid().start(builder.build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the grid has more than 2^63 points; use a random sampler");
  }

  @Test
  void toString_isGrid() {
    assertThat(Samplers.grid()).hasToString("grid");
  }

  static List<Map<String, Object>> params(Sampling sampling) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (long i = 0; i < sampling.size().orElseThrow(); i++) {
      Sample sample = sampling.ask(i);
      assertThat(sample.index()).isEqualTo(i);
      all.add(sample.params());
    }
    return all;
  }
}
