package dev.sweep.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectiveTest {
  @Test
  void theFilesWriteTheMetricThenTheGoal_everyTime() {
    assertThat(Objective.minimize("error").toMap())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("metric", "error"),
            org.assertj.core.api.Assertions.entry("goal", "minimize"));
    assertThat(Objective.maximize("accuracy").toMap().keySet()).containsExactly("metric", "goal");
  }

  @Test
  void betterComesFirst() {
    assertThat(Objective.minimize("e").compare(0.1, 0.2)).isNegative();
    assertThat(Objective.maximize("a").compare(0.1, 0.2)).isPositive();
  }

  @Test
  void aBlankMetricIsRefused() {
    assertThatThrownBy(() -> Objective.minimize(" ")).hasMessage("objective metric name is blank");
  }
}
