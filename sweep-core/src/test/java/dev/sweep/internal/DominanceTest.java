package dev.sweep.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Pareto ranks, crowding and hypervolume, checked against definitions and brute force. */
class DominanceTest {

  @Test
  void hypervolume_ofAStaircase_isTheAreaOfItsSteps() {
    double[][] front = {{1, 3}, {2, 2}, {3, 1}, {3.5, 3.5}};
    assertThat(Dominance.hypervolume(front, new double[] {4, 4})).isEqualTo(6.0);
  }

  @Test
  void hypervolume_ignoresPointsBeyondTheReference() {
    double[][] points = {{0.5, 0.5, 0.5}, {2, 0, 0}, {0, 0, 1}};
    assertThat(Dominance.hypervolume(points, new double[] {1, 1, 1})).isEqualTo(0.125);
    assertThat(Dominance.hypervolume(new double[0][], new double[] {1, 1})).isZero();
  }

  @Test
  void ranks_peelFrontsInOrder() {
    double[][] points = {{1, 1}, {2, 2}, {0, 3}, {3, 3}, {2, 2}};
    assertThat(Dominance.ranks(points)).containsExactly(0, 1, 0, 2, 1);
  }

  @Test
  void constrainedRanks_putFeasiblePointsFirst_thenTheLeastViolating() {
    double[][] points = {{0, 0}, {5, 5}, {1, 1}, {9, 9}};
    double[] violation = {2.0, 0, 1.0, 0};
    assertThat(Dominance.ranks(points, violation)).containsExactly(3, 0, 2, 1);
  }

  @Test
  void crowding_isInfiniteAtTheExtremes_andLargerWhereTheFrontIsSparse() {
    double[][] points = {{0, 4}, {1, 3}, {1.1, 2.9}, {4, 0}};
    double[] d = Dominance.crowding(points, new int[] {0, 1, 2, 3});
    assertThat(d[0]).isInfinite();
    assertThat(d[3]).isInfinite();
    assertThat(d[2]).isGreaterThan(d[1]);
  }

  @Test
  void contributions_areWhatEachPointAloneAdds() {
    double[][] front = {{1, 3}, {2, 2}, {3, 1}, {3, 3}};
    double[] share = Dominance.contributions(front, new double[] {4, 4});
    assertThat(share[0]).isCloseTo(1.0, within(1e-12));
    assertThat(share[1]).isCloseTo(1.0, within(1e-12));
    assertThat(share[2]).isCloseTo(1.0, within(1e-12));
    assertThat(share[3]).isZero();
  }

  /** On integer points the dominated volume is a count of unit cells: brute force checks it. */
  @Property(seed = "11", tries = 300)
  void hypervolume_equalsACountOfDominatedCells(@ForAll("pointSets") List<int[]> ints) {
    int d = ints.get(0).length;
    int side = 6;
    double[][] points = ints.stream().map(DominanceTest::doubles).toArray(double[][]::new);
    double[] reference = new double[d];
    java.util.Arrays.fill(reference, side);
    long cells = 0;
    int[] cell = new int[d];
    for (int index = 0; index < Math.pow(side, d); index++) {
      int rest = index;
      for (int j = 0; j < d; j++) {
        cell[j] = rest % side;
        rest /= side;
      }
      for (int[] p : ints) {
        boolean covers = true;
        for (int j = 0; j < d && covers; j++) {
          covers = p[j] <= cell[j];
        }
        if (covers) {
          cells++;
          break;
        }
      }
    }
    assertThat(Dominance.hypervolume(points, reference)).isEqualTo((double) cells);
  }

  @Property(seed = "12", tries = 300)
  void ranks_followTheDefinition(@ForAll("pointSets") List<int[]> ints) {
    double[][] points = ints.stream().map(DominanceTest::doubles).toArray(double[][]::new);
    int[] rank = Dominance.ranks(points);
    for (int i = 0; i < points.length; i++) {
      for (int k = 0; k < points.length; k++) {
        if (Dominance.dominates(points[k], points[i])) {
          assertThat(rank[k]).isLessThan(rank[i]);
        }
      }
      if (rank[i] > 0) { // something one rank better dominates it
        int r = rank[i];
        double[] p = points[i];
        assertThat(
                java.util.stream.IntStream.range(0, points.length)
                    .anyMatch(k -> rank[k] == r - 1 && Dominance.dominates(points[k], p)))
            .isTrue();
      }
    }
  }

  @Provide
  Arbitrary<List<int[]>> pointSets() {
    return Arbitraries.integers()
        .between(2, 4)
        .flatMap(
            d ->
                Arbitraries.integers()
                    .between(0, 6)
                    .array(int[].class)
                    .ofSize(d)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(12));
  }

  private static double[] doubles(int[] p) {
    double[] d = new double[p.length];
    for (int j = 0; j < p.length; j++) {
      d[j] = p[j];
    }
    return d;
  }
}
