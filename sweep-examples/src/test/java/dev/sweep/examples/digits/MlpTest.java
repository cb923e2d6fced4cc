package dev.sweep.examples.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MlpTest {

  private static Digits.Split data;

  @BeforeAll
  static void load() {
    data = Digits.load().split(1L, 0.2);
  }

  private static Mlp.Hyper sensible(long seed) {
    return new Mlp.Hyper(0.05, 1e-4, 64, 32, 10, seed);
  }

  @Test
  void sensibleSettingLearnsTheDigits() {
    List<Double> errors = new ArrayList<>();
    Mlp.Fit fit =
        Mlp.train(data, sensible(7L), (epoch, loss, error) -> errors.add(error), () -> false);
    assertThat(fit.validationError()).isLessThan(0.08);
    assertThat(fit.trainLoss()).isFinite().isPositive().isLessThan(0.3);
    assertThat(fit.epochsRun()).isEqualTo(10);
    assertThat(fit.diverged()).isFalse();
    assertThat(errors).hasSize(10).last().isEqualTo(fit.validationError());
  }

  @Test
  void sameHyperGivesBitIdenticalResults() {
    List<Double> first = new ArrayList<>();
    List<Double> second = new ArrayList<>();
    Mlp.Fit a =
        Mlp.train(
            data,
            sensible(5L),
            (e, loss, err) -> {
              first.add(loss);
              first.add(err);
            },
            () -> false);
    Mlp.Fit b =
        Mlp.train(
            data,
            sensible(5L),
            (e, loss, err) -> {
              second.add(loss);
              second.add(err);
            },
            () -> false);
    assertThat(b).isEqualTo(a); // record equality compares doubles bit for bit
    assertThat(second).isEqualTo(first);
    assertThat(Mlp.train(data, sensible(6L)).trainLoss()).isNotEqualTo(a.trainLoss());
  }

  @Test
  void absurdLearningRateGivesBadButFiniteResult() {
    Mlp.Fit fit = Mlp.train(data, new Mlp.Hyper(50, 1e-4, 64, 32, 10, 7L));
    assertThat(fit.validationError()).isFinite().isGreaterThan(0.75).isLessThanOrEqualTo(1.0);
    assertThat(fit.epochsRun()).isBetween(1, 10);
  }

  // ReLU nets mostly die rather than overflow; weight decay with learningRate * weightDecay >> 2
  // makes every step overshoot, so the weights reliably reach infinity.
  @Test
  void divergenceStopsWithInfiniteLossAndFullError() {
    List<Double> losses = new ArrayList<>();
    Mlp.Fit fit =
        Mlp.train(
            data,
            new Mlp.Hyper(1e6, 1e-4, 64, 32, 10, 7L),
            (e, loss, err) -> losses.add(loss),
            () -> false);
    assertThat(fit).isEqualTo(new Mlp.Fit(1.0, Double.POSITIVE_INFINITY, fit.epochsRun()));
    assertThat(fit.diverged()).isTrue();
    assertThat(losses).hasSize(fit.epochsRun()).last().isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void shouldStopEndsTrainingAfterTheCurrentEpoch() {
    AtomicInteger calls = new AtomicInteger();
    Mlp.Fit fit =
        Mlp.train(
            data, sensible(7L), (e, loss, err) -> calls.incrementAndGet(), () -> calls.get() >= 3);
    assertThat(fit.epochsRun()).isEqualTo(3);
    assertThat(calls).hasValue(3);
  }

  @Test
  void hyperRejectsBadValuesNamingFieldValueAndRange() {
    assertThatThrownBy(() -> new Mlp.Hyper(0, 0, 1, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learningRate must be a finite number > 0, got 0.0");
    assertThatThrownBy(() -> new Mlp.Hyper(Double.NaN, 0, 1, 1, 1, 0))
        .hasMessage("learningRate must be a finite number > 0, got NaN");
    assertThatThrownBy(() -> new Mlp.Hyper(Double.POSITIVE_INFINITY, 0, 1, 1, 1, 0))
        .hasMessage("learningRate must be a finite number > 0, got Infinity");
    assertThatThrownBy(() -> new Mlp.Hyper(0.1, -1e-4, 1, 1, 1, 0))
        .hasMessage("weightDecay must be a finite number >= 0, got -1.0E-4");
    assertThatThrownBy(() -> new Mlp.Hyper(0.1, 0, 0, 1, 1, 0))
        .hasMessage("hidden must be an integer >= 1, got 0");
    assertThatThrownBy(() -> new Mlp.Hyper(0.1, 0, 1, -3, 1, 0))
        .hasMessage("batchSize must be an integer >= 1, got -3");
    assertThatThrownBy(() -> new Mlp.Hyper(0.1, 0, 1, 1, 0, 0))
        .hasMessage("epochs must be an integer >= 1, got 0");
  }
}
