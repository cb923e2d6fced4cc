package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep best} on a sweep of real processes: each trial writes a checkpoint named after its
 * x, a link to it, and a link to a file outside its folder.
 */
class BestCommandTest {
  private static final String SPEC =
      """
      name: best
      objective: {metric: error}
      sampler: {type: grid}
      parameters:
        x: {choice: [1, 2, 3]}
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, os, sys; x = int(sys.argv[1]); d = os.environ['SWEEP_TRIAL_DIR'];
          open(os.path.join(d, 'model.ckpt'), 'w').write('x=%%d' %% x);
          os.symlink('model.ckpt', os.path.join(d, 'latest.ckpt'));
          os.symlink('%s', os.path.join(d, 'secret'));
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=abs(x - 2), accuracy=x)) + chr(10))
        - "{x}"
      """;

  @TempDir Path dir;
  private Path folder;

  @BeforeEach
  void runSweep() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "not the trial's");
    Path file = dir.resolve("best.yaml");
    Files.writeString(file, SPEC.formatted(secret));
    Cli.Run run = sweep("run", "--quiet", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    folder = dir.resolve("best");
  }

  @Test
  void best_printsTheBestTrialAndItsFolder() {
    Cli.Run best = sweep("best", folder.toString());
    assertThat(best.code()).as(best.toString()).isZero();
    assertThat(best.out())
        .isEqualTo(
            "best: trial 1 error=0 (x=2)\n  folder: " + folder.resolve("trials/000001-x=2") + "\n");
  }

  @Test
  void copyTo_copiesTheFolder_withoutTheLinkOutOfIt() throws IOException {
    Path to = dir.resolve("model");
    Cli.Run best = sweep("best", folder.toString(), "--copy-to", to.toString());

    assertThat(best.code()).as(best.toString()).isZero();
    assertThat(to.resolve("model.ckpt")).hasContent("x=2");
    assertThat(Files.readSymbolicLink(to.resolve("latest.ckpt"))).isEqualTo(Path.of("model.ckpt"));
    assertThat(to.resolve("secret")).doesNotExist();
    assertThat(best.out())
        .contains("  copied ")
        .contains(
            " to " + to + "; skipped (links out of the trial's folder, never followed): secret\n");
  }

  @Test
  void copyTo_aFolderThatIsNotEmpty_isRefused() throws IOException {
    Path to = Files.createDirectory(dir.resolve("model"));
    Files.writeString(to.resolve("mine"), "keep");
    Cli.Run best = sweep("best", folder.toString(), "--copy-to", to.toString());
    assertThat(best.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(best.err())
        .isEqualTo(
            "sweep best: "
                + to
                + ": is a folder that is not empty; copy the trial elsewhere or empty it\n");
  }

  @Test
  void linkTo_makesALink() throws IOException {
    Path to = dir.resolve("model");
    Cli.Run best = sweep("best", folder.toString(), "--link-to", to.toString());
    assertThat(best.code()).as(best.toString()).isZero();
    assertThat(Files.readSymbolicLink(to))
        .isEqualTo(folder.resolve("trials/000001-x=2").toAbsolutePath());
  }

  @Test
  void metricAndGoal_chooseAnotherTrial() {
    Cli.Run most = sweep("best", folder.toString(), "--metric", "accuracy", "--maximize");
    assertThat(most.out()).startsWith("best: trial 2 accuracy=3 (x=3)\n");
    Cli.Run least = sweep("best", folder.toString(), "--metric", "accuracy");
    assertThat(least.out()).startsWith("best: trial 0 accuracy=1 (x=1)\n");
  }

  @Test
  void aMetricNoTrialHas_isSaid() {
    Cli.Run none = sweep("best", folder.toString(), "--metric", "loss");
    assertThat(none.code()).isEqualTo(SweepCommand.TRIALS_FAILED);
    assertThat(none.err())
        .isEqualTo(
            "sweep best: no completed trial of 3 has the metric 'loss'; nothing to show or copy\n");
  }
}
