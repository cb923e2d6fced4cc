package dev.sweep.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep with a snapshot runs the code as it was when the sweep started: an edit of the program
 * while it runs, or before a resume, changes nothing of its trials.
 */
class SnapshotTest {
  private static final Space SPACE = Space.builder().add("i", Ints.range(0, 1000)).build();

  @Test
  void anEditWhileTheSweepRunsDoesNotReachLaterTrials(@TempDir Path tmp) throws Exception {
    Path project = project(tmp);
    Path sweepDir = project.resolve("runs/s");
    Population population = sweep(project, sweepDir, 4, Snapshot.of()).build().run();

    assertThat(versions(population)).containsExactly(1.0, 1.0, 1.0, 1.0);
    assertThat(project.resolve("prog.sh")).content(UTF_8).startsWith("echo version 2");
    assertThat(sweepDir.resolve("code/prog.sh")).content(UTF_8).contains("version 1");
    // the sweep's own folder, inside the project, is not copied into itself
    assertThat(sweepDir.resolve("code/runs")).doesNotExist();
  }

  @Test
  void aResumeRunsTheSnapshotNotTheLiveTree(@TempDir Path tmp) throws Exception {
    Path project = project(tmp);
    Path sweepDir = tmp.resolve("sweeps/s");
    sweep(project, sweepDir, 2, Snapshot.of()).build().run();
    Files.writeString(project.resolve("prog.sh"), "echo version 9\n");

    Population resumed = sweep(project, sweepDir, 4, Snapshot.of()).build().run();

    assertThat(versions(resumed)).containsExactly(1.0, 1.0, 1.0, 1.0);
  }

  @Test
  void withoutASnapshotTrialsRunTheLiveTree(@TempDir Path tmp) throws Exception {
    Path project = project(tmp);
    Population population = sweep(project, tmp.resolve("s"), 3, null).build().run();

    assertThat(versions(population)).containsExactly(1.0, 2.0, 2.0);
  }

  @Test
  void inAGitWorkTreeTheTrackedFilesAreCopiedWithCommitAndUncommittedChanges(@TempDir Path tmp)
      throws Exception {
    Path project = project(tmp);
    Files.writeString(project.resolve(".gitignore"), "runs/\n");
    git(project, "init", "-q");
    git(project, "add", "prog.sh", "lib.sh", ".gitignore");
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "v1");
    Files.writeString(project.resolve("lib.sh"), "echo edited lib\n"); // uncommitted
    Files.writeString(project.resolve("notes.txt"), "untracked\n");
    Path sweepDir = project.resolve("runs/s");

    sweep(project, sweepDir, 1, Snapshot.of()).build().run();

