package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} of W&amp;B sweeps whose programs are written as W&amp;B's documentation shows
 * ({@code wandb.init()}, {@code wandb.config}, {@code wandb.log}, {@code run.summary}, {@code
 * wandb.agent}): real Python imports Sweep's offline {@code wandb} module and the trials record
 * what W&amp;B would.
 */
class WandbShimRunTest {
  static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  @BeforeEach
  void python() {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing: these tests need it");
  }

  private Population run(String name, String program, String yaml, Objective objective)
      throws IOException {
    Files.writeString(dir.resolve(name + ".py"), program);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p = SweepFolder.population(dir.resolve(name), objective);
    assertThat(p.trials())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    return p;
  }

  private String log(String name, TrialRecord t, String file) throws IOException {
    return Files.readString(
        SweepFolder.trialDir(dir.resolve(name), t.id(), t.name()).resolve(file));
  }

  private static List<Long> steps(TrialRecord t, String metric) {
    return t.curve().stream()
        .filter(p -> p.metrics().containsKey(metric))
        .map(CurvePoint::step)
        .toList();
  }

  @Test
  void docsProgram_getsItsConfig_logsEachStep_andTheSummaryIsTheObjective() throws IOException {
    Population p =
        run(
            "docs",
            """
            import wandb

            run = wandb.init(project="my-project", config={"lr": 1.0, "epochs": 4})
            lr = wandb.config.lr
            best = None
            for epoch in range(wandb.config.epochs):
                loss = lr * (epoch - 2) ** 2 + 0.5   # best at epoch 2, then worse
                wandb.log({"loss": loss, "epoch": epoch})
                best = loss if best is None else min(best, loss)
            run.summary["best_loss"] = best
            wandb.finish()
            """,
            """
            program: docs.py
            method: grid
            metric: {name: best_loss, goal: minimize}
            parameters:
              lr: {values: [0.5, 0.25]}
            command: [/usr/bin/python3, "${program}", "${args}"]
            """,
            Objective.minimize("best_loss"));
    assertThat(p.trials()).hasSize(2);
    for (TrialRecord t : p.trials()) {
      double lr = ((Number) t.params().get("lr")).doubleValue();
      // the objective is the summary value W&B would rank by; loss its last logged value
      assertThat(t.metrics())
          .containsEntry("best_loss", 0.5)
          .containsEntry("loss", lr + 0.5)
          .containsEntry("epoch", 3.0);
      assertThat(steps(t, "loss")).containsExactly(0L, 1L, 2L, 3L); // W&B's _step
      assertThat(log("docs", t, "run.err")).isEmpty();
    }
    assertThat(p.best()).isPresent();
  }

