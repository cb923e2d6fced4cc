package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial's folder copied or linked out of a real sweep folder: each trial writes a checkpoint, a
 * log in a subfolder, a link to its checkpoint and a link to a secret file outside its folder.
 */
class TrialCopyTest {
  @TempDir Path dir;
  private Path sweepDir;
  private Path secret;
  private Population population;

  @BeforeEach
  void runSweep() throws IOException {
    sweepDir = dir.resolve("sweep");
    secret = Files.writeString(dir.resolve("secret.txt"), "not the trial's");
    Space space = Space.builder().add("x", Ints.range(0, 2)).build();
    population =
        Sweep.builder(
                space,
                t -> {
                  Path work = t.workDir();
                  int x = t.config().getInt("x");
                  Files.writeString(work.resolve("model.ckpt"), "weights of x=" + x);
                  Files.createDirectories(work.resolve("logs"));
                  Files.writeString(work.resolve("logs/train.log"), "epoch 1\n");
                  Files.createSymbolicLink(work.resolve("latest.ckpt"), Path.of("model.ckpt"));
                  Files.createSymbolicLink(work.resolve("secret"), secret);
                  Files.createSymbolicLink(work.resolve("up"), Path.of("../.."));
                  return Result.of("error", Math.abs(x - 1), "accuracy", x);
                })
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(sweepDir)
            .build()
            .run();
  }

  private TrialRecord best() {
    return population.best().orElseThrow();
  }

  @Test
  void copy_copiesRegularFilesAndInsideLinks_skipsLinksOutOfTheFolder() throws IOException {
    Path to = dir.resolve("best");
    TrialCopy copy = TrialCopy.copy(sweepDir, best(), to);

    assertThat(best().params()).containsEntry("x", 1L);
    assertThat(Files.readString(to.resolve("model.ckpt"))).isEqualTo("weights of x=1");
    assertThat(Files.readString(to.resolve("logs/train.log"))).isEqualTo("epoch 1\n");
    assertThat(Files.readSymbolicLink(to.resolve("latest.ckpt"))).isEqualTo(Path.of("model.ckpt"));
    assertThat(to.resolve("secret")).doesNotExist();
    assertThat(to.resolve("up")).doesNotExist();
    assertThat(to.resolve("config.json")).isRegularFile();
    assertThat(copy.files()).isEqualTo(fileCount(to));
    assertThat(copy.bytes()).isEqualTo(byteCount(to));
    assertThat(copy.skipped()).containsExactlyInAnyOrder("secret", "up");
    assertThat(copy.toString())
        .isEqualTo(
            "copied "
                + copy.files()
                + " files ("
                + copy.bytes()
                + " bytes) from "
                + SweepFolder.trialDir(sweepDir, best().id(), best().name()).toAbsolutePath()
                + " to "
                + to
                + "; skipped (links out of the trial's folder, never followed): "
                + String.join(", ", copy.skipped()));
    assertThat(siblings()).containsExactlyInAnyOrder("best", "secret.txt", "sweep");
  }

  @Test
  void copy_intoAnEmptyFolder_fillsIt() throws IOException {
    Path to = Files.createDirectory(dir.resolve("best"));
    TrialCopy.copy(sweepDir, best(), to);
    assertThat(to.resolve("model.ckpt")).hasContent("weights of x=1");
  }

  @Test
  void copy_refusesAFolderThatIsNotEmpty_andLeavesItAsItWas() throws IOException {
    Path to = Files.createDirectory(dir.resolve("best"));
    Files.writeString(to.resolve("mine.txt"), "keep me");

    assertThatThrownBy(() -> TrialCopy.copy(sweepDir, best(), to))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessage(to + ": is a folder that is not empty; copy the trial elsewhere or empty it");
    try (Stream<Path> left = Files.list(to)) {
      assertThat(left).containsExactly(to.resolve("mine.txt"));
    }
    assertThat(siblings()).containsExactlyInAnyOrder("best", "secret.txt", "sweep");
  }

  @Test
  void copy_refusesALinkAsDestination_withoutWritingThroughIt() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path to = Files.createSymbolicLink(dir.resolve("best"), elsewhere);
    assertThatThrownBy(() -> TrialCopy.copy(sweepDir, best(), to))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessage(to + ": is a link; not followed, not replaced");
    try (Stream<Path> left = Files.list(elsewhere)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void link_pointsAtTheTrialsFolder_andRefusesAnExistingPath() throws IOException {
    Path to = dir.resolve("best");
    TrialCopy link = TrialCopy.link(sweepDir, best(), to);

    Path trial = SweepFolder.trialDir(sweepDir, best().id(), best().name()).toAbsolutePath();
    assertThat(Files.readSymbolicLink(to)).isEqualTo(trial);
    assertThat(link.linked()).isTrue();
    assertThat(link.toString()).isEqualTo("linked " + to + " -> " + trial);
    assertThatThrownBy(() -> TrialCopy.link(sweepDir, best(), to))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessage(to + ": exists; a link is made only where nothing is");
  }

  @Test
  void bestByAnotherMetricAndGoal_picksAnotherTrial() throws IOException {
    TrialRecord mostAccurate =
        SweepFolder.population(sweepDir, Objective.maximize("accuracy")).best().orElseThrow();
    TrialCopy.copy(sweepDir, mostAccurate, dir.resolve("accurate"));
    assertThat(dir.resolve("accurate/model.ckpt")).hasContent("weights of x=2");
  }

  @Test
  void aTrialFolderThatIsALink_isRefused() throws IOException {
    TrialRecord t = best();
    Path folder = SweepFolder.trialDir(sweepDir, t.id(), t.name());
    Path moved = Files.move(folder, dir.resolve("moved"));
    Files.createSymbolicLink(folder, moved);
    assertThatThrownBy(() -> TrialCopy.copy(sweepDir, t, dir.resolve("best")))
        .isInstanceOf(IOException.class)
        .hasMessage(folder.toAbsolutePath() + ": trial 1's folder is a link; not followed");
    assertThat(dir.resolve("best")).doesNotExist();
  }

  @Test
  void folder_isTheTrialsFolderRelativeToTheSweepFolder() {
    for (TrialRecord t : population.trials()) {
      assertThat(sweepDir.resolve(t.folder()))
          .isEqualTo(SweepFolder.trialDir(sweepDir, t.id(), t.name()))
          .isDirectory();
    }
  }

  private List<String> siblings() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static long fileCount(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .count();
    }
  }

  private static long byteCount(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          total += Files.size(p);
        }
      }
    }
    return total;
  }
}
