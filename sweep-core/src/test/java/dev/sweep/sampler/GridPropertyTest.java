package dev.sweep.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Coupled;
import dev.sweep.space.Domain;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Over random small spaces (parameters of every kind, branches, coupled values), the grid is
 * exactly the cartesian product, first node slowest, each branch expanding its own sub-grid; its
 * size is known before running. The expected grid is computed here independently of the sampler.
 */
class GridPropertyTest {

  @Property(seed = "42", tries = 200)
  void grid_isExactlyTheCartesianProduct_andItsSizeIsKnownBeforeRunning(
      @ForAll @Size(max = 4) List<@IntRange(min = 1, max = 4) Integer> counts,
      @ForAll @Size(max = 3)
          List<@Size(max = 2) List<@IntRange(min = 1, max = 3) Integer>> branches,
      @ForAll @IntRange(min = 0, max = 4) int branchesAt,
      @ForAll @IntRange(min = 0, max = 3) int coupledOptions) {
    Built built = build(counts, branches, branchesAt, coupledOptions);
    Sampling grid = Samplers.grid().start(built.space);

    assertThat(grid.size()).hasValue(expectedSize(counts, branches, coupledOptions));
    assertThat(GridSamplerTest.params(grid))
        .containsExactlyElementsOf(built.expected)
        .doesNotHaveDuplicates();
  }

  @Property(seed = "42", tries = 200)
  void gridWithAConstraint_keepsExactlyTheAllowedPointsInOrder(
      @ForAll @Size(max = 4) List<@IntRange(min = 1, max = 4) Integer> counts,
      @ForAll @Size(max = 3)
          List<@Size(max = 2) List<@IntRange(min = 1, max = 3) Integer>> branches,
      @ForAll @IntRange(min = 0, max = 4) int branchesAt,
      @ForAll @IntRange(min = 1, max = 5) int keepOneIn) {
    Built built = build(counts, branches, branchesAt, 2);
    Space space =
        built.space.toBuilder()
            .constraint("keep", c -> Math.floorMod(c.canonical().hashCode(), keepOneIn) == 0)
            .build();
    List<Map<String, Object>> allowed =
        built.expected.stream()
            .filter(p -> Math.floorMod(space.toConfig(p).canonical().hashCode(), keepOneIn) == 0)
            .toList();

    if (allowed.isEmpty()) {
      assertThatThrownBy(() -> Samplers.grid().start(space))
          .isInstanceOf(ConstraintsUnsatisfiedException.class)
          .hasMessage(
              "no point of the "
                  + built.expected.size()
                  + "-point grid satisfied the constraints;"
                  + " rejected by: 'keep' "
                  + built.expected.size()
                  + " (one sample may fail several constraints)");
    } else {
      Sampling grid = Samplers.grid().start(space);
      assertThat(grid.size()).hasValue(allowed.size());
      assertThat(GridSamplerTest.params(grid)).containsExactlyElementsOf(allowed);
    }
  }

  private record Built(Space space, List<Map<String, Object>> expected) {}

  /**
   * A space of {@code counts.size()} parameters (with those value counts), a branch node at
   * position {@code branchesAt} when {@code branches} is not empty (every second branch with
   * coupled values of its own), and coupled values last; and the grid expected of it.
   */
  private static Built build(
      List<Integer> counts, List<List<Integer>> branches, int branchesAt, int coupledOptions) {
    Space.Builder builder = Space.builder();
    List<List<Map<String, Object>>> axes = new ArrayList<>();
    int at = Math.min(branchesAt, counts.size());
    for (int i = 0; i <= counts.size(); i++) {
      if (i == at && !branches.isEmpty()) {
        addBranches(builder, axes, branches);
      }
      if (i < counts.size()) {
        String path = "p" + i;
        builder.add(path, domain(i, counts.get(i)));
        axes.add(values(i, counts.get(i)).stream().map(v -> Map.of(path, v)).toList());
      }
    }
    if (coupledOptions > 0) {
      List<Map<String, Object>> options = new ArrayList<>();
      for (int k = 0; k < coupledOptions; k++) {
        options.add(Map.of("data.name", "d" + k, "data.size", (long) k * 10));
      }
      builder.add(Coupled.of(options));
      axes.add(options);
    }
    return new Built(builder.build(), product(axes));
  }

  private static void addBranches(
      Space.Builder builder, List<List<Map<String, Object>>> axes, List<List<Integer>> branches) {
    Object[] namesAndSpaces = new Object[branches.size() * 2];
    List<Map<String, Object>> axis = new ArrayList<>();
    for (int b = 0; b < branches.size(); b++) {
      Space.Builder sub = Space.builder();
      List<List<Map<String, Object>>> subAxes = new ArrayList<>();
      subAxes.add(List.of(Map.of("model.type", "b" + b)));
      List<Integer> counts = branches.get(b);
      for (int i = 0; i < counts.size(); i++) {
        String path = "q" + i;
        sub.add(path, domain(i + b, counts.get(i)));
        subAxes.add(
            values(i + b, counts.get(i)).stream().map(v -> Map.of("model." + path, v)).toList());
      }
      if (b % 2 == 1) { // coupled values inside a branch go under the branch's path
        sub.add(Coupled.of(Map.of("k", "x"), Map.of("k", "y")));
        subAxes.add(List.of(Map.of("model.k", "x"), Map.of("model.k", "y")));
      }
      namesAndSpaces[2 * b] = "b" + b;
      namesAndSpaces[2 * b + 1] = sub.build();
      axis.addAll(product(subAxes));
    }
    builder.add("model", Branches.of(namesAndSpaces));
    axes.add(axis);
  }

  /** Four kinds of domain with {@code n} grid values each, by {@code kind % 4}. */
  private static Domain domain(int kind, int n) {
    return switch (kind % 4) {
      case 0 -> Choices.of(values(kind, n));
      case 1 -> Ints.range(0, n - 1);
      case 2 -> Floats.uniform(0, n - 0.5).quantized(1);
      default -> Ints.powerOfTwo(1, 1L << (n - 1));
    };
  }

  /** The grid values of {@link #domain}, written out. */
  private static List<Object> values(int kind, int n) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(
          switch (kind % 4) {
            case 0 -> "v" + i;
            case 1 -> (long) i;
            case 2 -> (double) i;
            default -> 1L << i;
          });
    }
    return values;
  }

  /** Every combination of one option per axis, the first axis varying slowest. */
  private static List<Map<String, Object>> product(List<List<Map<String, Object>>> axes) {
    List<Map<String, Object>> result = List.of(Map.of());
    for (List<Map<String, Object>> axis : axes) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> prefix : result) {
        for (Map<String, Object> option : axis) {
          Map<String, Object> combined = new LinkedHashMap<>(prefix);
          combined.putAll(option);
          next.add(combined);
        }
      }
      result = next;
    }
    return result;
  }

  private static long expectedSize(
      List<Integer> counts, List<List<Integer>> branches, int coupledOptions) {
    long size = 1;
    for (int n : counts) {
      size *= n;
    }
    if (!branches.isEmpty()) {
      long sum = 0;
      for (int b = 0; b < branches.size(); b++) {
        long coupled = b % 2 == 1 ? 2 : 1;
        sum +=
            coupled
                * branches.get(b).stream().mapToLong(Integer::longValue).reduce(1, (x, y) -> x * y);
      }
      size *= sum;
    }
    return coupledOptions > 0 ? size * coupledOptions : size;
  }
}
