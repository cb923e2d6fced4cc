package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Coupled;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.CurvePoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a sweep folder puts its trials, and which parameters its tree of links covers. */
class SweepFolderTest {
  @Test
  void trialFolders_areTheIdInSixDigits_thenTheReadableName() {
    Path dir = Path.of("/runs/lr");
    assertThat(SweepFolder.trialDir(dir, 7, "lr=0.1"))
        .isEqualTo(Path.of("/runs/lr/trials/000007-lr=0.1"));
    assertThat(SweepFolder.trialDir(dir, 0, "a=1"))
        .isEqualTo(Path.of("/runs/lr/trials/000000-a=1"));
    assertThat(SweepFolder.trialDir(dir, 123456, "a=1"))
        .isEqualTo(Path.of("/runs/lr/trials/123456-a=1"));
    assertThat(SweepFolder.trialDir(dir, 12345678, "a=1"))
        .isEqualTo(Path.of("/runs/lr/trials/12345678-a=1"));
  }

  @Test
  void tree_coversParametersOfAtMostAHundredValues_overEveryBranch() {
    Space space =
        Space.builder()
            .add("optim.name", Choices.of("sgd", "adam"))
            .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
            .add("optim.wd", Floats.logUniform(1e-5, 1e-3).grid(1e-5, 1e-4, 1e-3))
            .add("seed", Ints.range(0, 99))
            .add("step", Ints.range(0, 100))
            .add(
                "model",
                Branches.of(
                    "cnn", Space.builder().add("depth", Ints.range(1, 8)).build(),
                    "mlp", Space.builder().add("dropout", Floats.uniform(0, 0.5)).build()))
            .add(
                Coupled.of(
                    Map.of("data.res", 32, "data.batch", 256),
                    Map.of("data.res", 64, "data.batch", 128)))
            .build();

    assertThat(SweepFolder.treeParameters(space))
        .containsExactlyInAnyOrder(
            "optim.name",
            "optim.wd",
            "seed",
            "model.type",
            "model.depth",
            "data.res",
            "data.batch");
  }

  @Test
  void linkTrial_linksOnlyTheTreesParameters(@TempDir Path dir) throws Exception {
    SweepFolder.linkTrial(dir, 7, "a=1,b=0.5", Map.of("a", 1L, "b", 0.5), Set.of("a"));

    Path link = dir.resolve("tree/a/1/000007-a=1,b=0.5");
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../../../trials/000007-a=1,b=0.5"));
    assertThat(dir.resolve("tree/b")).doesNotExist();
  }

  @Test
  void reported_isHeldWhileAnAttemptIsYoung_thenALineAPoint_aRetryStartsAfresh_noLinkFollowed(
      @TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("sweep");
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    try (SweepFolder folder = SweepFolder.open(dir, Map.of("trials", 2))) {
      folder.created(0, "a=1", Map.of("a", 1), Config.of(Map.of("a", 1)));
      folder.created(1, "a=2", Map.of("a", 2), Config.of(Map.of("a", 2)));
      Files.createSymbolicLink(SweepFolder.trialDir(dir, 1, "a=2"), elsewhere);
      Path trial = SweepFolder.trialDir(dir, 0, "a=1");
      Path file = trial.resolve(SweepFolder.REPORTED);

      folder.started(0, 1);
      folder.reported(0, 1, new CurvePoint(1, Map.of("loss", 0.9)));
      folder.reported(0, 1, new CurvePoint(2, Map.of("loss", Double.NaN)));
      assertThat(trial).as("a trial that may yet end at once makes no folder").doesNotExist();
      // then it keeps running, reporting nothing more: what it reported shows all the same
      awaitLines(file, "{\"step\":1,\"loss\":0.9}", "{\"step\":2,\"loss\":null}");
      folder.reported(0, 1, new CurvePoint(3, Map.of("loss", 0.5)));
      assertThat(Files.readAllLines(file)).as("once open, written at each report").hasSize(3);

      folder.started(0, 2);
      folder.reported(0, 2, new CurvePoint(1, Map.of("loss", 0.8)));
      awaitLines(file, "{\"step\":1,\"loss\":0.8}"); // a retry's points only

      folder.started(1, 1);
      folder.reported(1, 1, new CurvePoint(1, Map.of("loss", 0.7)));
      Thread.sleep(3 * SweepFolder.REPORT_HOLD_NANOS / 1_000_000); // past the hold, and a flush
      try (var inside = Files.list(elsewhere)) {
        assertThat(inside).as("a trial folder that is a link is not written through").isEmpty();
      }
    }
  }

  /** Waits (10 s at most) until {@code file} holds exactly {@code lines}. */
  private static void awaitLines(Path file, String... lines) throws Exception {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!(Files.exists(file) && Files.readAllLines(file).equals(java.util.List.of(lines)))) {
      assertThat(System.nanoTime())
          .as(file + " never held " + String.join(", ", lines))
          .isLessThan(end);
      Thread.sleep(20);
    }
  }
}
