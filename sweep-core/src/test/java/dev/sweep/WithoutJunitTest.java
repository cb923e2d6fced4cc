package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * JUnit is for sweep-junit alone: a program with sweep-core and its dependencies, and no JUnit on
 * its class path, runs and embeds sweeps.
 */
class WithoutJunitTest {
  /** The program: a sweep run, then one started in the background. */
  public static final class Program {
    public static void main(String[] args) throws Exception {
      Space space = Space.builder().add("x", Floats.uniform(0, 1)).build();
      Population ran =
          Sweep.builder(space, trial -> Result.of(trial.config().getDouble("x")))
              .maxTrials(5)
              .build()
              .run();
      try (RunningSweep started =
          Sweep.builder(space, trial -> Result.of(1)).maxTrials(5).threads(2).build().start()) {
        System.out.println("ran " + ran.size() + ", started " + started.result().get().size());
      }
    }
  }

  private static Process run() throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.matches(".*(junit|opentest4j|apiguardian|jqwik|assertj).*"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                Program.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p;
  }

  @Test
  void sweepsRunAndEmbedWithNoJunitOnTheClassPath() throws Exception {
    Process p = run();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("ran 5, started 5");
  }
}
