package dev.sweep.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The structure of a space is checked as it is declared, with errors that name the path. */
class SpaceBuilderTest {
  private static final Space RESNET = Space.builder().add("depth", Ints.range(18, 50)).build();
  private static final Space VIT = Space.builder().add("patch", Choices.of(8, 16)).build();

  @Test
  void samePathTwice_isRefused() {
    Space.Builder builder = Space.builder().add("optim.lr", Floats.logUniform(1e-4, 1e-1));

    assertThatThrownBy(() -> builder.add("optim.lr", Floats.uniform(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optim.lr: path 'optim.lr' is already declared");
  }

  @Test
  void valueBelowAnotherValue_conflicts() {
    Space.Builder builder = Space.builder().add("optim", Choices.of("sgd", "adam"));

    assertThatThrownBy(() -> builder.add("optim.lr", Floats.logUniform(1e-4, 1e-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "optim.lr: path 'optim.lr' conflicts with 'optim'; one cannot be both a value and a map");
  }

  @Test
  void valueAboveAnotherValue_conflicts() {
    Space.Builder builder = Space.builder().add("optim.lr", Floats.logUniform(1e-4, 1e-1));

    assertThatThrownBy(() -> builder.add("optim", Choices.of("sgd", "adam")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "optim: path 'optim' conflicts with 'optim.lr'; one cannot be both a value and a map");
  }

  @Test
  void pathsThatShareOnlyAPrefixOfCharacters_doNotConflict() {
    Space space =
        Space.builder()
            .add("optim", Choices.of("sgd", "adam"))
            .add("optimizer.lr", Floats.logUniform(1e-4, 1e-1))
            .add("optim_lr", Floats.logUniform(1e-4, 1e-1))
            .build();

    assertThat(space.paramPaths()).containsExactly("optim", "optimizer.lr", "optim_lr");
  }

  @Test
  void malformedPath_isRefused() {
    assertThatThrownBy(() -> Space.builder().add("optim..lr", Floats.uniform(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "path 'optim..lr' has an empty segment; a path is dotted segments like 'optim.lr'");
    assertThatThrownBy(() -> Space.builder().add("", Floats.uniform(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path is empty; a path is dotted segments like 'optim.lr'");
  }

  @Test
  void derivedValueAtADeclaredPath_isRefused() {
    Space.Builder builder = Space.builder().add("optim.lr", Floats.logUniform(1e-4, 1e-1));

    assertThatThrownBy(() -> builder.derive("optim.lr", c -> 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optim.lr: path 'optim.lr' is already declared");
    assertThatThrownBy(() -> builder.derive("optim.lr.scaled", c -> 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "optim.lr.scaled: path 'optim.lr.scaled' conflicts with 'optim.lr'; one cannot be both a value and a map");
  }

  @Test
  void branchParameterClashingWithTheBranchKey_isRefused() {
    Space typed = Space.builder().add("type", Choices.of("a", "b")).build();

    assertThatThrownBy(
            () -> Space.builder().add("model", Branches.of("resnet", RESNET, "odd", typed)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "model: branch 'odd' has a parameter 'type' that clashes with the branch key 'type';"
                + " rename it or choose another key()");
  }

  @Test
  void branchParameterBelowACustomKey_isRefused() {
    Space kind = Space.builder().add("kind.x", Choices.of(1, 2)).build();

    assertThatThrownBy(() -> Space.builder().add("model", Branches.of("a", kind).key("kind")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "model: branch 'a' has a parameter 'kind.x' that clashes with the branch key 'kind';"
                + " rename it or choose another key()");
  }

  @Test
  void branchNamedTwice_isRefused() {
    assertThatThrownBy(
            () -> Space.builder().add("model", Branches.of("resnet", RESNET, "resnet", VIT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: branch 'resnet' is declared twice");
  }

  @Test
  void branchParameterAtAnOuterPath_isRefused() {
    Space.Builder builder = Space.builder().add("model.depth", Ints.range(1, 3));

    assertThatThrownBy(() -> builder.add("model", Branches.of("resnet", RESNET, "vit", VIT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: path 'model.depth' is already declared");
  }

  @Test
  void branchKeyAtAnOuterPath_isRefused() {
    Space.Builder builder = Space.builder().add("model.type", Choices.of("x"));

    assertThatThrownBy(() -> builder.add("model", Branches.of("resnet", RESNET, "vit", VIT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: path 'model.type' is already declared");
  }

  @Test
  void branchWeights_wrongCount_isRefused() {
    assertThatThrownBy(
            () ->
                Space.builder()
                    .add("model", Branches.of("resnet", RESNET, "vit", VIT).weighted(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: 2 branches but 3 weights");
  }

  @Test
  void branchWeights_negative_namesTheBranch() {
    assertThatThrownBy(
            () ->
                Space.builder()
                    .add("model", Branches.of("resnet", RESNET, "vit", VIT).weighted(1, -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: weight of branch 'vit' is -1.0; weights must be finite and >= 0");
    assertThatThrownBy(
            () ->
                Space.builder()
                    .add(
                        "model", Branches.of("resnet", RESNET, "vit", VIT).weighted(Double.NaN, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: weight of branch 'resnet' is NaN; weights must be finite and >= 0");
  }

  @Test
  void branchWeights_allZero_isRefused() {
    assertThatThrownBy(
            () ->
                Space.builder()
                    .add("model", Branches.of("resnet", RESNET, "vit", VIT).weighted(0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: branch weights sum to 0; at least one must be > 0");
  }

  @Test
  void branchWithItsOwnConstraints_isRefused() {
    Space constrained =
        Space.builder().add("depth", Ints.range(1, 3)).constraint("deep", c -> true).build();

    assertThatThrownBy(() -> Space.builder().add("model", Branches.of("resnet", constrained)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "model: branch 'resnet' has derived values, constraints or a base config;"
                + " declare those on the outer space");
  }

  @Test
  void toString_listsDeclarationsForMessages() {
    Space space =
        Space.builder()
            .add("lr", Floats.logUniform(1e-4, 0.1))
            .add("model", Branches.of("resnet", RESNET, "vit", VIT))
            .add(Coupled.of(Map.of("a", 1)))
            .derive("lr2", c -> 2 * c.getDouble("lr"))
            .constraint("small", c -> true)
            .build();
    assertThat(space)
        .hasToString(
            "Space[lr: logUniform[1.0E-4, 0.1], model: oneOf[resnet, vit], <root>: coupled(1), "
                + "lr2: derived, constraint 'small']");
    assertThat(RESNET).hasToString("Space[depth: intRange[18, 50]]");
  }

  @Test
  void branchesOf_needsNameSpacePairs() {
    assertThatThrownBy(() -> Branches.of("resnet", RESNET, "vit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Branches.of needs name, space pairs, got 3 arguments");
    assertThatThrownBy(() -> Branches.of())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Branches.of needs name, space pairs, got 0 arguments");
    assertThatThrownBy(() -> Branches.of(RESNET, "resnet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Branches.of needs name, space pairs; argument 0 is "
                + RESNET
                + " and argument 1 is resnet");
  }

  @Test
  void blankConstraintName_isRefused() {
    assertThatThrownBy(() -> Space.builder().constraint(" ", c -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("constraint name is blank; give each constraint a name");
    assertThatThrownBy(() -> Space.builder().constraint(null, c -> true))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name == null");
  }

  @Test
  void constraintNamedTwice_isRefused() {
    Space.Builder builder = Space.builder().constraint("small", c -> true);

    assertThatThrownBy(() -> builder.constraint("small", c -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("constraint 'small' is declared twice; names must be unique");
  }

  @Test
  void coupledKeyAtADeclaredPath_isRefused() {
    Space.Builder builder = Space.builder().add("data.size", Ints.range(1, 3));

    assertThatThrownBy(
            () -> builder.add("data", Coupled.of(Map.of("size", 32), Map.of("size", 224))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data: path 'data.size' is already declared");
    assertThatThrownBy(() -> builder.add(Coupled.of(Map.of("data.size", 32))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coupled values: path 'data.size' is already declared");
  }

  @Test
  void coupledWithoutAssignments_isRefused() {
    assertThatThrownBy(() -> Space.builder().add("data", Coupled.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data: coupled values need at least one assignment");
    assertThatThrownBy(() -> Space.builder().add("data", Coupled.of(Map.of("size", 32), Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data: coupled assignment 1 is empty");
  }

  @Test
  void coupledLabels_wrongCount_isRefused() {
    Coupled coupled = Coupled.of(Map.of("size", 32), Map.of("size", 224)).labels("small");

    assertThatThrownBy(() -> Space.builder().add("data", coupled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data: 2 assignments but 1 labels");
  }

  @Test
  void nestedSpaceWithItsOwnConstraints_isRefused() {
    Space sub = Space.builder().add("lr", Floats.uniform(0, 1)).derive("lr2", c -> 2).build();

    assertThatThrownBy(() -> Space.builder().add("optim", sub))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "optim: a nested space may not have derived values, constraints or a base config; declare those here");
  }

  @Test
  void nestedSpace_pathsClashLikeDirectOnes() {
    Space sub = Space.builder().add("lr", Floats.uniform(0, 1)).build();
    Space.Builder builder = Space.builder().add("optim.lr", Floats.uniform(0, 1));

    assertThatThrownBy(() -> builder.add("optim", sub))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optim.lr: path 'optim.lr' is already declared");
  }

  @Test
  void nulls_areRefusedWithTheirName() {
    assertThatThrownBy(() -> Space.builder().add("model", (Branches) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model: branches == null");
    assertThatThrownBy(() -> Space.builder().add("data", (Coupled) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("data: coupled == null");
    assertThatThrownBy(() -> Space.builder().add("optim", (Space) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("optim: space == null");
    assertThatThrownBy(() -> Space.builder().derive("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("x: function == null");
    assertThatThrownBy(() -> Space.builder().base(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("base == null");
  }

  @Test
  void builder_canBeReused_andToBuilderLeavesTheOriginalAlone() {
    Space.Builder builder = Space.builder().add("a", Choices.of(1, 2));
    Space first = builder.build();
    Space second = builder.add("b", Choices.of(3)).build();
    Space variant =
        first.toBuilder().add("c", Choices.of(4)).base(Config.ofFlat(Map.of("d", 5))).build();

    assertThat(first.paramPaths()).containsExactly("a");
    assertThat(first.base().isEmpty()).isTrue();
    assertThat(second.paramPaths()).containsExactly("a", "b");
    assertThat(variant.paramPaths()).containsExactly("a", "c");
    assertThatThrownBy(() -> first.toBuilder().add("a", Choices.of(9)))
        .hasMessage("a: path 'a' is already declared");
  }
}
