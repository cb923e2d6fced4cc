package dev.sweep.process;

import static dev.sweep.process.Programs.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sweep.Result;
import dev.sweep.config.Config;
import dev.sweep.trial.CurvePoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessRunner.Builder#wandbShim}: a W&amp;B program, run by real Python, offline. */
class WandbShimTest {
  @TempDir Path tmp;

  @BeforeEach
  void python() {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing: these tests need it");
  }

  @Test
  void wandbProgram_getsTheConfig_logsWandbSteps_andItsSummaryIsTheResult() throws Exception {
    String script =
        Programs.write(
            tmp,
            "train.py",
            """
            import os, wandb
            run = wandb.init(project="p", config={"lr": 9.0, "epochs": 3})
            assert wandb.config.lr == 0.5 and run.config["optim"]["name"] == "sgd", wandb.config
            assert wandb.config.epochs == 3
            assert os.environ["WANDB_MODE"] == "offline" and run.id == "7" and run.dir == os.environ["SWEEP_TRIAL_DIR"]
            for epoch in range(wandb.config.epochs):
                wandb.log({"loss": wandb.config.lr / (epoch + 1)})
            wandb.log({"acc": 0.5}, commit=False)
            wandb.log({"acc": 0.75}, step=10)
            run.summary["best"] = 0.125
            wandb.finish()
            """);
    TestTrial trial =
        new TestTrial(
            7, Config.fromJson("{\"lr\": 0.5, \"optim\": {\"name\": \"sgd\"}}"), tmp.resolve("t"));
    ProcessRunner runner =
        ProcessRunner.builder().step("train", PYTHON + " " + script).wandbShim(true).build();

    Result result = runner.run(trial);

    assertThat(Files.readString(tmp.resolve("t/train.err"))).isEmpty();
    assertThat(result.metrics()).isEqualTo(Map.of("loss", 0.5 / 3, "acc", 0.75, "best", 0.125));
    assertThat(trial.curve())
        .containsExactly(
            new CurvePoint(0, Map.of("loss", 0.5)),
            new CurvePoint(1, Map.of("loss", 0.25)),
            new CurvePoint(2, Map.of("loss", 0.5 / 3)),
            new CurvePoint(3, Map.of("acc", 0.5)),
            new CurvePoint(10, Map.of("acc", 0.75)));
  }

  @Test
  void withoutTheOption_thereIsNoWandbModule() throws Exception {
    String script =
        Programs.write(
            tmp,
            "probe.py",
            """
            import json, os
            try:
                import wandb
                shim = getattr(wandb, "SWEEP_SHIM", False)
            except ImportError:
                shim = False
            open(os.environ["SWEEP_METRICS"], "a").write(json.dumps({"shim": int(shim)}) + "\\n")
            """);
    ProcessRunner plain = ProcessRunner.builder().step("run", PYTHON + " " + script).build();
    assertThat(plain.run(new TestTrial(1, Config.empty(), tmp.resolve("a"))).metrics())
        .isEqualTo(Map.of("shim", 0.0));
    assertThat(tmp.resolve("a/.wandb-shim")).doesNotExist();
    ProcessRunner shim = plain.toBuilder().wandbShim(true).build();
    assertThat(shim.run(new TestTrial(2, Config.empty(), tmp.resolve("b"))).metrics())
        .isEqualTo(Map.of("shim", 1.0));
  }

  @Test
  void plan_writesTheModule_andPutsItFirstOnThePythonPath() throws Exception {
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("run", "true")
            .env("PYTHONPATH", "/opt/lib")
            .env("WANDB_MODE", "disabled")
            .wandbShim(true)
            .build();
    TestTrial trial = new TestTrial(3, Config.empty(), tmp.resolve("sw/trials/3-x"));
    Path dir = trial.workDir().toAbsolutePath();

    Map<String, String> env = runner.plan(trial).environment();

    assertThat(dir.resolve(".wandb-shim/wandb/__init__.py")).isRegularFile();
    assertThat(env)
        .containsEntry("PYTHONPATH", dir.resolve(".wandb-shim") + ":/opt/lib")
        .containsEntry("WANDB_MODE", "disabled")
        .containsEntry("WANDB_DIR", dir.toString())
        .containsEntry("WANDB_RUN_ID", "3")
        .containsEntry("WANDB_SWEEP_ID", "sw");
    assertThat(List.copyOf(env.keySet())).contains("WANDB_NAME");
  }
}