  @Test
  void nestedParameters_areNestedDictsInConfig_asWandbGivesThem() throws IOException {
    Population p =
        run(
            "nested",
            """
            import wandb

            with wandb.init() as run:
                opt = wandb.config.optimizer          # a dict, as W&B gives a nested parameter
                assert isinstance(opt, dict) and set(opt) == {"lr", "name"}, opt
                assert wandb.config["optimizer"]["name"] == "adam"
                score = opt["lr"] * wandb.config.batch_size
                wandb.log({"score": score})
            """,
            """
            program: nested.py
            method: grid
            metric: {name: score, goal: maximize}
            parameters:
              batch_size: {values: [16, 32]}
              optimizer:
                parameters:
                  lr: {values: [0.1, 0.01]}
                  name: {value: adam}
            command: [/usr/bin/python3, "${program}"]
            """,
            Objective.maximize("score"));
    assertThat(p.trials()).hasSize(4);
    assertThat(p.trials())
        .allSatisfy(
            t -> {
              double lr = ((Number) t.params().get("optimizer.lr")).doubleValue();
              double batch = ((Number) t.params().get("batch_size")).doubleValue();
              assertThat(t.metrics().get("score")).isCloseTo(lr * batch, within());
            });
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void defineMetric_indexesValidationMetricsByTheirStepMetric_andAggregatesTheSummary()
      throws IOException {
    Population p =
        run(
            "defined",
            """
            import wandb

            run = wandb.init()
            wandb.define_metric("epoch")
            wandb.define_metric("val/*", step_metric="epoch")
            wandb.define_metric("val/acc", step_metric="epoch", summary="max")
            for epoch in range(1, 4):
                for batch in range(5):
                    wandb.log({"train/loss": 1.0 / (epoch * 5 + batch)})
                acc = [0.5, 0.9, 0.7][epoch - 1] * wandb.config.scale
                wandb.log({"val/acc": acc, "val/loss": 1 - acc, "epoch": epoch})
            wandb.finish()
            """,
            """
            program: defined.py
            method: grid
            metric: {name: val/acc, goal: maximize}
            parameters:
              scale: {values: [1.0]}
            command: [/usr/bin/python3, "${program}"]
            """,
            Objective.maximize("val/acc"));
    TrialRecord t = p.trials().get(0);
    assertThat(steps(t, "val/acc")).containsExactly(1L, 2L, 3L); // by epoch
    assertThat(steps(t, "val/loss")).containsExactly(1L, 2L, 3L);
    assertThat(steps(t, "train/loss")).hasSize(15).startsWith(0L, 1L, 2L, 3L, 4L, 6L); // _step
    assertThat(t.metrics().get("val/acc")).isEqualTo(0.9); // summary="max"
    assertThat(t.metrics().get("val/loss")).isCloseTo(0.3, within()); // the last value
  }

  @Test
  void knowItRunner_runsThroughWandbAgent_oncePerTrial() throws IOException {
    Population p =
        run(
            "knowit",
            """
            import os
            import wandb

            sweep_name = "my_sweep_name"
            project_name = "my_project_name"
            entity = "my_wb_username_or_team"

            sweep_config = {"name": sweep_name,
                            "method": "grid",
                            "metric": {"goal": "minimize", "name": "valid_loss"},
                            "parameters": {"dropout": {"values": [0.0, 0.5]},
                                           "learning_rate": {"values": [0.01, 0.1]}}}

            def runner():
                # initialize the new run with W&B
                run = wandb.init()
                # ensure that all the logged metrics are visualized as a function of epoch
                run.define_metric("*", step_metric="epoch")
                hp_dict = wandb.config.as_dict()
                run_name = ""
                for key in hp_dict:
                    run_name += f"{key}_{hp_dict[key]}-"
                run_name = run_name[:-1]
                run.name = run_name
                for epoch in range(1, 6):
                    valid_loss = hp_dict["dropout"] + hp_dict["learning_rate"] / epoch
                    wandb.log({"epoch": epoch, "train_loss": 2 * valid_loss, "valid_loss": valid_loss})
                with open(os.path.join(run.dir, "run_name.txt"), "w") as f:
                    f.write(run.name)

            sweep_id = wandb.sweep(sweep_config, project=project_name, entity=entity)
            wandb.agent(sweep_id=sweep_id, function=runner, count=10)
            """,
            """
            name: my_sweep_name
            program: knowit.py
            method: grid
            metric: {goal: minimize, name: valid_loss}
            parameters:
              dropout: {values: [0.0, 0.5]}
              learning_rate: {values: [0.01, 0.1]}
            command: [/usr/bin/python3, "${program}"]
            """,
            Objective.minimize("valid_loss"));
    assertThat(p.trials()).hasSize(4);
    for (TrialRecord t : p.trials()) {
      double dropout = ((Number) t.params().get("dropout")).doubleValue();
      double lr = ((Number) t.params().get("learning_rate")).doubleValue();
      assertThat(t.metrics().get("valid_loss")).isCloseTo(dropout + lr / 5, within());
      assertThat(steps(t, "valid_loss")).containsExactly(1L, 2L, 3L, 4L, 5L); // by epoch
      assertThat(log("knowit", t, "run_name.txt"))
          .isEqualTo("dropout_" + t.params().get("dropout") + "-learning_rate_" + lr);
    }
    TrialRecord best = p.best().orElseThrow();
    assertThat(best.params()).containsEntry("dropout", 0.0).containsEntry("learning_rate", 0.01);
  }

  @Test
  void unsupportedCalls_areAccepted_withOneWarning() throws IOException {
    Population p =
        run(
            "unsupported",
            """
            import wandb

            run = wandb.init(settings=wandb.Settings(start_method="thread"))
            wandb.login()
            wandb.watch(object(), log="all")
            table = wandb.Table(columns=["x", "y"])
            table.add_data(1, 2)
            wandb.log({"examples": table, "image": wandb.Image([[0]]), "loss": 0.25})
            artifact = wandb.Artifact("model", type="model")
            artifact.add_file("model.pt")
            run.log_artifact(artifact)
            wandb.save("*.pt")
            wandb.alert(title="done", text="done")
            wandb.finish()
            """,
            """
            program: unsupported.py
            method: grid
            metric: {name: loss}
            parameters:
              x: {value: 1}
            command: [/usr/bin/python3, "${program}"]
            """,
            Objective.minimize("loss"));
    TrialRecord t = p.trials().get(0);
    assertThat(t.metrics()).isEqualTo(Map.of("loss", 0.25));
    String err = log("unsupported", t, "run.err");
    assertThat(err.lines().toList()).singleElement().asString().contains("wandb.watch", "ignores");
  }

  private static final String PROBE =
      """
      import json, os
      try:
          import wandb
          shim = int(getattr(wandb, "SWEEP_SHIM", False))
      except ImportError:
          shim = 0
      open(os.environ["SWEEP_METRICS"], "a").write(json.dumps({"shim": shim}) + "\\n")
      """;

  @Test
  void aNativeSweep_getsTheModuleOnlyWhenItAsks_andAWandbSweepCanTurnItOff() throws IOException {
    String nativeSweep =
        """
        objective: {metric: shim, goal: maximize}
        sampler: grid
        parameters:
          x: {choice: [1]}
        command: /usr/bin/python3 %s.py
        """;
    assertThat(
            run("plain", PROBE, nativeSweep.formatted("plain"), Objective.maximize("shim"))
                .trials()
                .get(0)
                .metrics())
        .containsEntry("shim", 0.0);
    assertThat(
            run(
                    "asked",
                    PROBE,
                    nativeSweep.formatted("asked") + "wandb_shim: true\n",
                    Objective.maximize("shim"))
                .trials()
                .get(0)
                .metrics())
        .containsEntry("shim", 1.0);
    String wandbSweep =
        """
        program: %s.py
        method: grid
        metric: {name: shim}
        parameters:
          x: {value: 1}
        command: [/usr/bin/python3, "${program}"]
        """;
    assertThat(
            run("wb", PROBE, wandbSweep.formatted("wb"), Objective.maximize("shim"))
                .trials()
                .get(0)
                .metrics())
        .containsEntry("shim", 1.0);
    assertThat(
            run(
                    "real",
                    PROBE,
                    wandbSweep.formatted("real") + "sweep: {wandb_shim: false}\n",
                    Objective.maximize("shim"))
                .trials()
                .get(0)
                .metrics())
        .containsEntry("shim", 0.0);
  }
}
