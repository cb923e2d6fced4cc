package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} of an mlrunner params.yaml: its commands in order, per task, on its workers'
 * GPUs.
 */
class MlrunnerRunTest {
  @TempDir Path dir;

  @Test
  void tasksRunTheirCommandsInOrder_onTheWorkersGpus_namedAsMlrunnerNamesThem() throws IOException {
    Path file = dir.resolve("params.yaml");
    Files.writeString(
        file,
        """
        ---
        template:
          train: >
            echo train [lr] [amp] {data} gpu=$CUDA_VISIBLE_DEVICES >> {_output}/log.txt
          test: >
            echo test {lr} >> {_output}/log.txt
        default:
          data: "two words"
          amp: False
        resource: [3, 5]
        ---
        lr: [0.1, 0.2]
        amp: [True]
        ---
        _cmd: test
        lr: [0.3]
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p = SweepFolder.population(dir.resolve("params"), Objective.minimize("value"));
    assertThat(p.trials())
        .extracting(TrialRecord::name)
        .containsExactly("Lr_0.1-Amp_T", "Lr_0.2-Amp_T", "Lr_0.3");
    assertThat(p.trials())
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED)); // unranked
    assertThat(log(p.trials().get(0)))
        .matches("train --lr 0.1 --amp two words gpu=[35]\\ntest 0.1\\n");
    assertThat(log(p.trials().get(2))).isEqualTo("test 0.3\n"); // _cmd: only test
  }

  private String log(TrialRecord t) throws IOException {
    return Files.readString(
        SweepFolder.trialDir(dir.resolve("params"), t.id(), t.name()).resolve("log.txt"));
  }
}