    assertThat(sweepDir.resolve("code/lib.sh")).content(UTF_8).isEqualTo("echo edited lib\n");
    assertThat(sweepDir.resolve("code/notes.txt")).doesNotExist();
    assertThat(sweepDir.resolve("code/data")).doesNotExist(); // untracked too
    JsonNode record = new ObjectMapper().readTree(sweepDir.resolve("code.json").toFile());
    assertThat(record.get("commit").asText()).isEqualTo(git(project, "rev-parse", "HEAD").strip());
    assertThat(record.get("dirty").asBoolean()).isTrue();
    assertThat(record.get("untracked").asInt()).isEqualTo(2); // notes.txt and data/x.bin
    assertThat(sweepDir.resolve("code.patch")).content(UTF_8).contains("+echo edited lib");
  }

  @Test
  void linkedDataIsLinkedExcludedFilesAreLeftOutAndLinksAreNotFollowed(@TempDir Path tmp)
      throws Exception {
    Path project = project(tmp);
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not copied\n");
    Files.createSymbolicLink(project.resolve("elsewhere"), outside);
    Files.writeString(project.resolve("model.ckpt"), "big\n");
    Path sweepDir = tmp.resolve("s");

    sweep(
            project,
            sweepDir,
            1,
            Snapshot.builder().link("data").exclude("*.ckpt").git(false).build())
        .build()
        .run();

    Path code = sweepDir.resolve("code");
    assertThat(Files.isSymbolicLink(code.resolve("data"))).isTrue();
    assertThat(Files.readSymbolicLink(code.resolve("data"))).isEqualTo(project.resolve("data"));
    assertThat(code.resolve("model.ckpt")).doesNotExist();
    assertThat(Files.isSymbolicLink(code.resolve("elsewhere"))).isTrue(); // a link stays a link
    assertThat(code.resolve("prog.sh")).exists();
    JsonNode record = new ObjectMapper().readTree(sweepDir.resolve("code.json").toFile());
    assertThat(record.get("linked").get(0).asText()).isEqualTo("data");
    assertThat(record.get("files").asInt()).isEqualTo(3); // prog.sh, lib.sh, the link elsewhere
  }

  @Test
  void trialsRunInTheCopyOfAWorkingDirectoryBelowTheSource(@TempDir Path tmp) throws Exception {
    Path project = project(tmp);
    Path sub = Files.createDirectories(project.resolve("sub"));
    Files.writeString(sub.resolve("here.sh"), "echo version 7\n");
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("run", "sh here.sh")
            .workingDirectory(sub)
            .parse("version", Pattern.compile("version (\\d+)"))
            .snapshot(Snapshot.builder().source(project).build())
            .build();

    Population p =
        Sweep.builder(SPACE, runner)
            .objective(Objective.minimize("version"))
            .maxTrials(1)
            .directory(tmp.resolve("s"))
            .build()
            .run();

    assertThat(versions(p)).containsExactly(7.0);
    assertThat(tmp.resolve("s/code/sub/here.sh")).exists();
  }

  @Test
  void aWorkingDirectoryOutsideTheSourceIsRefused(@TempDir Path tmp) {
    assertThatThrownBy(
            () ->
                ProcessRunner.builder()
                    .step("run", "true")
                    .workingDirectory(tmp.resolve("elsewhere"))
                    .snapshot(Snapshot.builder().source(tmp.resolve("project")).build())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not in the snapshot's source");
  }

  @Test
  void globsAreChecked() {
    assertThatThrownBy(() -> Snapshot.builder().exclude("/abs"))
        .hasMessageContaining("exclude glob '/abs' is not a relative glob");
    assertThatThrownBy(() -> Snapshot.builder().link("data["))
        .hasMessageContaining("link glob 'data['");
  }

  // -- helpers --

  private static Path project(Path tmp) throws IOException {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("prog.sh"), program(1));
    Files.writeString(project.resolve("lib.sh"), "echo lib\n");
    Files.createDirectories(project.resolve("data"));
    Files.writeString(project.resolve("data/x.bin"), "data\n");
    return project;
  }

  /**
   * Prints its version and, as a person editing the program mid-sweep would, makes the live one the
   * next.
   */
  private static String program(int version) {
    return "echo version "
        + version
        + "\nprintf 'echo version "
        + (version + 1)
        + "\\n' > \"$LIVE\"\n";
  }

  private static Sweep.Builder sweep(Path project, Path dir, int trials, Snapshot snapshot) {
    ProcessRunner.Builder runner =
        ProcessRunner.builder()
            .step("run", "sh prog.sh")
            .env("LIVE", project.resolve("prog.sh").toString())
            .workingDirectory(project)
            .parse("version", Pattern.compile("version (\\d+)"));
    if (snapshot != null) {
      runner.snapshot(snapshot);
    }
    return Sweep.builder(SPACE, runner.build())
        .name("s")
        .objective(Objective.minimize("version"))
        .maxTrials(trials)
        .threads(1)
        .directory(dir);
  }

  private static List<Double> versions(Population p) {
    return p.trials().stream().map(r -> r.metric("version").orElse(Double.NaN)).toList();
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
