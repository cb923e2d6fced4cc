package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep create} stores a sweep file and prints its id; {@code sweep agent ID} on any number
 * of machines runs its trials once between them; {@code status}, {@code collect}, {@code rerun} and
 * {@code cancel} take {@code --store URL ID} as they take a folder.
 */
class AgentCommandTest {
  @TempDir Path dir;
  private TestDatabase database;

  @BeforeEach
  void database() {
    database = TestDatabase.require();
  }

  @AfterEach
  void drop() throws Exception {
    database.close();
  }

  private String create(int trials) throws Exception {
    Path script = dir.resolve("trial.sh");
    Files.writeString(script, "echo \"{\\\"loss\\\": $1}\" >> \"$SWEEP_METRICS\"\n");
    Path file = dir.resolve("lr.yaml");
    Files.writeString(
        file,
        """
        name: lr
        objective: {metric: loss}
        sampler: {type: random, seed: 5}
        trials: %d
        parameters:
          lr: {log_uniform: [1.0e-4, 1.0e-1]}
        command: [sh, %s, "{lr}"]
        """
            .formatted(trials, script));
    Cli.Run created = Cli.sweep("create", file.toString(), "--store", database.url());
    assertThat(created.code()).as(created.toString()).isZero();
    assertThat(created.err()).contains("sweep agent");
    return created.out().trim();
  }

  @Test
  void twoAgentsRunEveryTrialOnce_andTheStoreAnswersStatusAndCollect() throws Exception {
    String id = create(20);
    List<CompletableFuture<Cli.Run>> agents = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      agents.add(
          CompletableFuture.supplyAsync(
              () ->
                  Cli.sweep(
                      "agent",
                      id,
                      "--store",
                      database.url(),
                      "--dir",
                      dir.resolve(name).toString())));
    }
    for (CompletableFuture<Cli.Run> agent : agents) {
      assertThat(agent.get().code()).as(agent.get().toString()).isZero();
    }

