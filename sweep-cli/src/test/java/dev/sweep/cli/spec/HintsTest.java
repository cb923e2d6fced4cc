package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HintsTest {
  @Test
  void distance_countsEdits() {
    assertThat(Hints.distance("loguniform", "log_uniform")).isEqualTo(1);
    assertThat(Hints.distance("stpe", "step")).isEqualTo(2);
    assertThat(Hints.distance("", "int")).isEqualTo(3);
    assertThat(Hints.distance("grid", "grid")).isZero();
  }

  @Test
  void closest_withinTwoEdits_ignoringCase_firstWinsATie() {
    List<String> known = List.of("uniform", "log_uniform", "int", "int_log");
    assertThat(Hints.closest("logUniform", known)).hasValue("log_uniform");
    assertThat(Hints.closest("intlog", known)).hasValue("int_log");
    assertThat(Hints.closest("gaussian", known)).isEmpty();
    assertThat(Hints.didYouMean("unifrom", known)).isEqualTo("; did you mean 'uniform'?");
    assertThat(Hints.didYouMean("gaussian", known)).isEmpty();
  }
}
