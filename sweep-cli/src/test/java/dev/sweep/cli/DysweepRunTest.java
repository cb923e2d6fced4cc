package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} of a dysweep config: real processes get each run's whole config, merged as
 * dysweep merges it.
 */
class DysweepRunTest {
  @TempDir Path dir;

  @Test
  void eachTrialGetsBaseConfigWithItsValuesMergedIn_upsertsAliasesAndListOperations()
      throws IOException {
    Path file = dir.resolve("dy.yaml");
    Files.writeString(
        file,
        """
        project: testing
        base_config:
          data:
            batch_size: 64
            transforms:
              - class_path: Flip
              - class_path: Normalize
                init_args: {mean: 0.5}
          trainer:
            epochs: 10
            optimizer:
              class_path: torch.optim.SGD
              init_args: {lr: 0.001}
        sweep_configuration:
          name: merge
          method: grid
          metric: {name: loss, goal: minimize}
          parameters:
            data:
              batch_size: {sweep: true, values: [32, 128]}
              dy__upsert:
                - sweep: true
                  sweep_identifier: norm
                  sweep_alias: [without_norm, with_norm]
                  values:
                    - transforms:
                        dy__list__operations: [{dy__remove: -1}]
                    - {}
            trainer:
              optimizer:
                sweep: true
                sweep_alias: [adamw, sgd]
                values:
                  - class_path: torch.optim.AdamW
                    init_args: {weight_decay: 0.1}
                  - class_path: torch.optim.SGD
        sweep:
          shell: true
          command: >-
            cp {_config} "$SWEEP_TRIAL_DIR/received.json" && echo '{"loss": 1}' >> "$SWEEP_METRICS"
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p = SweepFolder.population(dir.resolve("dy"), Objective.minimize("loss"));
    assertThat(p.trials()).hasSize(8);
    Set<String> seen = new HashSet<>();
    for (TrialRecord t : p.trials()) {
      Map<String, Object> config = received(t);
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) config.get("data");
      @SuppressWarnings("unchecked")
      Map<String, Object> optimizer =
          (Map<String, Object>) ((Map<String, Object>) config.get("trainer")).get("optimizer");
      assertThat(((Map<?, ?>) config.get("trainer")).get("epochs")).isEqualTo(10);
      assertThat(data.get("batch_size")).isIn(32, 128);
      List<?> transforms = (List<?>) data.get("transforms");
      assertThat(transforms).hasSizeBetween(1, 2);
      assertThat(transforms.get(0)).isEqualTo(Map.of("class_path", "Flip"));
      boolean adamw = optimizer.get("class_path").equals("torch.optim.AdamW");
      assertThat(optimizer.get("init_args"))
          .isEqualTo(adamw ? Map.of("lr", 0.001, "weight_decay", 0.1) : Map.of("lr", 0.001));
      seen.add(data.get("batch_size") + "/" + transforms.size() + "/" + adamw);
    }
    assertThat(seen).hasSize(8); // the grid's every combination, each merged as dysweep merges it
  }

  @Test
  void aDistributionLandsAtItsPath_andTheDefaultMetricIsNotRequired() throws IOException {
    Path file = dir.resolve("dist.yaml");
    Files.writeString(
        file,
        """
        base_config:
          trainer: {lr: 0.1, epochs: 3}
        sweep_configuration:
          trainer:
            lr: {sweep: true, distribution: log_uniform_values, min: 0.0001, max: 0.1}
        method: random
        count: 3
        sweep:
          command: [/bin/cp, "{_config}", "{_output}/received.json"]
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p =
        SweepFolder.population(dir.resolve("dist"), Objective.minimize("dysweep_default"));
    assertThat(p.trials())
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    for (TrialRecord t : p.trials()) {
      Map<?, ?> trainer = (Map<?, ?>) received(t).get("trainer");
      assertThat(trainer.get("epochs")).isEqualTo(3);
      assertThat(((Number) trainer.get("lr")).doubleValue()).isBetween(0.0001, 0.1);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> received(TrialRecord t) throws IOException {
    Path folder = SweepFolder.trialDir(dir.resolve(sweepName()), t.id(), t.name());
    return new ObjectMapper().readValue(folder.resolve("received.json").toFile(), Map.class);
  }

  private String sweepName() {
    return Files.exists(dir.resolve("dy")) ? "dy" : "dist";
  }
}
