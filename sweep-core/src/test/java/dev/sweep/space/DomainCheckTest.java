package dev.sweep.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A domain's arguments are checked when it is added to a space, and the error names the path, the
 * bad values and what is allowed.
 */
class DomainCheckTest {

  static Stream<Arguments> badFloats() {
    return Stream.of(
        arguments(
            "logUniform lo = 0",
            Floats.logUniform(0, 0.1),
            "optim.lr: logUniform[0.0, 0.1] needs 0 < lo < hi, got [0.0, 0.1]"),
        arguments(
            "logUniform lo < 0",
            Floats.logUniform(-1, 1),
            "optim.lr: logUniform[-1.0, 1.0] needs 0 < lo < hi, got [-1.0, 1.0]"),
        arguments(
            "logUniform reversed",
            Floats.logUniform(0.1, 1e-4),
            "optim.lr: logUniform[0.1, 1.0E-4] needs finite lo < hi, got [0.1, 1.0E-4]"),
        arguments(
            "uniform reversed",
            Floats.uniform(1, 0),
            "optim.lr: uniform[1.0, 0.0] needs finite lo < hi, got [1.0, 0.0]"),
        arguments(
            "uniform empty",
            Floats.uniform(1, 1),
            "optim.lr: uniform[1.0, 1.0] needs finite lo < hi, got [1.0, 1.0]"),
        arguments(
            "uniform NaN",
            Floats.uniform(Double.NaN, 1),
            "optim.lr: uniform[NaN, 1.0] needs finite lo < hi, got [NaN, 1.0]"),
        arguments(
            "logUniform NaN",
            Floats.logUniform(1e-4, Double.NaN),
            "optim.lr: logUniform[1.0E-4, NaN] needs finite lo < hi, got [1.0E-4, NaN]"),
        arguments(
            "uniform infinite",
            Floats.uniform(0, Double.POSITIVE_INFINITY),
            "optim.lr: uniform[0.0, Infinity] needs finite lo < hi, got [0.0, Infinity]"),
        arguments(
            "normal sd = 0",
            Floats.normal(1, 0, 0.5, 1.5),
            "optim.lr: normal(1.0, 0.0)[0.5, 1.5] needs a finite mean and a finite sd > 0, got mean 1.0, sd 0.0"),
        arguments(
            "normal sd < 0",
            Floats.normal(1, -0.2, 0.5, 1.5),
            "optim.lr: normal(1.0, -0.2)[0.5, 1.5] needs a finite mean and a finite sd > 0, got mean 1.0, sd -0.2"),
        arguments(
            "normal mean NaN",
            Floats.normal(Double.NaN, 1, 0.5, 1.5),
            "optim.lr: normal(NaN, 1.0)[0.5, 1.5] needs a finite mean and a finite sd > 0, got mean NaN, sd 1.0"),
        arguments(
            "normal without mass",
            Floats.normal(0, 1, 10, 11),
            "optim.lr: normal(0.0, 1.0)[10.0, 11.0] has no probability mass in its range;"
                + " move the mean into [10.0, 11.0] or widen the sd"),
        arguments(
            "normal reversed",
            Floats.normal(0, 1, 1, -1),
            "optim.lr: normal(0.0, 1.0)[1.0, -1.0] needs finite lo < hi, got [1.0, -1.0]"),
        arguments(
            "logNormal lo = 0",
            Floats.logNormal(0, 1, 0, 10),
            "optim.lr: logNormal(0.0, 1.0)[0.0, 10.0] needs 0 < lo < hi, got [0.0, 10.0]"),
        arguments(
            "logNormal sigma = 0",
            Floats.logNormal(0, 0, 0.1, 10),
            "optim.lr: logNormal(0.0, 0.0)[0.1, 10.0] needs a finite mean and a finite sd > 0, got mean 0.0, sd 0.0"),
        arguments(
            "logNormal without mass",
            Floats.logNormal(0, 1, 1e10, 1e11),
            "optim.lr: logNormal(0.0, 1.0)[1.0E10, 1.0E11] has no probability mass in its range;"
                + " move mu into [log(lo), log(hi)] = [23.03, 25.33] or widen sigma"),
        arguments(
            "step = 0",
            Floats.uniform(0, 1).quantized(0),
            "optim.lr: uniform[0.0, 1.0] step 0.0 needs a finite step > 0, got 0.0"),
        arguments(
            "step < 0",
            Floats.uniform(0, 1).quantized(-0.1),
            "optim.lr: uniform[0.0, 1.0] step -0.1 needs a finite step > 0, got -0.1"),
        arguments(
            "step NaN",
            Floats.uniform(0, 1).quantized(Double.NaN),
            "optim.lr: uniform[0.0, 1.0] step NaN needs a finite step > 0, got NaN"),
        arguments(
            "no multiple of the step",
            Floats.uniform(0.01, 0.09).quantized(0.1),
            "optim.lr: uniform[0.01, 0.09] step 0.1 has no multiple of the step 0.1 in [0.01, 0.09]"),
        arguments(
            "grid point outside",
            Floats.logUniform(1e-4, 0.1).grid(1e-3, 1e-5),
            "optim.lr: grid point 1.0E-5 of logUniform[1.0E-4, 0.1] is outside [1.0E-4, 0.1]"),
        arguments(
            "grid point NaN",
            Floats.uniform(0, 1).grid(Double.NaN),
            "optim.lr: grid point NaN of uniform[0.0, 1.0] is outside [0.0, 1.0]"),
        arguments(
            "grid point twice",
            Floats.uniform(0, 1).grid(0.5, 0.25, 0.5),
            "optim.lr: grid point 0.5 of uniform[0.0, 1.0] is listed twice; points must be distinct"),
        arguments(
            "no grid points",
            Floats.uniform(0, 1).grid(),
            "optim.lr: uniform[0.0, 1.0] has an empty list of grid points"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFloats")
  void badFloatDomain_namesPathValuesAndWhatIsAllowed(String what, Domain domain, String message) {
    assertRefused(domain, message);
  }

  static Stream<Arguments> badInts() {
    return Stream.of(
        arguments(
            "range reversed",
            Ints.range(5, 1),
            "optim.lr: intRange[5, 1] needs lo <= hi, got [5, 1]"),
        arguments(
            "log lo = 0",
            Ints.log(0, 10),
            "optim.lr: intLog[0, 10] needs 1 <= lo <= hi, got [0, 10]"),
        arguments(
            "log reversed",
            Ints.log(100, 10),
            "optim.lr: intLog[100, 10] needs lo <= hi, got [100, 10]"),
        arguments(
            "powerOfTwo lo not a power",
            Ints.powerOfTwo(3, 64),
            "optim.lr: powerOfTwo[3, 64] needs powers of two 1 <= lo <= hi, got [3, 64]"),
        arguments(
            "powerOfTwo hi not a power",
            Ints.powerOfTwo(4, 100),
            "optim.lr: powerOfTwo[4, 100] needs powers of two 1 <= lo <= hi, got [4, 100]"),
        arguments(
            "powerOfTwo lo = 0",
            Ints.powerOfTwo(0, 8),
            "optim.lr: powerOfTwo[0, 8] needs powers of two 1 <= lo <= hi, got [0, 8]"),
        arguments(
            "multipleOf 0",
            Ints.multipleOf(0, 1, 10),
            "optim.lr: multipleOf(0)[1, 10] needs a multiple >= 1, got 0"),
        arguments(
            "multipleOf negative",
            Ints.multipleOf(-8, 1, 100),
            "optim.lr: multipleOf(-8)[1, 100] needs a multiple >= 1, got -8"),
        arguments(
            "no multiple in range",
            Ints.multipleOf(8, 1, 7),
            "optim.lr: multipleOf(8)[1, 7] has no multiple of 8 in [1, 7]"),
        arguments(
            "no multiple in negative range",
            Ints.multipleOf(8, -7, -1),
            "optim.lr: multipleOf(8)[-7, -1] has no multiple of 8 in [-7, -1]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInts")
  void badIntDomain_namesPathValuesAndWhatIsAllowed(String what, Domain domain, String message) {
    assertRefused(domain, message);
  }

  static Stream<Arguments> badChoices() {
    Map<String, Integer> negative = new LinkedHashMap<>();
    negative.put("a", 1);
    negative.put("b", -1);
    return Stream.of(
        arguments("no values", Choices.of(), "optim.lr: choice needs at least one value"),
        arguments(
            "duplicate",
            Choices.of("sgd", "adam", "sgd"),
            "optim.lr: choice lists the value sgd twice; values must be distinct"),
        arguments(
            "duplicate after normalising",
            Choices.of(1, 1L),
            "optim.lr: choice lists the value 1 twice; values must be distinct"),
        arguments(
            "duplicate weighted",
            Choices.weighted(List.of("a", "a"), 1, 2),
            "optim.lr: weightedChoice lists the value a twice; values must be distinct"),
        arguments(
            "too many weights",
            Choices.weighted(List.of("a", "b"), 1, 2, 3),
            "optim.lr: weightedChoice has 2 values but 3 weights"),
        arguments(
            "too few weights",
            Choices.weighted(List.of("a", "b"), 1),
            "optim.lr: weightedChoice has 2 values but 1 weights"),
        arguments(
            "negative weight",
            Choices.weighted(negative),
            "optim.lr: weightedChoice weight of b is -1.0; weights must be finite and >= 0"),
        arguments(
            "NaN weight",
            Choices.weighted(List.of("a", "b"), Double.NaN, 1),
            "optim.lr: weightedChoice weight of a is NaN; weights must be finite and >= 0"),
        arguments(
            "infinite weight",
            Choices.weighted(List.of("a", "b"), 1, Double.POSITIVE_INFINITY),
            "optim.lr: weightedChoice weight of b is Infinity; weights must be finite and >= 0"),
        arguments(
            "all-zero weights",
            Choices.weighted(List.of("a", "b"), 0, 0),
            "optim.lr: weightedChoice weights sum to 0; at least one must be > 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badChoices")
  void badChoiceDomain_namesPathValuesAndWhatIsAllowed(String what, Domain domain, String message) {
    assertRefused(domain, message);
  }

  static Stream<Arguments> badLists() {
    return Stream.of(
        arguments(
            "bad item",
            Lists.of(Choices.of(3, 3), 2),
            "optim.lr[]: choice lists the value 3 twice; values must be distinct"),
        arguments(
            "negative length",
            Lists.of(Choices.of(3, 5), -1),
            "optim.lr: list length needs 0 <= lo, got intRange[-1, -1]"),
        arguments(
            "reversed length",
            Lists.of(Choices.of(3, 5), Ints.range(3, 1)),
            "optim.lr.length: intRange[3, 1] needs lo <= hi, got [3, 1]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLists")
  void badListDomain_namesPathValuesAndWhatIsAllowed(String what, Domain domain, String message) {
    assertRefused(domain, message);
  }

  @Test
  void nullDomain_namesPath() {
    assertThatThrownBy(() -> Space.builder().add("optim.lr", (Domain) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("optim.lr: domain == null");
    assertThatThrownBy(() -> Space.builder().add("optim.lr", Lists.of(null, 2)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("optim.lr: list item domain == null");
  }

  @Test
  void refusedDomain_leavesItsPathFree() {
    Space.Builder builder = Space.builder();
    assertThatThrownBy(() -> builder.add("optim.lr", Floats.logUniform(0, 1)))
        .isInstanceOf(IllegalArgumentException.class);

    Space space = builder.add("optim.lr", Floats.logUniform(1e-4, 1)).build();

    assertThat(space.paramPaths()).containsExactly("optim.lr");
  }

  @Test
  void domainsAreCheckedWhenAdded_notWhenCreated() {
    FloatDomain bad = Floats.logUniform(0, 1); // no error yet: the path is not known

    assertThatThrownBy(() -> Space.builder().add("a.b", bad))
        .hasMessage("a.b: logUniform[0.0, 1.0] needs 0 < lo < hi, got [0.0, 1.0]");
  }

  private static void assertRefused(Domain domain, String message) {
    assertThatThrownBy(() -> Space.builder().add("optim.lr", domain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