    Cli.Run status = Cli.sweep("status", id, "--store", database.url());
    assertThat(status.out()).contains("20 completed").contains("best: trial");
    Cli.Run collect = Cli.sweep("collect", id, "--store", database.url(), "--out", dir.toString());
    assertThat(collect.code()).as(collect.toString()).isZero();
    Population population = Population.readJson(dir.resolve("trials.json"));
    assertThat(population.trials())
        .extracting(TrialRecord::id)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
    long inA = listed(dir.resolve("a/trials")).size();
    long inB = listed(dir.resolve("b/trials")).size();
    assertThat(inA + inB).as("trial folders, one per trial").isEqualTo(20);
  }

  @Test
  void aCountBoundsOneAgent_aRerunIsRunByTheNext_andCancelStopsEveryAgent() throws Exception {
    String id = create(10);
    Cli.Run three =
        Cli.sweep(
            "agent",
            id,
            "--store",
            database.url(),
            "--dir",
            dir.resolve("a").toString(),
            "--count",
            "3");
    assertThat(three.out()).contains("ran 3 trials here");

    Cli.Run rest =
        Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("b").toString());
    assertThat(rest.out()).contains("ran 7 trials here");
    Cli.Run rerun = Cli.sweep("rerun", id, "--store", database.url(), "--trial", "1,4");
    assertThat(rerun.out()).contains("trials [1, 4] run again");
    Cli.Run again =
        Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("b").toString());
    assertThat(again.out()).contains("ran 2 trials here");

    Cli.Run cancel = Cli.sweep("cancel", id, "--store", database.url());
    assertThat(cancel.out()).contains("cancelled");
    Cli.Run after = Cli.sweep("rerun", id, "--store", database.url(), "--trial", "0");
    Cli.Run none =
        Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("c").toString());
    assertThat(none.out()).as(after + "\n" + none).contains("ran 0 trials here");
  }

  @Test
  void showAndAnalyzeReadAStoredSweepByItsId() throws Exception {
    String id = create(8);
    assertThat(
            Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("a").toString())
                .code())
        .isZero();

    Cli.Run show = Cli.sweep("show", id, "--store", database.url(), "--top", "3");
    assertThat(show.out())
        .as(show.toString())
        .contains("top 3 of 8 completed trials by minimize loss (8 finished, 8 in the sweep)");
    Path page = dir.resolve("page.html");
    Cli.Run analyze = Cli.sweep("analyze", id, "--store", database.url(), "--out", page.toString());
    assertThat(analyze.code()).as(analyze.toString()).isZero();
    assertThat(Files.readString(page)).contains("lr");
  }

  /** Two objectives in a shared sweep: agents run it, and {@code show --pareto} reads its front. */
  @Test
  void aStoredSweepOfTwoObjectives_showsItsParetoFrontByItsId() throws Exception {
    Path script = dir.resolve("trial.sh");
    // x in 0..4: loss falls as cost rises, except x = 3, which x = 4 beats on both
    Files.writeString(
        script,
        """
        case $1 in 0) l=9 c=1;; 1) l=5 c=2;; 2) l=3 c=4;; 3) l=2.5 c=9;; 4) l=2 c=8;; esac
        echo "{\\"loss\\": $l, \\"cost\\": $c}" >> "$SWEEP_METRICS"
        """);
    Path file = dir.resolve("front.yaml");
    Files.writeString(
        file,
        """
        name: front
        objectives: {loss: minimize, cost: minimize}
        sampler: {type: grid}
        parameters:
          x: {choice: [0, 1, 2, 3, 4]}
        command: [sh, %s, "{x}"]
        """
            .formatted(script));
    Cli.Run created = Cli.sweep("create", file.toString(), "--store", database.url());
    assertThat(created.code()).as(created.toString()).isZero();
    String id = created.out().trim();
    assertThat(
            Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("a").toString())
                .code())
        .isZero();

    Cli.Run show = Cli.sweep("show", id, "--store", database.url(), "--pareto");
    assertThat(show.code()).as(show.toString()).isZero();
    assertThat(show.out()).startsWith("Pareto front: 4 of 5 completed trials by minimize loss");
    assertThat(show.out().lines().skip(2).map(l -> l.strip().replaceAll(" .*", "")))
        .containsExactly("4", "2", "1", "0");
  }

  /**
   * The best trial of a shared sweep is found by its id; its folder is on the agent's machine, here
   * this one, and copied from there.
   */
  @Test
  void bestFindsTheBestTrialOfAStoredSweep_andCopiesItsFolderFromTheAgent() throws Exception {
    String id = create(6);
    assertThat(
            Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("a").toString())
                .code())
        .isZero();
    Population all =
        Population.readJson(collectTo(id, dir.resolve("collected")).resolve("trials.json"));
    TrialRecord best = all.best().orElseThrow();

    Path copy = dir.resolve("best");
    Cli.Run run = Cli.sweep("best", id, "--store", database.url(), "--copy-to", copy.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("best: trial " + best.id())
        .contains(dir.resolve("a").resolve(best.folder()).toString());
    assertThat(copy.resolve("config.json")).isRegularFile();
  }

  private Path collectTo(String id, Path out) {
    assertThat(Cli.sweep("collect", id, "--store", database.url(), "--out", out.toString()).code())
        .isZero();
    return out;
  }

  /**
   * dysweep's workflow, with no W&B: a config created once, agents that each run --count of its
   * runs, one run rerun by its id; each trial gets base_config with its values merged in.
   */
  @Test
  void aDysweepConfigIsCreatedOnce_runByAgentsWithACount_andOneRunRerunById() throws Exception {
    Path file = dir.resolve("dy.yaml");
    Files.writeString(
        file,
        """
        base_config:
          trainer: {epochs: 3, optimizer: {class_path: SGD, init_args: {lr: 0.1}}}
        sweep_configuration:
          name: dy
          method: grid
          metric: {name: loss, goal: minimize}
          parameters:
            trainer:
              optimizer:
                sweep: true
                sweep_alias: [adamw, sgd_small]
                values:
                  - class_path: AdamW
                  - init_args: {lr: 0.01}
              epochs: {sweep: true, values: [1, 2]}
        sweep:
          shell: true
          command: >-
            cp {_config} "{_output}/received.json" && echo '{"loss": 1}' >> "$SWEEP_METRICS"
        """);
    Cli.Run created = Cli.sweep("create", file.toString(), "--store", database.url());
    assertThat(created.code()).as(created.toString()).isZero();
    String id = created.out().trim();

    Cli.Run first =
        Cli.sweep(
            "agent",
            id,
            "--store",
            database.url(),
            "--dir",
            dir.resolve("a").toString(),
            "--count",
            "2");
    Cli.Run second =
        Cli.sweep(
            "agent",
            id,
            "--store",
            database.url(),
            "--dir",
            dir.resolve("b").toString(),
            "--count",
            "2");
    assertThat(first.out()).as(first.toString()).contains("ran 2 trials here");
    assertThat(second.out()).as(second.toString()).contains("ran 2 trials here");
    List<Path> received;
    try (var files = Files.walk(dir)) {
      received = files.filter(f -> f.getFileName().toString().equals("received.json")).toList();
    }
    assertThat(received).hasSize(4);
    java.util.Set<String> configs = new java.util.HashSet<>();
    for (Path r : received) {
      String json = Files.readString(r);
      assertThat(json).contains("\"epochs\"");
      configs.add(json);
    }
    assertThat(configs).as("the grid's four merged configs").hasSize(4);
    assertThat(String.join("\n", configs)).contains("AdamW").contains("0.01").contains("0.1");

    Cli.Run rerun = Cli.sweep("rerun", id, "--store", database.url(), "--trial", "2");
    assertThat(rerun.out()).contains("trial [2] run again");
    Cli.Run again =
        Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("b").toString());
    assertThat(again.out()).as(again.toString()).contains("ran 1 trial here");
  }

  @Test
  void anAgentWithSlurmOptionsRunsItsTrialsAsArrayTasksOnTheCluster() throws Exception {
    Cluster.require();
    String id = create(4);
    Cli.Run agent =
        Cli.sweep(
            "agent",
            id,
            "--store",
            database.url(),
            "--dir",
            dir.resolve("on-slurm").toString(),
            "--slurm",
            "partition=debug,time=5m,memory=100M,poll_interval=500ms,max_poll_interval=1s");
    assertThat(agent.code()).as(agent.toString()).isZero();
    assertThat(agent.out()).contains("ran 4 trials here, 4 completed");
    assertThat(listed(dir.resolve("on-slurm/slurm"))).as("array batches").isNotEmpty();
    assertThat(Files.readString(dir.resolve("on-slurm/sweep.yaml")))
        .contains("partition: \"debug\"");
  }

  @Test
  void trialsRunWhereTheAgentWasStarted_asAWandbAgentsProgramDoes() throws Exception {
    Path file = dir.resolve("pwd.yaml");
    Files.writeString(
        file,
        """
        name: pwd
        objective: {metric: loss, required: false}
        sampler: grid
        parameters:
          x: {choice: [1]}
        command: ["sh", "-c", "pwd > {_output}/cwd"]
        """);
    Cli.Run created = Cli.sweep("create", file.toString(), "--store", database.url());
    String id = created.out().trim();
    assertThat(
            Cli.sweep("agent", id, "--store", database.url(), "--dir", dir.resolve("a").toString())
                .code())
        .isZero();
    try (var trials = Files.list(dir.resolve("a/trials"))) {
      Path trial = trials.findFirst().orElseThrow();
      assertThat(Files.readString(trial.resolve("cwd")).strip())
          .isEqualTo(Path.of("").toAbsolutePath().toString());
    }
  }

  @Test
  void anUnknownIdOrNoStoreIsAUsageError() {
    Cli.Run unknown = Cli.sweep("agent", "nosuchid", "--store", database.url());
    assertThat(unknown.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(unknown.err()).contains("no sweep nosuchid");
    Cli.Run password =
        Cli.sweep("status", "x", "--store", "postgresql://sweep:secret@127.0.0.1/sweep");
    assertThat(password.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(password.err()).doesNotContain("secret");
  }

  /** The names in {@code dir}, the listing closed. */
  private static List<String> listed(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
