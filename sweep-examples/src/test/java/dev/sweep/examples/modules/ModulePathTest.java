package dev.sweep.examples.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libraries' module descriptors hold for a program on the module path: a module that requires
 * {@code dev.sweep.core}, {@code dev.sweep.samplers} and {@code dev.sweep.process} compiles and
 * runs a sweep with TPE and a process runner, and one that reaches into {@code dev.sweep.internal}
 * does not compile. The modules are this build's own classes and its dependencies' jars.
 */
class ModulePathTest {
  private static String modulePath;

  @BeforeAll
  static void modulePath() {
    // this build's modules and their dependencies; test libraries stay out
    modulePath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                e ->
                    !e.contains("test-classes")
                        && !e.matches(
                            ".*(junit|opentest4j|apiguardian|jqwik|assertj|byte-buddy).*"))
            .filter(e -> !e.contains("sweep-examples"))
            .collect(Collectors.joining(File.pathSeparator));
  }

  private static Path module(
      Path root, String name, String descriptor, String mainClass, String main) throws IOException {
    Path src = root.resolve("src").resolve(name);
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"), descriptor);
    Files.writeString(src.resolve("app").resolve(mainClass + ".java"), main);
    return src;
  }

  private static int javac(Path src, Path out, ByteArrayOutputStream errors) throws IOException {
    List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", out.toString()));
    try (var files = Files.walk(src)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    return ToolProvider.getSystemJavaCompiler()
        .run(
            null,
            null,
            new PrintStream(errors, true, StandardCharsets.UTF_8),
            args.toArray(String[]::new));
  }

  @Test
  void aModularProgramRunsASweepWithTheLibrariesOnTheModulePath(@TempDir Path dir)
      throws Exception {
    Path src =
        module(
            dir,
            "app",
            """
        module app {
          requires dev.sweep.core;
          requires dev.sweep.samplers;
          requires dev.sweep.process;
        }
        """,
            "Main",
            """
        package app;

        import dev.sweep.Result;
        import dev.sweep.Sweep;
        import dev.sweep.population.Population;
        import dev.sweep.process.ProcessRunner;
        import dev.sweep.sampler.search.SearchSamplers;
        import dev.sweep.space.Floats;
        import dev.sweep.space.Space;
        import java.nio.file.Path;

        public class Main {
          public static void main(String[] args) {
            Space space = Space.builder().add("x", Floats.uniform(0, 1)).build();
            Population inJvm = Sweep.builder(space, t -> Result.of((t.config().getDouble("x") - 0.3) * (t.config().getDouble("x") - 0.3)))
                .sampler(SearchSamplers.tpe(1)).maxTrials(15).build().run();
            Population processes = Sweep.builder(space, ProcessRunner.of("sh " + args[1] + " {x}"))
                .directory(Path.of(args[0])).maxTrials(3).threads(2).build().run();
            System.out.println("tpe " + inJvm.size() + ", processes " + processes.statusCounts());
          }
        }
        """);
    Path out = dir.resolve("out");
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    assertThat(javac(src, out, errors)).as(errors.toString(StandardCharsets.UTF_8)).isZero();

    Path script =
        Files.writeString(
            dir.resolve("trial.sh"), "printf '{\"value\": %s}\\n' \"$1\" >> \"$SWEEP_METRICS\"\n");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                modulePath + File.pathSeparator + out,
                "--module",
                "app/app.Main",
                dir.resolve("sweep").toString(),
                script.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("tpe 15, processes {PENDING=0, RUNNING=0, COMPLETED=3, FAILED=0");
  }

  @Test
  void theInternalPackagesAreNotForUsers(@TempDir Path dir) throws Exception {
    Path src =
        module(
            dir,
            "app",
            "module app { requires dev.sweep.core; }\n",
            "Reach",
            """
        package app;

        public class Reach {
          public static void main(String[] args) {
            System.out.println(dev.sweep.internal.Json.write(java.util.Map.of("a", 1)));
          }
        }
        """);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    assertThat(javac(src, dir.resolve("out"), errors)).isNotZero();
    assertThat(errors.toString(StandardCharsets.UTF_8))
        .contains("package dev.sweep.internal is not visible");
  }
}
