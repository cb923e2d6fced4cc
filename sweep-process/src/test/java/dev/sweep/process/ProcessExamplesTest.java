package dev.sweep.process;

import static dev.sweep.process.Programs.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process-pool example of docs/guide/processes.md, run for real: a train step and a test step
 * on two slots.
 */
class ProcessExamplesTest {
  @TempDir Path tmp;

  private static final String TRAIN_PY =
      """
          import argparse, json, os
          p = argparse.ArgumentParser()
          p.add_argument('--lr', type=float); p.add_argument('--epochs', type=int)
          p.add_argument('--amp', action='store_true'); p.add_argument('--out')
          args = p.parse_args()
          w = 0.0
          with open(os.environ['SWEEP_METRICS'], 'a') as metrics:
              for epoch in range(args.epochs):
                  w += args.lr * (1.0 - w)                      # 'training'
                  metrics.write(json.dumps({'step': epoch, 'loss': 1.0 - w}) + '\\n')
                  metrics.flush()
          json.dump({'w': w}, open(os.path.join(args.out, 'model.json'), 'w'))
          """;

  private static final String TEST_PY =
      """
          import argparse, json, os
          p = argparse.ArgumentParser(); p.add_argument('--checkpoint'); args = p.parse_args()
          w = json.load(open(args.checkpoint))['w']
          print(f'test error: {1.0 - w:.4f}')
          with open(os.environ['SWEEP_METRICS'], 'a') as metrics:
              metrics.write(json.dumps({'error': 1.0 - w}) + '\\n')
          """;

  @Test
  void readmeExample_trainThenTest_onTwoSlots() {
    Programs.write(tmp, "train.py", TRAIN_PY);
    Programs.write(tmp, "test.py", TEST_PY);
    Space space =
        Space.builder()
            .add("optim.lr", Floats.logUniform(0.01, 0.5))
            .add("train.epochs", Choices.of(5, 10))
            .add("train.amp", Choices.bool())
            .build();

    // README: the snippet below, with python3 spelled as Debian's and the scripts in tmp.
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "train",
                PYTHON
                    + " train.py --lr {optim.lr} --epochs {train.epochs} [train.amp] --out {_output}")
            .step("test", PYTHON + " test.py --checkpoint {_output}/model.json")
            .slots(List.of("0", "1")) // GPUs: CUDA_VISIBLE_DEVICES=0 or 1
            .timeout(Duration.ofHours(2))
            .workingDirectory(tmp)
            .build();
    Population population =
        Sweep.builder(space, runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.random(42))
            .directory(tmp.resolve("runs/lr"))
            .threads(2) // one per slot
            .maxTrials(6)
            .build()
            .run();

    assertThat(population.trials())
        .hasSize(6)
        .allSatisfy(
            t -> {
              assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
              assertThat(t.curve()).hasSize(t.config().getInt("train.epochs"));
              assertThat(t.metrics().get("error"))
                  .isEqualTo(t.metrics().get("loss"), org.assertj.core.data.Offset.offset(1e-4));
            });
    TrialRecord best = population.best().orElseThrow();
    assertThat(best.metrics().get("error")).isEqualTo(population.summary().min());
  }
}
