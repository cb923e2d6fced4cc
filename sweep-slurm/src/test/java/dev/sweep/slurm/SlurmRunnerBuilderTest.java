package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a SlurmRunner asks sbatch for, and the settings it refuses; no cluster needed (a GPU option
 * cannot be run on the test cluster, which has no gres.conf, so it is checked here).
 */
class SlurmRunnerBuilderTest {
  @Test
  void everyResource_becomesOneSbatchOption_andExtraOptionsComeLastAsGiven() {
    SlurmRunner runner =
        SlurmRunner.builder()
            .command("python3 train.py --lr {lr}")
            .partition("gpu")
            .time(Duration.ofMinutes(90))
            .memory("16G")
            .cpusPerTask(4)
            .gpus(2)
            .gres("gpu:a100:2")
            .account("lab")
            .qos("high")
            .constraint("a100|h100")
            .throttle(50)
            .warning(Duration.ofMinutes(5))
            .sbatchOptions("--exclusive", "--nice=10")
            .build();
    Batch batch = new Batch(Path.of("/runs/lr/slurm/b0007"), "b0007", "sweep-lr-1a2b-b0007");

    assertThat(runner.settings.sbatchOptions(batch, 1000, "411"))
        .containsExactly(
            "--parsable",
            "--job-name=sweep-lr-1a2b-b0007",
            "--array=0-999%50",
            "--output=/runs/lr/slurm/b0007/tasks/%a/slurm.out",
            "--error=/runs/lr/slurm/b0007/tasks/%a/slurm.out",
            "--open-mode=append",
            "--chdir=" + Path.of("").toAbsolutePath(),
            "--requeue",
            "--dependency=afterany:411",
            "--partition=gpu",
            "--time=0-01:30:00",
            "--mem=16G",
            "--cpus-per-task=4",
            "--gpus=2",
            "--gres=gpu:a100:2",
            "--account=lab",
            "--qos=high",
            "--constraint=a100|h100",
            "--signal=B:USR1@300",
            "--exclusive",
            "--nice=10");
  }

  @Test
  void withoutOptions_onlyTheArrayAndItsLogs() {
    SlurmRunner runner = SlurmRunner.builder().command("true").requeues(0).build();
    Batch batch = new Batch(Path.of("/s/slurm/b0001"), "b0001", "j-b0001");
    assertThat(runner.settings.sbatchOptions(batch, 3, null))
        .containsExactly(
            "--parsable",
            "--job-name=j-b0001",
            "--array=0-2",
            "--output=/s/slurm/b0001/tasks/%a/slurm.out",
            "--error=/s/slurm/b0001/tasks/%a/slurm.out",
            "--open-mode=append",
            "--chdir=" + Path.of("").toAbsolutePath());
  }

  @Test
  void timeLimits_areWholeMinutesRoundedUp_inDaysHoursMinutes() {
    assertThat(SlurmSettings.slurmTime(Duration.ofSeconds(1))).isEqualTo("0-00:01:00");
    assertThat(SlurmSettings.slurmTime(Duration.ofSeconds(61))).isEqualTo("0-00:02:00");
    assertThat(SlurmSettings.slurmTime(Duration.ofHours(25).plusMinutes(3)))
        .isEqualTo("1-01:03:00");
  }

  @Test
  void badSettings_areRefusedWithTheValue() {
    assertThatThrownBy(() -> SlurmRunner.builder().memory("lots"))
        .hasMessage("memory 'lots': wanted a number with an optional unit K, M, G or T, e.g. 4G");
    assertThatThrownBy(() -> SlurmRunner.builder().throttle(-1))
        .hasMessage("throttle: wanted at least 0, got -1");
    assertThatThrownBy(() -> SlurmRunner.builder().partition("gpu\n--qos=high"))
        .hasMessageStartingWith("partition 'gpu\n--qos=high': wanted a value without");
    assertThatThrownBy(() -> SlurmRunner.builder().sbatchOptions("exclusive"))
        .hasMessage("sbatch option 'exclusive': wanted an option such as --exclusive or --nice=10");
    assertThatThrownBy(() -> SlurmRunner.builder().build())
        .hasMessage("SlurmRunner: no payload; give command(...) or javaRunner(...)");
    assertThatThrownBy(
            () ->
                SlurmRunner.builder()
                    .command("true")
                    .time(Duration.ofMinutes(5))
                    .warning(Duration.ofMinutes(5))
                    .build())
        .hasMessage(
            "SlurmRunner: warning PT5M before the limit is not shorter than the time limit PT5M");
    assertThatThrownBy(
            () ->
                SlurmRunner.builder()
                    .command("true")
                    .pollInterval(Duration.ofSeconds(10), Duration.ofSeconds(5))
                    .build())
        .hasMessage(
            "SlurmRunner: the max poll interval PT5S is shorter than the poll interval PT10S");
  }

  @Test
  void slurmStates_areReadAsSqueueAndScontrolPrintThem() {
    assertThat(JobState.parse("CANCELLED by 0")).isEqualTo(JobState.CANCELLED);
    assertThat(JobState.parse("CANCELLED+")).isEqualTo(JobState.CANCELLED);
    assertThat(JobState.parse("OUT_OF_MEMORY")).isEqualTo(JobState.OUT_OF_MEMORY);
    assertThat(JobState.parse("oom")).isEqualTo(JobState.OUT_OF_MEMORY);
    assertThat(JobState.parse("NODE_FAIL")).isEqualTo(JobState.NODE_FAIL);
    assertThat(JobState.parse("SOMETHING_NEW")).isEqualTo(JobState.UNKNOWN);
    assertThat(JobState.TIMEOUT.isTerminal()).isTrue();
    assertThat(JobState.PENDING.isTerminal()).isFalse();
    assertThat(JobState.UNKNOWN.isTerminal()).isFalse();
  }
}
