package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.cli.spec.SpecException;
import dev.sweep.cli.spec.SweepSpec;
import dev.sweep.population.Population;
import dev.sweep.slurm.SlurmRunner;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep file with a slurm: section runs its trials as array tasks; sweep cancel scancels them.
 */
class SlurmCommandTest {
  /** Reports error = x, after sleeping {sleep} seconds. */
  static final String SPEC =
      """
      name: on-slurm
      objective: {metric: error}
      sampler: grid
      parameters:
        x: {choice: [1, 2, 3, 4]}
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, os, sys, time; time.sleep(float(sys.argv[2]));
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=float(sys.argv[1]))) + chr(10))
        - "{x}"
        - "SLEEP"
      slurm:
        partition: debug
        time: 5m
        memory: 100M
        throttle: 2
        poll_interval: 500ms
        max_poll_interval: 1s
      """;

  @TempDir Path dir;

  private Path spec(String text) throws IOException {
    return Files.writeString(dir.resolve("on-slurm.yaml"), text);
  }

  @Test
  void theSlurmSection_makesASlurmRunner_andItsMistakesNameTheirPlace() throws IOException {
    SweepSpec spec = SweepSpec.read(spec(SPEC.replace("SLEEP", "0")));
    assertThat(spec.runner())
        .isInstanceOf(SlurmRunner.class)
        .hasToString(
            "SlurmRunner[ProcessRunner[run: /usr/bin/python3 -c \"import json, os, sys, time; time.sleep(float(sys.argv[2])); "
                + "open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=float(sys.argv[1]))) + chr(10))\" {x} 0; "
                + "grace 10 s], partition debug, throttle 2]");
    assertThat(spec.threads())
        .isEqualTo(10_000); // every trial may wait in the queue (the sweep starts at most 4)

    assertThatThrownBy(() -> SweepSpec.read(spec(SPEC.replace("SLEEP", "0") + "slots: [\"0\"]\n")))
        .isInstanceOf(SpecException.class)
        .hasMessageEndingWith(
            "on-slurm.yaml:21:8: slots: applies to the local process pool, not with slurm:; "
                + "SLURM allocates GPUs: give slurm: {gpus: 1}");
    assertThatThrownBy(
            () ->
                SweepSpec.read(
                    spec(SPEC.replace("SLEEP", "0").replace("memory: 100M", "memory: lots"))))
        .isInstanceOf(SpecException.class)
        .hasMessageEndingWith(
            "on-slurm.yaml:17:11: slurm.memory: memory 'lots': wanted a number with an optional unit "
                + "K, M, G or T, e.g. 4G");
    assertThatThrownBy(
            () ->
                SweepSpec.read(
                    spec(SPEC.replace("SLEEP", "0").replace("throttle: 2", "throtle: 2"))))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "on-slurm.yaml:18:3: slurm: unknown key 'throtle'; did you mean 'throttle'?");
  }

  @Test
  void sweepRun_runsTheTrialsOnTheCluster_andCollectReadsThem() throws IOException {
    Cluster.require();
    Cli.Run run = sweep("run", "-q", spec(SPEC.replace("SLEEP", "0")).toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population population =
        SweepFolder.population(dir.resolve("on-slurm"), Objective.minimize("error"));
    assertThat(population.statusCounts().get(TrialStatus.COMPLETED)).isEqualTo(4);
    assertThat(population.best().orElseThrow().metrics()).containsEntry("error", 1.0);
    assertThat(listed(dir.resolve("on-slurm/slurm"))).containsExactly("b0001");
  }

  @Test
  void otherToolsFiles_runOnTheCluster_withSlurmUnderSweep() throws IOException {
    Cluster.require();
    String slurm =
        """
        sweep:
          slurm: {partition: debug, time: 5m, memory: 100M, throttle: 2, poll_interval: 500ms, max_poll_interval: 1s}
        """;
    Path wandb =
        Files.writeString(
            dir.resolve("wandb.yaml"),
            """
        method: grid
        metric: {name: error}
        parameters:
          x: {values: [1, 2, 3]}
        command:
          - /usr/bin/python3
          - -c
          - >-
            import json, os, sys; x = float(sys.argv[1].split('=')[1]);
            open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=x)) + chr(10))
          - ${args}
        """
                + slurm);
    Cli.Run run = sweep("run", "-q", wandb.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population w = SweepFolder.population(dir.resolve("wandb"), Objective.minimize("error"));
    assertThat(w.statusCounts().get(TrialStatus.COMPLETED)).isEqualTo(3);
    assertThat(w.best().orElseThrow().metrics()).containsEntry("error", 1.0);

    Path mlrunner =
        Files.writeString(
            dir.resolve("params.yaml"),
            """
        ---
        template:
          train: echo {lr} > {_output}/lr.txt
        resource: [0]
        """
                + slurm
                + """
        ---
        lr: [0.1, 0.2]
        """);
    run = sweep("run", "-q", mlrunner.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population m = SweepFolder.population(dir.resolve("params"), Objective.minimize("value"));
    assertThat(m.trials()).extracting(t -> t.name()).containsExactly("Lr_0.1", "Lr_0.2");
    assertThat(
            Files.readString(
                SweepFolder.trialDir(dir.resolve("params"), 1, "Lr_0.2").resolve("lr.txt")))
        .isEqualTo("0.2\n");
  }

  @Test
  void sweepCancel_whenTheDriverIsGone_cancelsTheTasksTheJournalKnows() throws Exception {
    Cluster.require();
    Path file = spec(SPEC.replace("SLEEP", "300"));
    Path folder = dir.resolve("on-slurm");
    Process driver =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "-q",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("driver.log").toFile())
            .start();
    List<String> tasks = new ArrayList<>();
    try {
      Cluster.await(
          "two tasks to run",
          Duration.ofSeconds(60),
          () -> {
            tasks.clear();
            for (TrialState t : SweepFolder.replay(folder).values()) {
              Map<String, Object> note = t.notes().get(SlurmRunner.NOTE);
              if (note != null && note.get("array_job") != null) {
                tasks.add(note.get("array_job") + "_" + note.get("task"));
              }
            }
            return tasks.size() == 4
                && tasks.stream().filter(id -> Cluster.state(id).equals("RUNNING")).count() == 2;
          });
    } finally {
      driver.destroyForcibly(); // kill -9: its jobs go on without it
      driver.waitFor(10, TimeUnit.SECONDS);
    }

    Cli.Run cancel = sweep("cancel", folder.toString());
    assertThat(cancel.code()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).contains("no driver is running", "cancelled its SLURM tasks");
    for (String task : tasks) {
      Cluster.await(
          "task " + task + " to be cancelled",
          Duration.ofSeconds(30),
          () -> Cluster.state(task).equals("CANCELLED") || Cluster.state(task).isEmpty());
    }
  }

  /** The names in {@code dir}, the listing closed. */
  private static List<String> listed(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
