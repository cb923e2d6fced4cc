package dev.sweep.examples.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.examples.digits.Digits;
import dev.sweep.examples.digits.DigitsSweep;
import dev.sweep.junit.DynamicSweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The sweep of docs/guide/junit.md as a test class: a grid of learning rates and weight decays for
 * the digits MLP, each trial a test named by its config (in the IDE and in Surefire's reports),
 * then what the population must show. {@code mvn test} runs it; its sweep folder is {@code
 * target/sweeps/dev.sweep.examples.junit.DigitsHyperparametersTest/learningRateAndWeightDecay}.
 */
class DigitsHyperparametersTest {
  private final Digits.Split data = Digits.load().split(7, 0.2);

  @TestFactory
  Stream<DynamicNode> learningRateAndWeightDecay() {
    Space space =
        Space.builder()
            .add("optim.lr", Choices.of(0.003, 0.03, 0.3))
            .add("optim.wd", Choices.of(1e-5, 1e-4))
            .add("model.hidden", Choices.constant(32))
            .add("train.batch", Choices.constant(32))
            .add("train.epochs", Choices.constant(5))
            .build();
    Sweep.Builder sweep =
        Sweep.builder(space, DigitsSweep.runner(data))
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .threads(2);
    return DynamicSweep.of(sweep)
        .expect(
            "every trial learns: error below 0.5", p -> assertThat(p.quantile(1.0)).isLessThan(0.5))
        .expect("the median error is below 0.15", p -> assertThat(p.quantile(0.5)).isLessThan(0.15))
        .expect(
            "lr matters more than wd",
            p -> assertThat(share(p, "optim.lr")).isGreaterThan(share(p, "optim.wd")))
        .dynamicTests();
  }

  /** The parameter's share of the variance of the error. */
  private static double share(Population p, String param) {
    return p.importance().stream()
        .filter(i -> i.param().equals(param))
        .findFirst()
        .orElseThrow()
        .share();
  }
}
