package dev.sweep.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/**
 * {@link ScalarDomain#atQuantile} reads a value of the domain off any point of [0, 1], monotonely,
 * and {@link ScalarDomain#quantileOf} maps each value back into the cell it came from.
 */
class QuantilePropertyTest {

  @Provide
  Arbitrary<ScalarDomain> domains() {
    return Arbitraries.of(
            List.<ScalarDomain>of(
                Floats.uniform(-3, 7),
                Floats.logUniform(1e-5, 1e-1),
                Floats.normal(0.5, 0.2, 0, 1),
                Floats.logNormal(0, 1, 0.1, 20),
                Floats.beta(2, 5),
                Floats.uniform(0, 1).quantized(0.05),
                Ints.range(-4, 9),
                Ints.log(1, 1000),
                Ints.powerOfTwo(8, 512),
                Ints.multipleOf(3, 1, 40),
                Choices.of("sgd", "adam", "lamb"),
                Choices.weighted(List.of(1L, 2L, 3L), 0.5, 0, 2),
                Choices.bool()))
        .map(
            d -> {
              d.check("p");
              return d;
            });
  }

  @Property(seed = "42", tries = 500)
  void everyPointOfTheUnitInterval_givesAValueOfTheDomain(
      @ForAll("domains") ScalarDomain domain,
      @ForAll @DoubleRange(min = 0, max = 1) @Scale(6) double u) {
    Object value = domain.atQuantile(u);
    double back = domain.quantileOf(value); // throws unless value belongs to the domain
    assertThat(back).isBetween(0.0, 1.0);
  }

  @Property(seed = "42", tries = 500)
  void atQuantile_isMonotone(
      @ForAll("domains") ScalarDomain domain,
      @ForAll @DoubleRange(min = 0, max = 1) @Scale(6) double a,
      @ForAll @DoubleRange(min = 0, max = 1) @Scale(6) double b) {
    double lo = domain.quantileOf(domain.atQuantile(Math.min(a, b)));
    double hi = domain.quantileOf(domain.atQuantile(Math.max(a, b)));
    assertThat(lo).isLessThanOrEqualTo(hi);
  }

  @Property(seed = "42", tries = 300)
  void continuousDomains_roundTrip(
      @ForAll @DoubleRange(min = 0.001, max = 0.999) @Scale(6) double u) {
    for (FloatDomain d :
        List.of(
            Floats.uniform(-3, 7),
            Floats.logUniform(1e-5, 1e-1),
            Floats.normal(0.5, 0.2, 0, 1),
            Floats.beta(0.5, 0.5))) {
      assertThat(d.quantileOf(d.atQuantile(u))).isCloseTo(u, within(1e-9));
    }
  }

  @Property(seed = "42", tries = 200)
  void discreteValues_comeBackFromTheMiddleOfTheirCell(
      @ForAll("domains") ScalarDomain domain,
      @ForAll @DoubleRange(min = 0, max = 1) @Scale(6) double u) {
    if (domain instanceof FloatDomain f && f.step() == 0) {
      return;
    }
    Object value = domain.atQuantile(u);
    assertThat(domain.atQuantile(domain.quantileOf(value))).isEqualTo(value);
  }

  @Example
  void cellsAreAsWideAsTheirProbability() {
    ChoiceDomain weighted = Choices.weighted(List.of("a", "b", "c"), 1, 0, 3);
    assertThat(weighted.atQuantile(0.24)).isEqualTo("a");
    assertThat(weighted.atQuantile(0.26)).isEqualTo("c");
    assertThat(weighted.atQuantile(1.0)).isEqualTo("c");
    assertThat(weighted.quantileOf("c")).isEqualTo(0.625);
    assertThat(Ints.range(0, 3).atQuantile(0.5)).isEqualTo(2L);
    assertThat(Ints.powerOfTwo(1, 8).quantileOf(4L)).isEqualTo(0.625);
    assertThat((double) Floats.logUniform(1e-4, 1).atQuantile(0.5)).isCloseTo(0.01, within(1e-12));
  }

  @Example
  void aValueOutsideTheDomain_isRefused() {
    assertThatThrownBy(() -> Ints.multipleOf(3, 0, 30).quantileOf(4L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("4 is not a value of multipleOf(3)[0, 30]");
    assertThatThrownBy(() -> Floats.uniform(0, 1).quantileOf(2.0))
        .hasMessageContaining("2.0 is not a value of");
    assertThatThrownBy(() -> Choices.of("a").quantileOf("b"))
        .hasMessageContaining("b is not a value of");
  }
}
