package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The corrected share is a share, and depends only on how the objective splits into groups. */
class VarianceSharePropertyTest {
  /** Trials in a few groups: their group numbers and objectives. */
  static final class Grouped {
    final int[] groups;
    final double[] ys;

    Grouped(int[] groups, double[] ys) {
      this.groups = groups;
      this.ys = ys;
    }
  }

  @Provide
  Arbitrary<Grouped> grouped() {
    return Arbitraries.integers()
        .between(2, 60)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.integers().between(0, 6).array(int[].class).ofSize(n),
                        Arbitraries.doubles().between(-1e3, 1e3).array(double[].class).ofSize(n))
                    .as(Grouped::new));
  }

  @Property(tries = 200)
  void theShareIsBetween0And1_andThePValueAbove0(@ForAll("grouped") Grouped g) {
    VarianceShare.Result r = VarianceShare.of(g.groups, g.ys, g.ys.length, 7);
    assertThat(r.share()).isBetween(0.0, 1.0);
    assertThat(r.pValue()).isGreaterThanOrEqualTo(1.0 / 200).isLessThanOrEqualTo(1.0);
    assertThat(r.groups()).isEqualTo((int) Arrays.stream(g.groups).distinct().count());
  }

  @Property(tries = 100)
  void theShare_ignoresTheGroupsNames_andTheObjectivesScaleAndOffset(@ForAll("grouped") Grouped g) {
    int n = g.ys.length;
    VarianceShare.Result r = VarianceShare.of(g.groups, g.ys, n, 7);
    int[] renamed = Arrays.stream(g.groups).map(x -> 3 * (6 - x) + 1).toArray();
    double[] scaled = Arrays.stream(g.ys).map(y -> -2.5 * y + 40).toArray();
    VarianceShare.Result other = VarianceShare.of(renamed, scaled, n, 7);
    assertThat(other.share()).isCloseTo(r.share(), within(1e-9));
    assertThat(other.groups()).isEqualTo(r.groups());
  }
}
