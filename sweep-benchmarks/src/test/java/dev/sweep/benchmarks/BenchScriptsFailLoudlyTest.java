package dev.sweep.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The scripts in bench/ fail loudly (issue 29, point 4): bench/test-fail-loudly.sh gives their
 * checks a missing, empty or incomplete side, a side that fails and one that hangs, and wants a
 * non-zero exit and a message naming the side and its file from each; and exit 0 from a complete
 * result. No cluster, database or build: a fake {@code java} stands in for JMH. A few seconds.
 */
@EnabledOnOs(OS.LINUX)
class BenchScriptsFailLoudlyTest {
  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("bench").resolve("test-fail-loudly.sh");

  @Test
  void everyCheckFailsLoudly() throws IOException, InterruptedException {
    assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " is missing");
    Path log = Files.createTempFile("bench-fail-loudly", ".log");
    try {
      Process p =
          new ProcessBuilder("bash", SCRIPT.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(
            SCRIPT + " did not end within 3 minutes:\n" + Files.readString(log));
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      System.out.print(out);
      assertEquals(0, p.exitValue(), "bench/test-fail-loudly.sh failed:\n" + out);
      assertTrue(out.contains(" 0 failed"), out);
      assertTrue(
          out.contains("ok    slurm-submit.sh: the run hangs"),
          "slurm-submit.sh's time limit was not checked:\n" + out);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
