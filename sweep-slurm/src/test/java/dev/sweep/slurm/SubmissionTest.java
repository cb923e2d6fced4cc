package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Trials go out as job arrays on a real cluster; values from configs never escape their argument.
 */
class SubmissionTest extends ClusterTest {
  static final String PYTHON = "/usr/bin/python3";

  /**
   * Writes its arguments to argv.json in the trial folder, reports a metric, exits with the code it
   * is given.
   */
  static final String ECHO =
      """
          import json, os, sys
          d = os.environ['SWEEP_TRIAL_DIR']
          json.dump(sys.argv[1:], open(os.path.join(d, 'argv.json'), 'w'))
          code = int(sys.argv[2])
          if code:
              print('cannot train: code', code, file=sys.stderr)
              sys.exit(code)
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps({'error': len(sys.argv[1]) / 100}) + '\\n')
          """;

  @Test
  void hostileValues_reachTheProgramAsOneArgumentEach_andRunNothing_inOneArray() throws Exception {
    List<String> hostile =
        List.of(
            "plain",
            "$(touch pwned-1)",
            "; touch pwned-2",
            "`touch pwned-3`",
            "it's \"quoted\" \\ back",
            "two\nlines",
            "--x=1 && touch pwned-4 | cat > pwned-5",
            "*",
            "$HOME ${PATH}");
    Space space =
        Space.builder()
            .add("v", Choices.of(hostile.toArray()))
            .add("code", Choices.of(0, 3))
            .build();
    Path bin = Cluster.countingCommands(tmp);
    Path script = Files.writeString(tmp.resolve("echo.py"), ECHO);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(
                ProcessRunner.builder()
                    .step("run", PYTHON + " " + script + " {v} {code}")
                    .workingDirectory(tmp)
                    .build())
            .commands(bin)
            .partition("debug")
            .time(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(2))
            .build();

    Population population =
        Sweep.builder(space, runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .threads(100)
            .build()
            .run();

    assertThat(population.size()).isEqualTo(2 * hostile.size());
    ObjectMapper json = new ObjectMapper();
    for (TrialRecord t : population.trials()) {
      Path dir = tmp.resolve("sweep/trials").resolve(String.format("%06d-%s", t.id(), t.name()));
      List<Object> argv =
          json.readValue(
              dir.resolve("argv.json").toFile(),
              new com.fasterxml.jackson.core.type.TypeReference<List<Object>>() {});
      assertThat(argv)
          .containsExactly(
              (Object) t.config().getString("v"), Integer.toString(t.config().getInt("code")));
      assertThat(dir.resolve(JobScript.JOB_LOG)).exists();
      if (t.config().getInt("code") == 0) {
        assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
        assertThat(t.metrics().get("error")).isEqualTo(t.config().getString("v").length() / 100.0);
      } else {
        assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(t.failure().orElseThrow())
            .contains("step 'run' exited with code 3", "cannot train: code 3");
      }
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("pwned"))).isEmpty();
    }
    assertThat(Cluster.calls(bin, "sbatch")).hasSize(1);
  }

  @Test
  void oneRunner_servesTwoSweepsAtOnce_eachWithArraysOfItsOwn() throws Exception {
    Path script = Files.writeString(tmp.resolve("echo.py"), ECHO);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(
                ProcessRunner.builder()
                    .step("run", PYTHON + " " + script + " {v} 0")
                    .workingDirectory(tmp)
                    .build())
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(1))
            .build();
    List<java.util.concurrent.CompletableFuture<Population>> runs = new java.util.ArrayList<>();
    for (String name : List.of("a", "b")) {
      Sweep sweep =
          Sweep.builder(Space.builder().add("v", Choices.of("x", "yy", "zzz")).build(), runner)
              .objective(Objective.minimize("error"))
              .sampler(Samplers.grid())
              .directory(tmp.resolve(name))
              .threads(3)
              .build();
      runs.add(java.util.concurrent.CompletableFuture.supplyAsync(sweep::run));
    }
    for (int i = 0; i < 2; i++) {
      Population population = runs.get(i).get(2, java.util.concurrent.TimeUnit.MINUTES);
      assertThat(population.statusCounts().get(TrialStatus.COMPLETED)).isEqualTo(3);
      Path slurm = tmp.resolve(i == 0 ? "a" : "b").resolve(SlurmRunner.FOLDER);
      try (Stream<Path> batches = Files.list(slurm)) {
        for (Path batch : batches.toList()) {
          try (Stream<Path> links = Files.list(batch.resolve("tasks"))) {
            // Each task's link leads into its own sweep's trial folders.
            List<String> targets =
                links
                    .map(
                        l -> {
                          try {
                            return l.toRealPath().toString();
                          } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                          }
                        })
                    .toList();
            String trials = slurm.getParent().toRealPath() + "/trials/";
            assertThat(targets).isNotEmpty().allMatch(t -> t.startsWith(trials));
          }
        }
      }
    }
  }
}
