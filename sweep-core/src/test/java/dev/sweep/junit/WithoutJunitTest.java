package dev.sweep.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
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
 * junit-jupiter-api is optional: a program with sweep-core and its other dependencies, and no
 * JUnit on its class path, runs and embeds sweeps; only {@link SweepTest} needs JUnit.
 */
class WithoutJunitTest {
  /** The program: a sweep run, one started in the background, then (if asked) a SweepTest. */
  public static final class Program {
    public static void main(String[] args) throws Exception {
      Space space = Space.builder().add("x", Floats.uniform(0, 1)).build();
      Population ran = Sweep.builder(space, trial -> Result.of(trial.config().getDouble("x"))).maxTrials(5).build().run();
      try (RunningSweep started = Sweep.builder(space, trial -> Result.of(1)).maxTrials(5).threads(2).build().start()) {
        System.out.println("ran " + ran.size() + ", started " + started.result().get().size());
      }
      if (args.length > 0) {
        SweepTest.of(Sweep.builder(space, trial -> Result.of(1)).maxTrials(1));
      }
    }
  }

  private static Process run(String... args) throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.matches(".*(junit|opentest4j|apiguardian|jqwik|assertj).*"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath, Program.class.getName()));
    command.addAll(List.of(args));
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

  @Test
  void onlySweepTestNeedsJunit() throws Exception {
    Process p = run("sweep-test");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isNotZero();
    assertThat(out).contains("ran 5, started 5", "NoClassDefFoundError", "org/junit/jupiter/api");
  }
}
